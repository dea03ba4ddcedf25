using System.Text.Json.Nodes;
using CustomerioTrack.Tools.Tests.Support;

namespace CustomerioTrack.Tools.Tests;

/// <summary>Track limits (issue 5 §3): checked before sending, each rejection names the field, the limit and the fix.</summary>
public sealed class LimitsTests
{
    private static string Ascii(int bytes, char c = 'a') => new(c, bytes);

    private static string Call(string mode, JsonObject arguments)
    {
        arguments["mode"] = mode;
        return arguments.ToJsonString();
    }

    private static string Execute(JsonObject arguments) => Call("execute", arguments);

    private static string Identify(JsonObject body) => Execute(new JsonObject { ["person_identifier"] = "42", ["request_body"] = body });

    private static string Track(JsonObject body) => Execute(new JsonObject { ["customer_identifier"] = "42", ["request_body"] = body });

    private static string Anonymous(JsonObject body) => Execute(new JsonObject { ["request_body"] = body });

    private static string Entity(JsonObject body) => Execute(new JsonObject { ["request_body"] = body });

    private static string Batch(params JsonObject[] items) =>
        Execute(new JsonObject { ["request_body"] = new JsonObject { ["batch"] = new JsonArray(items.Select(i => (JsonNode?)i).ToArray()) } });

    private static JsonObject Attributes(int count, Func<int, JsonNode?>? value = null)
    {
        var attributes = new JsonObject();
        for (var i = 0; i < count; i++)
        {
            attributes["attr_" + i] = value is null ? i : value(i);
        }

        return attributes;
    }

    private static JsonObject PersonIdentify(JsonObject? attributes = null) => new()
    {
        ["type"] = "person",
        ["identifiers"] = new JsonObject { ["id"] = "42" },
        ["action"] = "identify",
        ["attributes"] = attributes ?? new JsonObject(),
    };

    private static JsonObject PersonEvent(string name, JsonObject? attributes = null)
    {
        var item = new JsonObject { ["type"] = "person", ["identifiers"] = new JsonObject { ["id"] = "42" }, ["action"] = "event", ["name"] = name };
        if (attributes is not null)
        {
            item["attributes"] = attributes;
        }

        return item;
    }

    public static TheoryData<string, string, string, string, string> Rejections => new()
    {
        // tool, arguments, field, rule, message fragment
        { "UpdateOrAddPerson", Identify(new JsonObject { ["id"] = Ascii(151) }), "request_body/id", "maxBytes",
            "the person id is 151 bytes (UTF-8); Customer.io allows at most 150 bytes: use a shorter person id" },
        { "UpdateOrAddPerson", Identify(new JsonObject { ["id"] = new string('é', 76) }), "request_body/id", "maxBytes",
            "the person id is 152 bytes (UTF-8); Customer.io allows at most 150 bytes" },
        { "UpdateOrAddPerson", Identify(new JsonObject { [Ascii(151, 'n')] = 1 }), "request_body/" + Ascii(151, 'n'), "maxBytes",
            "is 151 bytes (UTF-8); Customer.io allows at most 150 bytes per attribute name: use a shorter name" },
        { "UpdateOrAddPerson", Identify(new JsonObject { ["bio"] = Ascii(1001) }), "request_body/bio", "maxBytes",
            "the value of attribute 'bio' is 1,001 bytes (UTF-8); Customer.io allows at most 1,000 bytes per attribute value: shorten it or split it across several attributes" },
        { "UpdateOrAddPerson", Identify(new JsonObject { ["bio"] = new string('ü', 501) }), "request_body/bio", "maxBytes",
            "the value of attribute 'bio' is 1,002 bytes (UTF-8)" },
        { "UpdateOrAddPerson", Identify(new JsonObject { ["plan"] = new JsonObject { ["notes"] = Ascii(990) } }), "request_body/plan", "maxBytes",
            "the value of attribute 'plan' is 1,002 bytes (serialized as JSON); Customer.io allows at most 1,000 bytes per attribute value" },
        { "UpdateOrAddPerson", Identify(Attributes(301)), "request_body", "maxAttributes",
            "has 301 attributes; Customer.io accepts at most 300 attributes in one call: send them in several calls of at most 300" },
        { "UpdateOrAddPerson", Identify(new JsonObject { ["created_at"] = 1700000000000 }), "request_body/created_at", "timestampUnit",
            "1700000000000 looks like milliseconds; Track timestamps are integer unix seconds: send 1700000000" },
        { "UpdateOrAddPerson", Identify(new JsonObject { ["_timestamp"] = "2023-11-14T22:13:20Z" }), "request_body/_timestamp", "timestampFormat",
            "\"2023-11-14T22:13:20Z\" is a date string; Track timestamps are integer unix seconds: send 1700000000 (that date as unix seconds)" },
        { "UpdateOrAddPerson", Identify(new JsonObject { ["cio_relationships"] = new JsonObject { ["action"] = "add_relationships", ["relationships"] = new JsonArray(new JsonObject { ["identifiers"] = new JsonObject { ["object_type_id"] = "1", ["object_id"] = Ascii(151) } }) } }),
            "request_body/cio_relationships/relationships/0/identifiers/object_id", "maxBytes", "the object id is 151 bytes (UTF-8); Customer.io allows at most 150 bytes" },
        { "SendCustomerEvent", Track(new JsonObject { ["name"] = Ascii(101) }), "request_body/name", "maxBytes",
            "the event name is 101 bytes (UTF-8); Customer.io allows at most 100 bytes: use a shorter name and put the details in the event data" },
        { "SendCustomerEvent", Track(new JsonObject { ["name"] = new string('€', 34) }), "request_body/name", "maxBytes", "the event name is 102 bytes (UTF-8)" },
        { "SendCustomerEvent", Track(new JsonObject { ["name"] = "big", ["data"] = new JsonObject { ["blob"] = Ascii(100_000) } }), "request_body/data", "maxBytes",
            "the event data is 100,011 bytes serialized as JSON; Customer.io allows at most 100,000 bytes" },
        { "SendCustomerEvent", Track(new JsonObject { ["name"] = "x", ["timestamp"] = "1700000000" }), "request_body/timestamp", "timestampFormat",
            "\"1700000000\" is a string; Track timestamps are integer unix seconds sent as a JSON number: send 1700000000 without quotes" },
        { "TrackAnonymousEvent", Anonymous(new JsonObject { ["name"] = "x", ["anonymous_id"] = "a", ["timestamp"] = 1700000000000000 }), "request_body/timestamp", "timestampUnit",
            "1700000000000000 looks like microseconds; Track timestamps are integer unix seconds: send 1700000000" },
        { "TrackAnonymousEvent", Anonymous(new JsonObject { ["name"] = "x", ["anonymous_id"] = "a", ["timestamp"] = 1700000000.5 }), "request_body/timestamp", "timestampFormat",
            "1700000000.5 is not a whole number of seconds; Track timestamps are integer unix seconds: send 1700000000" },
        { "SendCustomerEvent", Track(new JsonObject { ["name"] = "x", ["timestamp"] = JsonNode.Parse("1700000000.0") }), "request_body/timestamp", "timestampFormat",
            "1700000000.0 is written with a decimal point or an exponent; Track timestamps are integer unix seconds written as plain digits: send 1700000000" },
        { "TrackAnonymousEvent", Anonymous(new JsonObject { ["name"] = Ascii(120), ["anonymous_id"] = "a" }), "request_body/name", "maxBytes", "the event name is 120 bytes" },
        { "SendCustomerEvent", Track(new JsonObject { ["name"] = "   " }), "request_body/name", "minLength",
            "the event name is only whitespace; Customer.io trims it and rejects a blank name: give the event a name (for a page view, the page's URL or path)" },
        { "SendCustomerEvent", Track(new JsonObject { ["name"] = " \t\n", ["type"] = "page" }), "request_body/name", "minLength", "the event name is only whitespace" },
        { "TrackAnonymousEvent", Anonymous(new JsonObject { ["name"] = " ", ["anonymous_id"] = "a" }), "request_body/name", "minLength", "the event name is only whitespace" },
        { "ManageEntity", Entity(PersonEvent("  ")), "request_body/name", "minLength", "the event name is only whitespace" },
        { "BatchProcessRequests", Batch(PersonEvent("ok"), PersonEvent("\t")), "request_body/batch/1/name", "minLength", "the event name is only whitespace" },
        { "AddDeviceToCustomerProfile", Execute(new JsonObject { ["unique_person_identifier"] = "42", ["request_body"] = new JsonObject { ["device"] = new JsonObject { ["id"] = "t", ["platform"] = "ios", ["last_used"] = "2023-11-15T00:13:20+02:00" } } }),
            "request_body/device/last_used", "timestampFormat", "send 1700000000 (that date as unix seconds)" },
        { "ReportCustomMetrics", Execute(new JsonObject { ["request_body"] = new JsonObject { ["delivery_id"] = "d", ["metric"] = "opened", ["timestamp"] = 1700000000123 } }),
            "request_body/timestamp", "timestampUnit", "1700000000123 looks like milliseconds; Track timestamps are integer unix seconds: send 1700000000" },
        { "ReportPushMetrics", Execute(new JsonObject { ["request_body"] = new JsonObject { ["delivery_id"] = "d", ["event"] = "opened", ["timestamp"] = "yesterday" } }),
            "request_body/timestamp", "timestampFormat", "\"yesterday\" is not a timestamp; Track timestamps are integer unix seconds, e.g. " },
        { "MergeCustomerProfiles", Execute(new JsonObject { ["request_body"] = new JsonObject { ["primary"] = new JsonObject { ["id"] = Ascii(151) }, ["secondary"] = new JsonObject { ["id"] = "2" } } }),
            "request_body/primary/id", "maxBytes", "the person id is 151 bytes (UTF-8); Customer.io allows at most 150 bytes" },
        { "AddPeopleToSegment", Execute(new JsonObject { ["segment_identifier"] = 7, ["request_body"] = new JsonObject { ["ids"] = new JsonArray("1", Ascii(151)) } }),
            "request_body/ids/1", "maxBytes", "is 151 bytes (UTF-8); Customer.io allows at most 150 bytes per person id" },
        { "RemoveUserFromSegment", Execute(new JsonObject { ["segment_identifier"] = 7, ["identification_type"] = "id", ["request_body"] = new JsonObject { ["ids"] = new JsonArray(new string('ß', 80)) } }),
            "request_body/ids/0", "maxBytes", "is 160 bytes (UTF-8)" },
        { "ManageEntity", Entity(new JsonObject { ["type"] = "person", ["identifiers"] = new JsonObject { ["id"] = Ascii(151) }, ["action"] = "delete" }),
            "request_body/identifiers/id", "maxBytes", "the person id is 151 bytes (UTF-8); Customer.io allows at most 150 bytes" },
        { "ManageEntity", Entity(new JsonObject { ["type"] = "object", ["identifiers"] = new JsonObject { ["object_type_id"] = "1", ["object_id"] = new string('日', 51) }, ["action"] = "delete" }),
            "request_body/identifiers/object_id", "maxBytes", "the object id is 153 bytes (UTF-8)" },
        { "ManageEntity", Entity(new JsonObject { ["type"] = "object", ["identifiers"] = new JsonObject { ["cio_object_id"] = Ascii(200) }, ["action"] = "delete" }),
            "request_body/identifiers/cio_object_id", "maxBytes", "the object id is 200 bytes (UTF-8)" },
        { "ManageEntity", Entity(PersonIdentify(Attributes(301))), "request_body/attributes", "maxAttributes", "has 301 attributes; Customer.io accepts at most 300" },
        { "ManageEntity", Entity(PersonIdentify(new JsonObject { ["plan"] = Ascii(1500) })), "request_body/attributes/plan", "maxBytes",
            "the value of attribute 'plan' is 1,500 bytes (UTF-8); Customer.io allows at most 1,000 bytes per attribute value" },
        { "ManageEntity", Entity(new JsonObject { ["type"] = "object", ["identifiers"] = new JsonObject { ["object_type_id"] = "1", ["object_id"] = "acme" }, ["action"] = "identify", ["attributes"] = new JsonObject { [Ascii(160, 'k')] = 1 } }),
            "request_body/attributes/" + Ascii(160, 'k'), "maxBytes", "is 160 bytes (UTF-8); Customer.io allows at most 150 bytes per attribute name" },
        { "ManageEntity", Entity(PersonEvent(Ascii(101))), "request_body/name", "maxBytes", "the event name is 101 bytes (UTF-8); Customer.io allows at most 100 bytes" },
        { "ManageEntity", Entity(PersonEvent("big", new JsonObject { ["blob"] = Ascii(100_000) })), "request_body/attributes", "maxBytes",
            "the event data is 100,011 bytes serialized as JSON; Customer.io allows at most 100,000 bytes" },
        { "ManageEntity", Entity(PersonIdentify(Attributes(40, _ => Ascii(900)))), "request_body", "maxBytes",
            "bytes as sent; a v2 entity request must be smaller than 32,000 bytes (Customer.io: smaller than 32kb): move some attributes to a second call" },
        { "ManageEntity", Entity(new JsonObject { ["type"] = "person", ["identifiers"] = new JsonObject { ["id"] = "42" }, ["action"] = "identify", ["timestamp"] = 1700000000000 }),
            "request_body/timestamp", "timestampUnit", "1700000000000 looks like milliseconds; Track timestamps are integer unix seconds: send 1700000000" },
        { "ManageEntity", Entity(new JsonObject { ["type"] = "person", ["identifiers"] = new JsonObject { ["id"] = "42" }, ["action"] = "page", ["name"] = "/home", ["timestamp"] = "2023-11-14 22:13:20" }),
            "request_body/timestamp", "timestampFormat", "is a date string; Track timestamps are integer unix seconds: send 1700000000" },
        { "BatchProcessRequests", Batch(PersonIdentify(), PersonIdentify(Attributes(40, _ => Ascii(900)))), "request_body/batch/1", "maxBytes",
            "bytes as sent; each batch item must be at most 32,000 bytes (Customer.io: 32kb per item): split its attributes across several items" },
        { "BatchProcessRequests", Batch(PersonEvent("a"), new JsonObject { ["type"] = "person", ["identifiers"] = new JsonObject { ["id"] = "1" }, ["action"] = "screen", ["name"] = "Home", ["timestamp"] = 1700000000999 }),
            "request_body/batch/1/timestamp", "timestampUnit", "1700000000999 looks like milliseconds; Track timestamps are integer unix seconds: send 1700000000" },
        { "BatchProcessRequests", Batch(new JsonObject { ["type"] = "person", ["identifiers"] = new JsonObject { ["id"] = "1" }, ["action"] = "add_relationships",
                ["cio_relationships"] = new JsonArray(new JsonObject { ["identifiers"] = new JsonObject { ["object_type_id"] = "1", ["object_id"] = "acme" }, ["relationship_attributes"] = new JsonObject { ["role"] = Ascii(1001) } }) }),
            "request_body/batch/0/cio_relationships/0/relationship_attributes/role", "maxBytes", "the value of attribute 'role' is 1,001 bytes (UTF-8)" },
        { "BatchProcessRequests", Batch(PersonEvent("ok"), PersonEvent(new string('ä', 51))), "request_body/batch/1/name", "maxBytes", "the event name is 102 bytes (UTF-8)" },
        { "BatchProcessRequests", Batch(PersonIdentify(), new JsonObject { ["type"] = "person", ["action"] = "merge", ["primary"] = new JsonObject { ["id"] = Ascii(151) }, ["secondary"] = new JsonObject { ["id"] = "2" } }),
            "request_body/batch/1/primary/id", "maxBytes", "the person id is 151 bytes (UTF-8); Customer.io allows at most 150 bytes" },
        { "ManageEntity", Entity(new JsonObject { ["type"] = "person", ["action"] = "merge", ["primary"] = new JsonObject { ["id"] = "1" }, ["secondary"] = new JsonObject { ["id"] = Ascii(152) } }),
            "request_body/secondary/id", "maxBytes", "the person id is 152 bytes (UTF-8); Customer.io allows at most 150 bytes" },
        { "BatchProcessRequests", Batch(new JsonObject { ["type"] = "person", ["identifiers"] = new JsonObject { ["id"] = "1" }, ["action"] = "add_device", ["device"] = new JsonObject { ["token"] = "t", ["platform"] = "ios", ["last_used"] = 1700000000000 } }),
            "request_body/batch/0/device/last_used", "timestampUnit", "send 1700000000" },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task Over_limit_input_is_rejected_before_anything_is_sent(string tool, string arguments, string field, string rule, string message)
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync(tool, arguments);

        Assert.True(result.IsError, result.ToJson());
        Assert.Empty(stub.Requests);
        var error = result.Content["error"]!;
        Assert.Equal("invalid_request_body", error["kind"]!.GetValue<string>());
        Assert.False(error["sent"]!.GetValue<bool>());
        var problems = Problems(result);
        Assert.True(
            problems.Any(p => p.Field == field && p.Rule == rule && p.Message.Contains(message, StringComparison.Ordinal)),
            "Problems: " + string.Join(" | ", problems.Select(p => $"{p.Field} [{p.Rule}] {p.Message}")));

        // The limit's message replaces the schema's complaint (maximum, type, maxLength) about the same field.
        Assert.Single(problems, p => p.Field == field);
    }

    [Fact]
    public async Task A_millisecond_timestamp_gets_one_problem_with_the_converted_value_instead_of_the_schema_maximum()
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", Identify(new JsonObject { ["created_at"] = 1700000000000 }));

        var problem = Assert.Single(Problems(result));
        Assert.Equal(("request_body/created_at", "timestampUnit", "1700000000000 looks like milliseconds; Track timestamps are integer unix seconds: send 1700000000"), problem);
        Assert.Equal("UpdateOrAddPerson was not called: request_body/created_at: 1700000000000 looks like milliseconds; Track timestamps are integer unix seconds: send 1700000000",
            result.Content["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_escaped_value_is_measured_by_its_decoded_bytes_not_its_escapes()
    {
        // 500 × ü written as \u00fc: 3,000 bytes of JSON text, 1,000 bytes of value (exactly the limit).
        using var stub = new TrackStub();
        var escaped = string.Concat(Enumerable.Repeat("\\u00fc", 500));

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", $$$"""{"mode":"execute","person_identifier":"42","request_body":{"bio":"{{{escaped}}}"}}""");

        Assert.False(result.IsError, result.ToJson());
        Assert.Equal($$"""{"bio":"{{escaped}}"}""", Assert.Single(stub.Requests).Body);
    }

    [Fact]
    public async Task An_event_name_with_surrounding_spaces_is_sent_as_written()
    {
        // Customer.io trims the spaces; only a name with nothing else in it is blank.
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("SendCustomerEvent", """{"mode":"execute","customer_identifier":"42","request_body":{"id":"01ARZ3NDEKTSV4RRFFQ69G5FAV","name":" signed up\t"}}""");

        Assert.False(result.IsError, result.ToJson());
        Assert.Equal("""{"id":"01ARZ3NDEKTSV4RRFFQ69G5FAV","name":" signed up\t"}""", Assert.Single(stub.Requests).Body);
    }

    [Fact]
    public async Task The_150_byte_id_limit_does_not_apply_to_an_email_or_cio_id_in_the_path_nor_to_a_delivery_id()
    {
        // track-api-facts §3.5: 150 bytes is the person id's (and object id's) limit, and §3.7: the path identifier's kind
        // is read from its shape. A long email or a cio_ identifier in the path, or a long delivery id, is not a person id.
        using var stub = new TrackStub();
        var email = Ascii(150) + "@example.com";
        var cioId = "cio_" + Ascii(150, 'b');
        var deliveryId = Ascii(160, 'R');

        var byEmail = await stub.Tools.InvokeAsync("DeleteCustomer", new JsonObject { ["customer_identifier"] = email }.ToJsonString());
        var byCioId = await stub.Tools.InvokeAsync("SuppressCustomerProfile", new JsonObject { ["unique_person_identifier"] = cioId }.ToJsonString());
        var delivery = await stub.Tools.InvokeAsync("ManageEntity", Entity(new JsonObject
        {
            ["type"] = "delivery", ["identifiers"] = new JsonObject { ["id"] = deliveryId }, ["action"] = "event", ["name"] = "opened",
            ["attributes"] = new JsonObject { ["device_token"] = "t" },
        }));

        Assert.False(byEmail.IsError, byEmail.ToJson());
        Assert.False(byCioId.IsError, byCioId.ToJson());
        Assert.False(delivery.IsError, delivery.ToJson());
        Assert.Equal(
        [
            "DELETE /api/v1/customers/" + Ascii(150) + "%40example.com",
            "POST /api/v1/customers/" + cioId + "/suppress",
            "POST /api/v2/entity",
        ], stub.Tap.RequestLines);
        Assert.Equal($$$"""{"type":"delivery","identifiers":{"id":"{{{deliveryId}}}"},"action":"event","name":"opened","attributes":{"device_token":"t"}}""", stub.Requests[2].Body);
    }

    [Fact]
    public async Task A_path_identifier_that_reads_as_an_id_keeps_the_150_byte_limit()
    {
        using var stub = new TrackStub();

        var atLimit = await stub.Tools.InvokeAsync("DeleteCustomer", new JsonObject { ["customer_identifier"] = Ascii(150) }.ToJsonString());
        var over = await stub.Tools.InvokeAsync("DeleteCustomer", new JsonObject { ["customer_identifier"] = Ascii(151) }.ToJsonString());

        Assert.False(atLimit.IsError, atLimit.ToJson());
        Assert.Equal(("customer_identifier", "maxBytes",
                "'customer_identifier' is 151 bytes long (UTF-8) and reads as a person id (no '@', no cio_ prefix); Customer.io allows at most 150 bytes per person id"),
            Assert.Single(Problems(over)));
        Assert.Equal(["DELETE /api/v1/customers/" + Ascii(150)], stub.Tap.RequestLines);
    }

    [Fact]
    public async Task Values_exactly_at_each_limit_are_sent()
    {
        using var stub = new TrackStub();
        var identify = Attributes(297);
        identify["id"] = Ascii(150);
        identify[Ascii(150, 'n')] = Ascii(1000);
        identify["created_at"] = 99_999_999_999;
        identify["_timestamp"] = 1700000000; // control key: not counted, so 300 attributes in all
        string[][] calls =
        [
            ["UpdateOrAddPerson", Identify(identify)],
            ["SendCustomerEvent", Track(new JsonObject { ["name"] = Ascii(100), ["data"] = new JsonObject { ["blob"] = Ascii(100_000 - 11) } })],
            ["ManageEntity", Entity(PersonIdentify(Attributes(300, _ => "v")))],
            ["ManageEntity", Entity(new JsonObject { ["type"] = "object", ["identifiers"] = new JsonObject { ["object_type_id"] = "1", ["object_id"] = new string('日', 50) }, ["action"] = "delete" })],
            ["AddPeopleToSegment", Execute(new JsonObject { ["segment_identifier"] = 7, ["identifier_type"] = "email", ["request_body"] = new JsonObject { ["ids"] = new JsonArray(Ascii(200) + "@example.com") } })],
        ];

        foreach (var call in calls)
        {
            var result = await stub.Tools.InvokeAsync(call[0], call[1]);
            Assert.False(result.IsError, call[0] + ": " + result.ToJson()[..Math.Min(2000, result.ToJson().Length)]);
        }

        Assert.Equal(calls.Length, stub.Requests.Count);
    }

    [Fact]
    public async Task An_entity_request_must_be_smaller_than_32000_bytes_not_at_most()
    {
        // track-api-facts §3.5: /entity "must be smaller than 32kb" (read as 32,000 bytes): 31,999 goes, 32,000 does not.
        static JsonObject Sized(int bytes)
        {
            // An event with its own id: event data may be large, and no id is inserted on the way out.
            var body = PersonEvent("e", new JsonObject { ["blob"] = "" });
            body["id"] = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
            body["attributes"]!["blob"] = Ascii(bytes - System.Text.Encoding.UTF8.GetByteCount(body.ToJsonString()));
            Assert.Equal(bytes, System.Text.Encoding.UTF8.GetByteCount(body.ToJsonString()));
            return body;
        }

        using var stub = new TrackStub();
        var largest = Sized(31_999);

        var sent = await stub.Tools.InvokeAsync("ManageEntity", Entity(largest));
        var refused = await stub.Tools.InvokeAsync("ManageEntity", Entity(Sized(32_000)));

        Assert.False(sent.IsError, sent.ToJson()[..200]);
        Assert.Equal(largest.ToJsonString(), Assert.Single(stub.Requests).Body);
        Assert.Equal(("request_body", "maxBytes",
                "is 32,000 bytes as sent; a v2 entity request must be smaller than 32,000 bytes (Customer.io: smaller than 32kb): move some attributes to a second call, or send the operations with BatchProcessRequests"),
            Assert.Single(Problems(refused)));
    }

    [Fact]
    public async Task An_entity_request_is_measured_with_the_event_id_the_toolkit_adds()
    {
        // 31,970 bytes as given; the inserted "id":"<ULID>", (34 bytes) takes it over 32,000.
        var body = PersonEvent("e", new JsonObject { ["blob"] = "" });
        var size = System.Text.Encoding.UTF8.GetByteCount(body.ToJsonString());
        body["attributes"]!["blob"] = Ascii(31_970 - size);
        Assert.Equal(31_970, System.Text.Encoding.UTF8.GetByteCount(body.ToJsonString()));
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("ManageEntity", Entity(body));

        Assert.Empty(stub.Requests);
        var problem = Assert.Single(Problems(result));
        Assert.Equal(("request_body", "maxBytes"), (problem.Field, problem.Rule));
        Assert.StartsWith("is 32,004 bytes as sent; a v2 entity request must be smaller than 32,000 bytes", problem.Message);
    }

    [Fact]
    public async Task Reserved_and_control_keys_are_not_value_checked_and_control_keys_are_not_counted()
    {
        using var stub = new TrackStub();
        var body = Attributes(300);
        body["_update"] = true;
        body["_timestamp"] = 1700000000;
        body["cio_relationships"] = new JsonObject { ["action"] = "add_relationships", ["relationships"] = new JsonArray(new JsonObject { ["identifiers"] = new JsonObject { ["object_type_id"] = "1", ["object_id"] = "acme" } }) };

        var accepted = await stub.Tools.InvokeAsync("UpdateOrAddPerson", Identify(body.DeepClone().AsObject()));
        Assert.False(accepted.IsError, accepted.ToJson());

        body["email"] = "a@b.io"; // a reserved attribute is stored on the profile, so it counts
        var rejected = await stub.Tools.InvokeAsync("UpdateOrAddPerson", Identify(body));
        Assert.Equal(("request_body", "maxAttributes"), Problems(rejected).Select(p => (p.Field, p.Rule)).Single());
        Assert.Single(stub.Requests);
    }

    [Theory]
    [InlineData("1700000000000", "timestampUnit", "1700000000000 looks like milliseconds; Track timestamps are integer unix seconds: send 1700000000")]
    [InlineData("1700000000000000", "timestampUnit", "1700000000000000 looks like microseconds; Track timestamps are integer unix seconds: send 1700000000")]
    [InlineData("1700000000000000000", "timestampUnit", "1700000000000000000 looks like nanoseconds; Track timestamps are integer unix seconds: send 1700000000")]
    [InlineData("\"1700000000\"", "timestampFormat", "\"1700000000\" is a string; Track timestamps are integer unix seconds sent as a JSON number: send 1700000000 without quotes")]
    [InlineData("\"1700000000000\"", "timestampFormat", "\"1700000000000\" is a string (it looks like milliseconds); Track timestamps are integer unix seconds sent as a JSON number: send 1700000000 without quotes")]
    [InlineData("\"2023-11-14T22:13:20.000Z\"", "timestampFormat", "\"2023-11-14T22:13:20.000Z\" is a date string; Track timestamps are integer unix seconds: send 1700000000 (that date as unix seconds)")]
    [InlineData("\"2023-11-14\"", "timestampFormat", "\"2023-11-14\" is a date string; Track timestamps are integer unix seconds: send 1699920000 (that date as unix seconds)")]
    [InlineData("1700000000.9", "timestampFormat", "1700000000.9 is not a whole number of seconds; Track timestamps are integer unix seconds: send 1700000000")]
    [InlineData("1700000000.0", "timestampFormat", "1700000000.0 is written with a decimal point or an exponent; Track timestamps are integer unix seconds written as plain digits: send 1700000000")]
    [InlineData("1.7e9", "timestampFormat", "1.7e9 is written with a decimal point or an exponent; Track timestamps are integer unix seconds written as plain digits: send 1700000000")]
    [InlineData("1700000000000.0", "timestampUnit", "1700000000000.0 looks like milliseconds; Track timestamps are integer unix seconds: send 1700000000")]
    [InlineData("1.7E12", "timestampUnit", "1.7E12 looks like milliseconds; Track timestamps are integer unix seconds: send 1700000000")]
    [InlineData("1e30", "timestampUnit", "1e30 is not a unix timestamp; Track timestamps are integer unix seconds (at most 99999999999)")]
    [InlineData("\"now\"", "timestampFormat", "\"now\" is not a timestamp; Track timestamps are integer unix seconds: send 1772366400 (the current time as unix seconds)")]
    [InlineData("\" Now \"", "timestampFormat", "\" Now \" is not a timestamp; Track timestamps are integer unix seconds: send 1772366400 (the current time as unix seconds)")]
    [InlineData("\"today\"", "timestampFormat", "\"today\" is not a timestamp; Track timestamps are integer unix seconds, e.g. 1772366400 for the current time (2026-03-01T12:00:00Z)")]
    [InlineData("1700000000", null, null)]
    [InlineData("99999999999", null, null)]
    [InlineData("true", null, null)]
    public void Timestamps_are_explained_with_the_value_to_send(string json, string? rule, string? message)
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

        var problem = Limits.TrackLimits.Timestamp(System.Text.Json.JsonDocument.Parse(json).RootElement, clock);

        Assert.Equal(rule is null ? null : (rule, message!), problem);
    }

    [Fact]
    public async Task Get_request_schema_still_returns_the_published_segment_schema()
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("AddPeopleToSegment", """{"mode":"get_request_schema"}""");

        Assert.Equal(1000, result.Content["request_body_schema"]!["$defs"]!["SegmentMembershipRequest"]!["properties"]!["ids"]!["maxItems"]!.GetValue<int>());
    }

    internal static List<(string Field, string Rule, string Message)> Problems(ToolCallResult result) =>
        result.Content["error"]!["problems"]!.AsArray()
            .Select(p => (p!["field"]!.GetValue<string>(), p["rule"]!.GetValue<string>(), p["message"]!.GetValue<string>()))
            .ToList();
}
