using System.Text.Json.Nodes;
using CustomerioTrack.Tools.Tests.Support;

namespace CustomerioTrack.Tools.Tests;

/// <summary>Bad input gets an error that names the field and the rule, and nothing is sent.</summary>
public sealed class ValidationTests
{
    public static TheoryData<string, string, string, string, string> Rejections => new()
    {
        // tool, arguments, field, rule, message
        { "UpdateOrAddPerson", """{"person_identifier":"42","request_body":{}}""", "mode", "required",
            "'mode' is required: use \"get_request_schema\" to get the request body schema, then \"execute\" with request_body to send it" },
        { "UpdateOrAddPerson", """{"mode":"run","person_identifier":"42","request_body":{}}""", "mode", "enum",
            "'mode' must be \"get_request_schema\" or \"execute\", not \"run\"" },
        { "UpdateOrAddPerson", """{"mode":"execute","request_body":{"email":"a@b.io"}}""", "person_identifier", "required",
            "'person_identifier' is required to execute UpdateOrAddPerson: " },
        { "UpdateOrAddPerson", """{"mode":"execute","person_identifier":"42"}""", "request_body", "required",
            "'request_body' is required to execute UpdateOrAddPerson; call it with mode=\"get_request_schema\" to get the schema it must follow" },
        { "UpdateOrAddPerson", """{"mode":"execute","person_identifier":"42","request_body":"{\"email\": \"a@b.io\",}"}""", "request_body", "json",
            "'request_body' is not valid JSON at line 1, position 20:" },
        { "UpdateOrAddPerson", """{"mode":"execute","person_identifier":"42","request_body":[1,2]}""", "request_body", "type",
            "'request_body' must be a JSON object, not array" },
        { "UpdateOrAddPerson", """{"mode":"execute","person_identifier":"42","request_body":{},"persn_id":"x"}""", "persn_id", "unknown",
            "'persn_id' is not a parameter of UpdateOrAddPerson; it takes: mode, person_identifier, request_body" },
        { "UpdateOrAddPerson", """{"mode":"execute","person_identifier":"42","request_body":{"created_at":1700000000000}}""", "request_body/created_at", "timestampUnit",
            "1700000000000 looks like milliseconds; Track timestamps are integer unix seconds: send 1700000000" },
        { "UpdateOrAddPerson", """{"mode":"execute","person_identifier":"42","request_body":{"cio_relationships":[{"identifiers":{"object_type_id":"1","object_id":"a"}}]}}""", "request_body/cio_relationships", "type",
            "must be of type object, not array" },
        { "DeleteCustomer", """{}""", "customer_identifier", "required", "'customer_identifier' is required to execute DeleteCustomer" },
        { "DeleteCustomer", """{"customer_identifier":""}""", "customer_identifier", "minLength", "'customer_identifier' must not be empty or blank" },
        { "DeleteCustomer", """{"customer_identifier":"   "}""", "customer_identifier", "minLength", "'customer_identifier' must not be empty or blank" },
        { "DeleteCustomer", """{"customer_identifier":".."}""", "customer_identifier", "pattern", "'customer_identifier' cannot be \"..\": it would name a different path" },
        { "DeleteCustomer", """{"customer_identifier":"a\nb"}""", "customer_identifier", "pattern", "'customer_identifier' contains the control character U+000A; remove it" },
        { "DeleteCustomer", """{"customer_identifier":42.5}""", "customer_identifier", "type", "'customer_identifier' must be a string, not 42.5" },
        { "DeleteCustomer", """{"customer_identifier":"42","mode":"execute"}""", "mode", "unknown", "DeleteCustomer has no 'mode' parameter; it takes: customer_identifier" },
        { "AddPeopleToSegment", """{"mode":"execute","segment_identifier":"seven","request_body":{"ids":["1"]}}""", "segment_identifier", "type", "'segment_identifier' must be an integer, not \"seven\"" },
        { "AddPeopleToSegment", """{"mode":"execute","segment_identifier":7,"identifier_type":"phone","request_body":{"ids":["1"]}}""", "identifier_type", "enum", "'identifier_type' must be one of \"id\", \"email\", \"cio_id\", not \"phone\"" },
        { "AddPeopleToSegment", """{"mode":"execute","segment_identifier":7,"request_body":{"ids":[]}}""", "request_body/ids", "minItems", "" },
        { "GlobalUnsubscribeUser", """{"delivery_id_for_unsubscription":"d","set_unsubscribed_attribute":"yes"}""", "set_unsubscribed_attribute", "type", "'set_unsubscribed_attribute' must be a boolean (true or false), not \"yes\"" },
        { "MergeCustomerProfiles", """{"mode":"execute","request_body":{"primary":{"id":"1","email":"a@b.io"},"secondary":{"id":"2"}}}""", "request_body/primary", "maxProperties",
            "must have exactly one property (one of: id, email, cio_id), found 2" },
        { "MergeCustomerProfiles", """{"mode":"execute","request_body":{"primary":{},"secondary":{"id":"2"}}}""", "request_body/primary", "minProperties",
            "must have exactly one property (one of: id, email, cio_id), found 0" },
        { "MergeCustomerProfiles", """{"mode":"execute","request_body":{"primary":{"id":"1"}}}""", "request_body", "required", "missing required property 'secondary'" },
        { "ReportCustomMetrics", """{"mode":"execute","request_body":{"delivery_id":"d","metric":"read"}}""", "request_body/metric", "enum",
            "must be one of \"bounced\", \"clicked\", \"converted\", \"deferred\", \"delivered\", \"dropped\", \"opened\", \"spammed\"" },
        { "AddDeviceToCustomerProfile", """{"mode":"execute","unique_person_identifier":"1","request_body":{"device":{"id":"t","platform":"windows"}}}""", "request_body/device/platform", "enum",
            "must be one of \"ios\", \"android\"" },
        { "SendCustomerEvent", """{"mode":"execute","customer_identifier":"1","request_body":{"name":"x","data":""}}""", "request_body/data", "type", "must be of type object, not string" },
        { "SubmitFormResponse", """{"mode":"execute","form_identifier":"f","request_body":{"data":{"email":"a@b.io","id":"1"}}}""", "request_body/data", "oneOf", "matches 2 of the 2 allowed shapes but must match exactly one (Form fields, all string values. Must contain exactly one of email or id)" },
        { "ManageEntity", """{"mode":"execute","request_body":{"type":"person","identifiers":{"id":"1","email":"a@b.io"},"action":"delete"}}""", "request_body/identifiers", "maxProperties",
            "must have exactly one property (one of: id, email, phone, cio_id), found 2" },
        { "ManageEntity", """{"mode":"execute","request_body":{"type":"person","identifiers":{"id":"1"},"action":"fly"}}""", "request_body/action", "enum", "must be one of" },
        { "ManageEntity", """{"mode":"execute","request_body":{"type":"person","identifiers":{"id":"1"},"action":"event"}}""", "request_body", "required", "missing required property 'name'" },
        { "ManageEntity", """{"mode":"execute","request_body":{"type":"person","identifiers":{"id":"1"},"action":"add_device","device":{"token":"t","platform":"ios","last_used":1700000000000}}}""", "request_body/device/last_used", "timestampUnit", "looks like milliseconds; Track timestamps are integer unix seconds: send 1700000000" },
        { "ManageEntity", """{"mode":"execute","request_body":{"type":"robot","identifiers":{"id":"1"},"action":"delete"}}""", "request_body/type", "enum", "must be one of" },
        { "BatchProcessRequests", """{"mode":"execute","request_body":{"batch":[]}}""", "request_body/batch", "minItems", "must not be empty: give at least one item" },
        { "SendCustomerEvent", """{"mode":"execute","customer_identifier":"1","request_body":{"name":"purchase","amount":3}}""", "request_body/amount", "additionalProperties",
            "property 'amount' is not allowed here; allowed: name, type, id, timestamp, data" },
        { "TrackAnonymousEvent", """{"mode":"execute","request_body":{"name":"visit","anonymous_id":"a1","page":"/pricing"}}""", "request_body/page", "additionalProperties",
            "property 'page' is not allowed here; allowed: name, type, anonymous_id, id, timestamp, data" },
        { "SendCustomerEvent", """{"mode":"execute","customer_identifier":"1","request_body":{"name":"x","timestamp":-5}}""", "request_body/timestamp", "minimum",
            "must be at least 0, not -5" },
        { "BatchProcessRequests", """{"mode":"execute","request_body":{"batch":[{"type":"person","identifiers":{"phone":"0044 20"},"action":"delete"}]}}""", "request_body/batch/0/identifiers/phone", "pattern",
            "must be an E.164 phone number: + then the country code and number, digits only, e.g. \"+14155550100\", not \"0044 20\"" },
        { "BatchProcessRequests", """{"mode":"execute","request_body":{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"delete"},{"type":"object","identifiers":{"object_type_id":"1","object_id":"a"},"action":"identify","data":{}}]}}""", "request_body/batch/1/data", "additionalProperties", "property 'data' is not allowed here" },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task Bad_input_is_rejected_before_anything_is_sent(string tool, string arguments, string field, string rule, string message)
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync(tool, arguments);

        Assert.True(result.IsError, result.ToJson());
        Assert.Empty(stub.Requests);
        var error = result.Content["error"]!;
        Assert.False(error["sent"]!.GetValue<bool>());
        var problems = error["problems"]!.AsArray().Select(p => (Field: p!["field"]!.GetValue<string>(), Rule: p["rule"]!.GetValue<string>(), Message: p["message"]!.GetValue<string>())).ToList();
        Assert.True(
            problems.Any(p => p.Field == field && (rule.Length == 0 || p.Rule == rule) && p.Message.Contains(message, StringComparison.Ordinal)),
            "Problems: " + string.Join(" | ", problems.Select(p => $"{p.Field} [{p.Rule}] {p.Message}")));
        Assert.StartsWith($"{tool} was not called: ", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_v2_operation_error_reports_only_the_variant_the_body_was_meant_for()
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("ManageEntity", """{"mode":"execute","request_body":{"type":"person","identifiers":{"id":"1","email":"a@b.io"},"action":"event","name":"x"}}""");

        var problems = result.Content["error"]!["problems"]!.AsArray();
        var problem = Assert.Single(problems)!;
        Assert.Equal("request_body/identifiers", problem["field"]!.GetValue<string>());
        Assert.Equal("maxProperties", problem["rule"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_batch_error_names_only_the_bad_items_not_the_valid_ones_beside_them()
    {
        // Every item is evaluated by the same oneOf; the explanation chosen for item 1 must not leak onto items 0 and 2.
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", """
            {"mode":"execute","request_body":{"batch":[
              {"type":"object","identifiers":{"object_type_id":"1","object_id":"a"},"action":"delete"},
              {"type":"person","identifiers":{"id":"1"},"action":"merge","primary":{"id":"1"},"secondary":{"id":"2"}},
              {"type":"person","identifiers":{"id":"2"},"action":"delete"},
              {"type":"person","identifiers":{"id":"3"},"action":"event"}
            ]}}
            """);

        var problems = result.Content["error"]!["problems"]!.AsArray().Select(p => $"{p!["field"]} {p["rule"]}: {p["message"]}").ToList();
        Assert.Equal(
            """
            request_body/batch/1/identifiers additionalProperties: property 'identifiers' is not allowed here; allowed: type, action, primary, secondary
            request_body/batch/3 required: missing required property 'name'
            """,
            string.Join("\n", problems.Order(StringComparer.Ordinal)));
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Unknown_tool_names_list_the_available_tools()
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("DeletePerson", "{}");

        Assert.True(result.IsError);
        Assert.Equal("unknown_tool", result.Content["error"]!["kind"]!.GetValue<string>());
        Assert.StartsWith("There is no tool named 'DeletePerson'. Available: AddDeviceToCustomerProfile, AddPeopleToSegment,", result.Content["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_null_tool_name_is_an_argument_error_naming_toolName()
    {
        using var stub = new TrackStub();
        using var arguments = System.Text.Json.JsonDocument.Parse("{}");

        var fromText = await Assert.ThrowsAsync<ArgumentNullException>(() => stub.Tools.InvokeAsync(null!, "{}"));
        var fromElement = await Assert.ThrowsAsync<ArgumentNullException>(() => stub.Tools.InvokeAsync(null!, arguments.RootElement));
        var byName = await Assert.ThrowsAsync<ArgumentNullException>(() => stub.Tools.InvokeAsync(null!, new Dictionary<string, System.Text.Json.JsonElement>()));

        Assert.All(new[] { fromText.ParamName, fromElement.ParamName, byName.ParamName }, name => Assert.Equal("toolName", name));
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Valid_bodies_that_customer_io_published_schemas_reject_are_accepted()
    {
        using var stub = new TrackStub();
        string[][] calls =
        [
            ["ReportCustomMetrics", """{"mode":"execute","request_body":{"delivery_id":"RPILAgUBcRhIBqSfeiIwdIYJKxTY","metric":"opened"}}"""],
            ["MergeCustomerProfiles", """{"mode":"execute","request_body":{"primary":{"id":"42"},"secondary":{"cio_id":"a3000001"}}}"""],
            ["UpdateOrAddPerson", """{"mode":"execute","person_identifier":"42","request_body":{"plan":{"tier":"pro","seats":[1,2]},"score":4.5,"gone":null,"tags":["a","b"]}}"""],
            ["ManageEntity", """{"mode":"execute","request_body":{"type":"person","identifiers":{"id":"42"},"action":"identify","attributes":{"nested":{"deep":[{"x":1.5}]}}}}"""],
        ];
        foreach (var call in calls)
        {
            var result = await stub.Tools.InvokeAsync(call[0], call[1]);
            Assert.False(result.IsError, call[0] + ": " + result.ToJson());
        }

        Assert.Equal(calls.Length, stub.Requests.Count);
    }
}
