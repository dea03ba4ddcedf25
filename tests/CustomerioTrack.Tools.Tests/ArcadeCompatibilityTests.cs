using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerioTrack.Tools.Tests.Support;
using Microsoft.Extensions.AI;

namespace CustomerioTrack.Tools.Tests;

/// <summary>
/// Drop-in compatibility with Arcade's CustomerioTrackApi toolkit (0.2.1, the interface of 0.1.0): its interface pinned
/// as a fixed list, and calls made with exactly the arguments an agent built against Arcade sends. README, "Compatibility
/// with Arcade's CustomerioTrackApi", lists the deliberate differences that the last tests here pin.
/// </summary>
public sealed class ArcadeCompatibilityTests
{
    // Arcade's published tool data (ArcadeAI/docs toolkit-docs-generator/data/toolkits/customeriotrackapi.json,
    // toolkit 0.2.1): tool -> "name:json-type" in Arcade's order, '!' where Arcade marks the parameter required.
    // Written out by hand on purpose: it is what Arcade publishes, not what our generator emits.
    public static readonly IReadOnlyDictionary<string, string> Arcade = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AddDeviceToCustomerProfile"] = "mode:string! unique_person_identifier:string request_body:string",
        ["AddPeopleToSegment"] = "mode:string! segment_identifier:integer identifier_type:string request_body:string",
        ["BatchProcessRequests"] = "mode:string! request_body:string",
        ["DeleteCustomer"] = "customer_identifier:string!",
        ["GetTrackApiRegion"] = "",
        ["GlobalUnsubscribeUser"] = "delivery_id_for_unsubscription:string! set_unsubscribed_attribute:boolean",
        ["ManageEntity"] = "mode:string! request_body:string",
        ["MergeCustomerProfiles"] = "mode:string! request_body:string",
        ["RemoveCustomerDevice"] = "customer_identifier:string! device_unique_id:string!",
        ["RemoveUserFromSegment"] = "mode:string! segment_identifier:integer identification_type:string request_body:string",
        ["ReportCustomMetrics"] = "mode:string! request_body:string",
        ["SendCustomerEvent"] = "mode:string! customer_identifier:string request_body:string",
        ["SubmitFormResponse"] = "mode:string! form_identifier:string request_body:string",
        ["SuppressCustomerProfile"] = "unique_person_identifier:string!",
        ["TrackAnonymousEvent"] = "mode:string! request_body:string",
        ["UnsuppressCustomerProfile"] = "customer_identifier:string!",
        ["UpdateOrAddPerson"] = "mode:string! person_identifier:string request_body:string",
    };

    // Where we deliberately say more than Arcade (README): an enum where Arcade has a plain string, and defaults.
    private static readonly Dictionary<(string Tool, string Parameter), string> Enums = new()
    {
        [("AddPeopleToSegment", "identifier_type")] = "id email cio_id",
        [("RemoveUserFromSegment", "identification_type")] = "id email cio_id",
    };

    private static readonly Dictionary<(string Tool, string Parameter), string> Defaults = new()
    {
        [("AddPeopleToSegment", "identifier_type")] = "\"id\"",
        [("RemoveUserFromSegment", "identification_type")] = "\"id\"",
        [("GlobalUnsubscribeUser", "set_unsubscribed_attribute")] = "true",
    };

    private static IEnumerable<(string Name, string Type, bool Required)> Parameters(string tool) =>
        Arcade[tool].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p =>
        {
            var required = p.EndsWith('!');
            var (name, type) = (p.TrimEnd('!').Split(':')[0], p.TrimEnd('!').Split(':')[1]);
            return (name, type, required);
        });

    private static JsonElement InputSchema(string tool) =>
        JsonDocument.Parse(TrackTools.AllDefinitions.Single(d => d.Name == tool).InputSchemaJson).RootElement;

    public static TheoryData<string> Tools => new(Arcade.Keys);

    [Fact]
    public void The_default_tool_set_is_exactly_Arcades_17_tools()
    {
        Assert.Equal(17, Arcade.Count);
        Assert.Equal(
            Arcade.Keys.Order(StringComparer.Ordinal),
            TrackTools.AllDefinitions.Where(d => d.EnabledByDefault).Select(d => d.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Tools))]
    public void Parameter_names_types_required_flags_enums_and_defaults_are_Arcades(string tool)
    {
        var schema = InputSchema(tool);
        var properties = schema.TryGetProperty("properties", out var p) ? p.EnumerateObject().ToList() : [];
        var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(e => e.GetString()!).ToList() : [];
        var arcade = Parameters(tool).ToList();

        // Same names in the same order, nothing added.
        Assert.Equal(arcade.Select(a => a.Name), properties.Select(q => q.Name));

        // Required exactly where Arcade requires: whatever Arcade lets an agent leave out, so do we.
        Assert.Equal(arcade.Where(a => a.Required).Select(a => a.Name), required);

        foreach (var (name, type, _) in arcade)
        {
            var property = properties.Single(q => q.Name == name).Value;
            var ours = property.GetProperty("type");
            if (name == "request_body")
            {
                // Arcade takes the body as a JSON string; we take that string, or the object itself.
                Assert.Equal(["object", "string"], ours.EnumerateArray().Select(t => t.GetString()));
            }
            else
            {
                Assert.Equal(type, ours.GetString());
            }

            var enumeration = property.TryGetProperty("enum", out var e) ? string.Join(" ", e.EnumerateArray().Select(v => v.GetString())) : null;
            var expectedEnum = name == "mode" ? "get_request_schema execute" : Enums.GetValueOrDefault((tool, name));
            Assert.True(expectedEnum == enumeration, $"{tool}.{name}: enum '{enumeration}', expected '{expectedEnum}'");

            var fallback = property.TryGetProperty("default", out var d) ? d.GetRawText() : null;
            Assert.True(Defaults.GetValueOrDefault((tool, name)) == fallback, $"{tool}.{name}: default {fallback}");
        }
    }

    // OpenAI strict mode, as Arcade's own converter (arcade_core.converters.openai) writes the tool schemas, lists every
    // parameter as required and makes each optional one nullable, so an agent built on it sends null for every optional
    // parameter it does not use. Such an agent's first call: the schema, with everything else null.
    public static TheoryData<string> ModeTools => new(Arcade.Keys.Where(t => Arcade[t].StartsWith("mode:", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(ModeTools))]
    public async Task Schema_mode_with_every_optional_parameter_null_returns_the_schema_and_sends_nothing(string tool)
    {
        using var stub = new TrackStub();
        var arguments = new JsonObject { ["mode"] = "get_request_schema" };
        foreach (var (name, _, _) in Parameters(tool).Where(a => !a.Required))
        {
            arguments[name] = null;
        }

        var result = await stub.Tools.InvokeAsync(tool, arguments.ToJsonString());

        Assert.False(result.IsError, result.ToJson());
        Assert.IsType<JsonObject>(result.Content["request_body_schema"]);
        Assert.Contains("mode=\"execute\"", result.Content["instructions"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }

    // Then the call itself, exactly as such an agent writes it: request_body as stringified JSON, every optional
    // parameter it does not use present as null.
    public static TheoryData<string, string, string, string?> ArcadeCalls => new()
    {
        { "AddDeviceToCustomerProfile", """{"mode":"execute","unique_person_identifier":"cio_12345","request_body":"{\"device\":{\"id\":\"abc123\",\"platform\":\"ios\"}}"}""",
            "PUT /api/v1/customers/cio_12345/devices", """{"device":{"id":"abc123","platform":"ios"}}""" },
        { "AddPeopleToSegment", """{"mode":"execute","segment_identifier":12345,"identifier_type":"email","request_body":"{\"ids\":[\"user1@example.com\",\"user2@example.com\"]}"}""",
            "POST /api/v1/segments/12345/add_customers?id_type=email", """{"ids":["user1@example.com","user2@example.com"]}""" },
        { "AddPeopleToSegment", """{"mode":"execute","segment_identifier":12345,"identifier_type":null,"request_body":"{\"ids\":[\"42\"]}"}""",
            "POST /api/v1/segments/12345/add_customers?id_type=id", """{"ids":["42"]}""" },
        { "BatchProcessRequests", """{"mode":"execute","request_body":"{\"batch\":[{\"type\":\"person\",\"identifiers\":{\"id\":\"123\"},\"action\":\"identify\",\"attributes\":{\"first_name\":\"John\"}}]}"}""",
            "POST /api/v2/batch", """{"batch":[{"type":"person","identifiers":{"id":"123"},"action":"identify","attributes":{"first_name":"John"}}]}""" },
        { "DeleteCustomer", """{"customer_identifier":"user@example.com"}""", "DELETE /api/v1/customers/user%40example.com", null },
        { "GetTrackApiRegion", "{}", "GET /api/v1/accounts/region", null },
        { "GlobalUnsubscribeUser", """{"delivery_id_for_unsubscription":"1234567890","set_unsubscribed_attribute":true}""", "POST /unsubscribe/1234567890", """{"unsubscribe":true}""" },
        { "ManageEntity", """{"mode":"execute","request_body":"{\"type\":\"person\",\"identifiers\":{\"id\":\"12345\"},\"action\":\"identify\",\"attributes\":{\"email\":\"example@example.com\"}}"}""",
            "POST /api/v2/entity", """{"type":"person","identifiers":{"id":"12345"},"action":"identify","attributes":{"email":"example@example.com"}}""" },
        { "MergeCustomerProfiles", """{"mode":"execute","request_body":"{\"primary\":{\"id\":\"primary123\"},\"secondary\":{\"email\":\"old@example.com\"}}"}""",
            "POST /api/v1/merge_customers", """{"primary":{"id":"primary123"},"secondary":{"email":"old@example.com"}}""" },
        { "RemoveCustomerDevice", """{"customer_identifier":"email@example.com","device_unique_id":"device-12345"}""", "DELETE /api/v1/customers/email%40example.com/devices/device-12345", null },
        { "RemoveUserFromSegment", """{"mode":"execute","segment_identifier":123,"identification_type":"email","request_body":"{\"ids\":[\"user@example.com\"]}"}""",
            "POST /api/v1/segments/123/remove_customers?id_type=email", """{"ids":["user@example.com"]}""" },
        { "RemoveUserFromSegment", """{"mode":"execute","segment_identifier":123,"identification_type":null,"request_body":"{\"ids\":[\"42\"]}"}""",
            "POST /api/v1/segments/123/remove_customers?id_type=id", """{"ids":["42"]}""" },
        { "ReportCustomMetrics", """{"mode":"execute","request_body":"{\"delivery_id\":\"RPILAgUBcRhIBqSfeiIwdIYJKxTY\",\"metric\":\"clicked\",\"href\":\"https://example.com\"}"}""",
            "POST /api/v1/metrics", """{"delivery_id":"RPILAgUBcRhIBqSfeiIwdIYJKxTY","metric":"clicked","href":"https://example.com"}""" },
        { "SendCustomerEvent", """{"mode":"execute","customer_identifier":"customer@example.com","request_body":"{\"name\":\"page_view\",\"id\":\"01J9Z3Q5V6W7X8Y9Z0ABCDEFGH\",\"data\":{\"url\":\"https://example.com\"}}"}""",
            "POST /api/v1/customers/customer%40example.com/events", """{"name":"page_view","id":"01J9Z3Q5V6W7X8Y9Z0ABCDEFGH","data":{"url":"https://example.com"}}""" },
        { "SubmitFormResponse", """{"mode":"execute","form_identifier":"user_feedback_form","request_body":"{\"data\":{\"email\":\"user@example.com\",\"feedback\":\"Great service!\"}}"}""",
            "POST /api/v1/forms/user_feedback_form/submit", """{"data":{"email":"user@example.com","feedback":"Great service!"}}""" },
        { "SuppressCustomerProfile", """{"unique_person_identifier":"cio_12345"}""", "POST /api/v1/customers/cio_12345/suppress", null },
        { "TrackAnonymousEvent", """{"mode":"execute","request_body":"{\"name\":\"page_view\",\"anonymous_id\":\"anon-1\",\"type\":\"page\",\"id\":\"01J9Z3Q5V6W7X8Y9Z0ABCDEFGH\"}"}""",
            "POST /api/v1/events", """{"name":"page_view","anonymous_id":"anon-1","type":"page","id":"01J9Z3Q5V6W7X8Y9Z0ABCDEFGH"}""" },
        { "UnsuppressCustomerProfile", """{"customer_identifier":"user123@example.com"}""", "POST /api/v1/customers/user123%40example.com/unsuppress", null },
        { "UpdateOrAddPerson", """{"mode":"execute","person_identifier":"cio_123456","request_body":"{\"first_name\":\"John\",\"email\":\"john.doe@example.com\",\"age\":30}"}""",
            "PUT /api/v1/customers/cio_123456", """{"first_name":"John","email":"john.doe@example.com","age":30}""" },
    };

    [Fact]
    public void Every_tool_has_an_arcade_shaped_call()
    {
        Assert.Equal(Arcade.Keys.Order(StringComparer.Ordinal), ArcadeCalls.Select(row => (string)row[0]).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ArcadeCalls))]
    public async Task An_arcade_shaped_call_sends_the_request_arcade_would(string tool, string arguments, string requestLine, string? body)
    {
        // As JSON text, and by name as an MCP tools/call request carries the arguments.
        using var document = JsonDocument.Parse(arguments);
        var byName = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        foreach (var byNameCall in new[] { false, true })
        {
            using var stub = new TrackStub();

            var result = byNameCall ? await stub.Tools.InvokeAsync(tool, byName) : await stub.Tools.InvokeAsync(tool, arguments);

            Assert.False(result.IsError, result.ToJson());
            Assert.Equal([requestLine], stub.Tap.RequestLines);
            var request = Assert.Single(stub.Requests);
            if (body is null)
            {
                Assert.True(string.IsNullOrEmpty(request.Body), request.Body);
            }
            else
            {
                JsonAssert.Equal(body, request.Body!);
            }
        }
    }

    [Theory]
    [MemberData(nameof(ArcadeCalls))]
    public async Task The_stringified_body_and_the_object_send_the_same_bytes_as_written(string tool, string arguments, string requestLine, string? body)
    {
        var asObject = JsonNode.Parse(arguments)!.AsObject();
        if (asObject["request_body"] is not JsonValue text)
        {
            return;
        }

        var bodyText = text.GetValue<string>();
        asObject["request_body"] = JsonNode.Parse(bodyText);
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync(tool, asObject.ToJsonString());

        Assert.False(result.IsError, result.ToJson());
        Assert.Equal([requestLine], stub.Tap.RequestLines);
        Assert.Equal(bodyText, Assert.Single(stub.Requests).Body);
        JsonAssert.Equal(body!, bodyText);
    }

    [Fact]
    public async Task An_ai_function_given_null_for_the_optional_parameters_calls_as_if_they_were_left_out()
    {
        using var stub = new TrackStub();
        var segment = stub.Tools.AsAIFunctions().Single(f => f.Name == "AddPeopleToSegment");

        var answer = await segment.InvokeAsync(new AIFunctionArguments
        {
            ["mode"] = "execute",
            ["segment_identifier"] = 7,
            ["identifier_type"] = null,
            ["request_body"] = """{"ids":["42"]}""",
        });

        Assert.Equal(200, ((JsonElement)answer!).GetProperty("status_code").GetInt32());
        Assert.Equal(["POST /api/v1/segments/7/add_customers?id_type=id"], stub.Tap.RequestLines);
    }

    // Arcade validates its arguments with a pydantic model in its default (lax) mode, and JSON Schema's "integer" is any
    // number without a fractional part: both take 12.0 for 12. So do we.
    [Theory]
    [InlineData("12.0")]
    [InlineData("1.2e1")]
    [InlineData("\"12\"")]
    public async Task A_whole_number_in_another_spelling_is_the_segment_id(string segment)
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("RemoveUserFromSegment", $$"""{"mode":"execute","segment_identifier":{{segment}},"identification_type":null,"request_body":"{\"ids\":[\"42\"]}"}""");

        Assert.False(result.IsError, result.ToJson());
        Assert.Equal(["POST /api/v1/segments/12/remove_customers?id_type=id"], stub.Tap.RequestLines);
    }

    // Deliberate differences (README, "Compatibility with Arcade's CustomerioTrackApi").

    [Theory]
    [InlineData("AddPeopleToSegment", "identifier_type", "\"Email\"")]
    [InlineData("AddPeopleToSegment", "identifier_type", "\"\"")]
    [InlineData("RemoveUserFromSegment", "identification_type", "\"customer_id\"")]
    public async Task An_identifier_kind_outside_id_email_cio_id_is_rejected_not_forwarded(string tool, string parameter, string value)
    {
        // Arcade forwards any string as ?id_type=; Customer.io knows only these three.
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync(tool, $$"""{"mode":"execute","segment_identifier":7,"{{parameter}}":{{value}},"request_body":"{\"ids\":[\"42\"]}"}""");

        Assert.True(result.IsError);
        Assert.Empty(stub.Requests);
        var problem = Assert.Single(result.Content["error"]!["problems"]!.AsArray())!;
        Assert.Equal(parameter, problem["field"]!.GetValue<string>());
        Assert.Equal($"'{parameter}' must be one of \"id\", \"email\", \"cio_id\", not {value}", problem["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("", """{"unsubscribe":true}""")]
    [InlineData(""","set_unsubscribed_attribute":null""", """{"unsubscribe":true}""")]
    [InlineData(""","set_unsubscribed_attribute":true""", """{"unsubscribe":true}""")]
    [InlineData(""","set_unsubscribed_attribute":false""", """{"unsubscribe":false}""")]
    public async Task Unsubscribe_sends_true_unless_told_false(string flag, string body)
    {
        // Arcade sends no body at all when the flag is left out (or null); the tool exists to unsubscribe, so we say so.
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("GlobalUnsubscribeUser", $$"""{"delivery_id_for_unsubscription":"dlv1"{{flag}}}""");

        Assert.False(result.IsError, result.ToJson());
        Assert.Equal(["POST /unsubscribe/dlv1"], stub.Tap.RequestLines);
        JsonAssert.Equal(body, Assert.Single(stub.Requests).Body!);
    }

    [Fact]
    public async Task Segment_zero_is_an_id_not_a_missing_argument()
    {
        // Arcade tests `if not segment_identifier`, so 0 is "missing" there.
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("AddPeopleToSegment", """{"mode":"execute","segment_identifier":0,"request_body":"{\"ids\":[\"42\"]}"}""");

        Assert.False(result.IsError, result.ToJson());
        Assert.Equal(["POST /api/v1/segments/0/add_customers?id_type=id"], stub.Tap.RequestLines);
    }
}
