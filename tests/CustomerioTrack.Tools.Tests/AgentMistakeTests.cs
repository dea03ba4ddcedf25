using CustomerioTrack.Tools.Tests.Support;

namespace CustomerioTrack.Tools.Tests;

/// <summary>
/// Mistakes models really make with these tools, each answered with the exact problem a model reads: the field as it
/// was written, the rule, and what to send instead, so that the next call can succeed. Nothing is sent.
/// </summary>
public sealed class AgentMistakeTests
{
    public static TheoryData<string, string, string, string, string> Mistakes => new()
    {
        // An integer path parameter out of its int32 range: -1 went to the API, 3000000000 threw while building the URL.
        { "AddPeopleToSegment", """{"mode":"execute","segment_identifier":-1,"request_body":{"ids":["1"]}}""", "segment_identifier", "minimum", "'segment_identifier' must be a whole number from 0 to 2147483647, not -1" },
        { "AddPeopleToSegment", """{"mode":"execute","segment_identifier":"-5","request_body":{"ids":["1"]}}""", "segment_identifier", "minimum", "'segment_identifier' must be a whole number from 0 to 2147483647, not \"-5\"" },
        { "RemoveUserFromSegment", """{"mode":"execute","segment_identifier":3000000000,"request_body":{"ids":["1"]}}""", "segment_identifier", "maximum", "'segment_identifier' must be a whole number from 0 to 2147483647, not 3000000000" },

        // The HTTP API's parameter names instead of the tool's.
        { "SendCustomerEvent", """{"mode":"execute","identifier":"u1","request_body":{"name":"x"}}""", "identifier", "unknown", "'identifier' is not a parameter of SendCustomerEvent; use 'customer_identifier' instead (it takes: mode, customer_identifier, request_body)" },
        { "AddPeopleToSegment", """{"mode":"execute","segment_id":7,"request_body":{"ids":["1"]}}""", "segment_id", "unknown", "'segment_id' is not a parameter of AddPeopleToSegment; use 'segment_identifier' instead (it takes: mode, segment_identifier, identifier_type, request_body)" },
        { "AddPeopleToSegment", """{"mode":"execute","segment_identifier":7,"id_type":"email","request_body":{"ids":["a@b.co"]}}""", "id_type", "unknown", "'id_type' is not a parameter of AddPeopleToSegment; use 'identifier_type' instead (it takes: mode, segment_identifier, identifier_type, request_body)" },
        { "SubmitFormResponse", """{"mode":"execute","form_id":"f","request_body":{"data":{"email":"a@b.co"}}}""", "form_id", "unknown", "'form_id' is not a parameter of SubmitFormResponse; use 'form_identifier' instead (it takes: mode, form_identifier, request_body)" },
        { "RemoveCustomerDevice", """{"customer_identifier":"u1","device_id":"t"}""", "device_id", "unknown", "'device_id' is not a parameter of RemoveCustomerDevice; use 'device_unique_id' instead (it takes: customer_identifier, device_unique_id)" },
        { "GlobalUnsubscribeUser", """{"delivery_id":"d"}""", "delivery_id", "unknown", "'delivery_id' is not a parameter of GlobalUnsubscribeUser; use 'delivery_id_for_unsubscription' instead (it takes: delivery_id_for_unsubscription, set_unsubscribed_attribute)" },

        // An email address encoded by the caller: the tool would encode it again, and Customer.io would read it as an id.
        { "SendCustomerEvent", """{"mode":"execute","customer_identifier":"ann%40example.com","request_body":{"name":"x"}}""", "customer_identifier", "percentEncoded", "'customer_identifier' looks percent-encoded (%40 is '@'): give it as is, \"ann@example.com\"; the tool encodes it for the path. Sent like this, Customer.io would read it as the person id \"ann%40example.com\", not an email address" },
        { "DeleteCustomer", """{"customer_identifier":"john%2Bdoe%40Example.com"}""", "customer_identifier", "percentEncoded", "give it as is, \"john+doe@Example.com\"" },

        // Another tool's name for the same parameter, a common synonym, a different spelling.
        { "SendCustomerEvent", """{"mode":"execute","person_identifier":"u1","request_body":{"name":"x"}}""", "person_identifier", "unknown", "'person_identifier' is not a parameter of SendCustomerEvent; use 'customer_identifier' instead" },
        { "SuppressCustomerProfile", """{"customer_identifier":"u1"}""", "customer_identifier", "unknown", "'customer_identifier' is not a parameter of SuppressCustomerProfile; use 'unique_person_identifier' instead (it takes: unique_person_identifier)" },
        { "RemoveUserFromSegment", """{"mode":"execute","segment_identifier":7,"identifier_type":"email","request_body":{"ids":["a@b.co"]}}""", "identifier_type", "unknown", "'identifier_type' is not a parameter of RemoveUserFromSegment; use 'identification_type' instead" },
        { "DeleteCustomer", """{"customer_id":"u1"}""", "customer_id", "unknown", "'customer_id' is not a parameter of DeleteCustomer; use 'customer_identifier' instead (it takes: customer_identifier)" },
        { "SendCustomerEvent", """{"Mode":"execute","customer_identifier":"u1","request_body":{"name":"x"}}""", "Mode", "unknown", "'Mode' is not a parameter of SendCustomerEvent; use 'mode' instead" },
        { "SendCustomerEvent", """{"mode":"execute","customer_identifier":"u1","requestBody":{"name":"x"}}""", "requestBody", "unknown", "'requestBody' is not a parameter of SendCustomerEvent; use 'request_body' instead" },

        // Body properties given as arguments.
        { "MergeCustomerProfiles", """{"mode":"execute","primary":{"id":"1"},"secondary":{"id":"2"}}""", "primary", "unknown", "'primary' is not a parameter of MergeCustomerProfiles; it belongs inside 'request_body': {\"primary\": …} (it takes: mode, request_body)" },
        { "TrackAnonymousEvent", """{"mode":"execute","anonymous_id":"a","request_body":{"name":"x"}}""", "anonymous_id", "unknown", "'anonymous_id' is not a parameter of TrackAnonymousEvent; it belongs inside 'request_body': {\"anonymous_id\": …}" },
        { "ManageEntity", """{"mode":"execute","type":"person","identifiers":{"id":"1"},"action":"delete"}""", "action", "unknown", "'action' is not a parameter of ManageEntity; it belongs inside 'request_body': {\"action\": …}" },
        { "SubmitFormResponse", """{"mode":"execute","form_identifier":"f","data":{"email":"a@b.co"}}""", "data", "unknown", "'data' is not a parameter of SubmitFormResponse; it belongs inside 'request_body': {\"data\": …}" },

        // Custom values beside the fixed fields, and v1/v2 names mixed up (data vs attributes).
        { "SendCustomerEvent", """{"mode":"execute","customer_identifier":"u1","request_body":{"name":"buy","price":1}}""", "request_body/price", "additionalProperties", "property 'price' is not allowed here; allowed: name, type, id, timestamp, data; custom properties go inside 'data'" },
        { "SendCustomerEvent", """{"mode":"execute","customer_identifier":"u1","request_body":{"name":"buy","attributes":{"a":1}}}""", "request_body/attributes", "additionalProperties", "property 'attributes' is not allowed here; allowed: name, type, id, timestamp, data; custom properties go inside 'data'" },
        { "ManageEntity", """{"mode":"execute","request_body":{"type":"person","identifiers":{"id":"1"},"action":"event","name":"buy","data":{"a":1}}}""", "request_body/data", "additionalProperties", "property 'data' is not allowed here; allowed: type, identifiers, action, name, id, timestamp, attributes; custom properties go inside 'attributes'" },
        { "BatchProcessRequests", """{"mode":"execute","request_body":{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"identify","plan":"pro"}]}}""", "request_body/batch/0/plan", "additionalProperties", "custom properties go inside 'attributes'" },
        { "SubmitFormResponse", """{"mode":"execute","form_identifier":"f","request_body":{"email":"a@b.co"}}""", "request_body/email", "additionalProperties", "property 'email' is not allowed here; allowed: data; custom properties go inside 'data'" },

        // v2 identifier keys beside type and action belong in identifiers, not in attributes.
        { "ManageEntity", """{"mode":"execute","request_body":{"type":"object","object_type_id":"1","object_id":"acme","action":"identify","attributes":{"name":"Acme"}}}""", "request_body/object_id", "additionalProperties", "property 'object_id' is not allowed here; allowed: type, identifiers, action, attributes, cio_relationships; it belongs inside 'identifiers': {\"object_id\": …}" },
        { "BatchProcessRequests", """{"mode":"execute","request_body":{"batch":[{"type":"person","email":"a@b.co","action":"identify","attributes":{"plan":"pro"}}]}}""", "request_body/batch/0/email", "additionalProperties", "it belongs inside 'identifiers': {\"email\": …}" },

        // A batch body given to the one-operation tool.
        { "ManageEntity", """{"mode":"execute","request_body":{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"delete"}]}}""", "request_body/batch", "additionalProperties", "a list of operations under 'batch' is a batch body (BatchProcessRequests, /api/v2/batch); this takes one operation: send the list there, or send one of its items here" },
        // A v2 operation given to v1 identify, whose every key is an attribute: it would be accepted as junk attributes.
        { "UpdateOrAddPerson", """{"mode":"execute","person_identifier":"42","request_body":{"type":"person","identifiers":{"id":"42"},"action":"identify","attributes":{"plan":"pro"}}}""", "request_body", "v2Operation", "this is a v2 operation (identifiers, action), and every key of this body would become an attribute of the person: send it with ManageEntity (/api/v2/entity), or send here only the attributes themselves, e.g. {\"plan\": \"pro\"}" },

        // One of several properties is required: all of them are named, not the first alternative's.
        { "SubmitFormResponse", """{"mode":"execute","form_identifier":"f","request_body":{"data":{"email_address":"a@b.co"}}}""", "request_body/data", "required", "missing required property: give exactly one of 'email', 'id'" },

        // Wrong enum case: the value sent is quoted back beside the allowed ones.
        { "SendCustomerEvent", """{"mode":"execute","customer_identifier":"u1","request_body":{"name":"buy","type":"Page"}}""", "request_body/type", "enum", "must be one of \"event\", \"page\", \"screen\", not \"Page\"" },
        { "ReportCustomMetrics", """{"mode":"execute","request_body":{"delivery_id":"d","metric":"Opened"}}""", "request_body/metric", "enum", "must be one of \"bounced\", \"clicked\", \"converted\", \"deferred\", \"delivered\", \"dropped\", \"opened\", \"spammed\", not \"Opened\"" },
        { "AddDeviceToCustomerProfile", """{"mode":"execute","unique_person_identifier":"1","request_body":{"device":{"id":"t","platform":"iOS"}}}""", "request_body/device/platform", "enum", "must be one of \"ios\", \"android\", not \"iOS\"" },

        // Ids of another kind than the identifier type: Customer.io would answer 200 and ignore them all.
        { "AddPeopleToSegment", """{"mode":"execute","segment_identifier":7,"request_body":{"ids":["a@b.co","c@d.co"]}}""", "request_body/ids", "idType", "every id is an email address but identifier_type is \"id\" (the default), so Customer.io would ignore them all: set identifier_type to \"email\"" },
        { "RemoveUserFromSegment", """{"mode":"execute","segment_identifier":7,"identification_type":"email","request_body":{"ids":["42"]}}""", "request_body/ids", "idType", "identification_type is \"email\" but no id is an email address, so Customer.io would ignore them all: set identification_type to \"id\" (or \"cio_id\")" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task A_typical_mistake_gets_a_problem_that_says_what_to_send_instead(string tool, string arguments, string field, string rule, string message)
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync(tool, arguments);

        Assert.True(result.IsError, result.ToJson());
        Assert.Empty(stub.Requests);
        Assert.False(result.Content["error"]!["sent"]!.GetValue<bool>());
        var problems = LimitsTests.Problems(result);
        Assert.True(
            problems.Any(p => p.Field == field && p.Rule == rule && p.Message.Contains(message, StringComparison.Ordinal)),
            "Problems: " + string.Join(" | ", problems.Select(p => $"{p.Field} [{p.Rule}] {p.Message}")));
    }

    [Fact]
    public async Task A_list_mixing_ids_and_email_addresses_under_id_is_sent()
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("AddPeopleToSegment", """{"mode":"execute","segment_identifier":7,"request_body":{"ids":["42","a@b.co"]}}""");

        Assert.False(result.IsError, result.ToJson());
        Assert.Single(stub.Requests);
    }

    [Theory]
    [InlineData("UpdateOrAddPerson", """{"mode":"execute","person_identifier":"a%40b@example.com","request_body":{}}""", "PUT /api/v1/customers/a%2540b%40example.com")]
    [InlineData("UpdateOrAddPerson", """{"mode":"execute","person_identifier":"100%off","request_body":{}}""", "PUT /api/v1/customers/100%25off")]
    [InlineData("GlobalUnsubscribeUser", """{"delivery_id_for_unsubscription":"RPI%40x"}""", "POST /unsubscribe/RPI%2540x")]
    public async Task A_percent_sign_is_data_unless_the_value_reads_as_an_encoded_email_address(string tool, string arguments, string requestLine)
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync(tool, arguments);

        Assert.False(result.IsError, result.ToJson());
        Assert.Equal([requestLine], stub.Tap.RequestLines);
    }

    [Fact]
    public async Task Identify_attributes_named_like_v2_keys_are_sent_when_they_do_not_make_a_v2_operation()
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", """{"mode":"execute","person_identifier":"42","request_body":{"type":"admin","action":"signup","identifiers":"none"}}""");

        Assert.False(result.IsError, result.ToJson());
        Assert.Equal("""{"type":"admin","action":"signup","identifiers":"none"}""", Assert.Single(stub.Requests).Body);
    }

    [Fact]
    public async Task The_hint_to_read_the_schema_comes_only_with_problems_the_schema_explains()
    {
        using var stub = new TrackStub();

        var renamed = await stub.Tools.InvokeAsync("SendCustomerEvent", """{"mode":"execute","identifier":"u1","request_body":{"name":"x"}}""");
        var path = await stub.Tools.InvokeAsync("SendCustomerEvent", """{"mode":"execute","customer_identifier":"..","request_body":{"name":"x"}}""");
        var noMode = await stub.Tools.InvokeAsync("SendCustomerEvent", """{"customer_identifier":"u1","request_body":{"name":"x"}}""");
        var body = await stub.Tools.InvokeAsync("SendCustomerEvent", """{"mode":"execute","customer_identifier":"u1","request_body":{}}""");

        Assert.Null(renamed.Content["error"]!["hint"]);
        Assert.Null(path.Content["error"]!["hint"]);
        Assert.Equal("Call SendCustomerEvent with mode=\"get_request_schema\" to see the request body schema.", noMode.Content["error"]!["hint"]!.GetValue<string>());
        Assert.Equal("Call SendCustomerEvent with mode=\"get_request_schema\" for the full schema.", body.Content["error"]!["hint"]!.GetValue<string>());
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task An_unknown_argument_with_no_likely_intent_gets_no_guess()
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", """{"mode":"execute","person_identifier":"1","request_body":{},"dry_run":true}""");

        Assert.Equal(
            [("dry_run", "unknown", "'dry_run' is not a parameter of UpdateOrAddPerson; it takes: mode, person_identifier, request_body")],
            LimitsTests.Problems(result));
        Assert.Empty(stub.Requests);
    }
}
