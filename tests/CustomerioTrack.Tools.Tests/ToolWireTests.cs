using System.Text.Json;
using CustomerioTrack.Tools.Tests.Support;

namespace CustomerioTrack.Tools.Tests;

/// <summary>Every tool, executed against a stub: the exact request that reaches the wire.</summary>
public sealed class ToolWireTests
{
    private const string Ulid = "01J9Z3Q5V6W7X8Y9Z0ABCDEFGH";

    public static TheoryData<string, string, string, bool, string?> Calls => new()
    {
        { "UpdateOrAddPerson", """{"mode":"execute","person_identifier":"a+b/c@x.io","request_body":{"email":"a+b/c@x.io","plan":{"tier":"pro","seats":[1,2]},"score":4.5,"gone":null,"created_at":1700000000}}""",
            "PUT /api/v1/customers/a%2Bb%2Fc%40x.io", true, """{"email":"a+b/c@x.io","plan":{"tier":"pro","seats":[1,2]},"score":4.5,"gone":null,"created_at":1700000000}""" },
        { "DeleteCustomer", """{"customer_identifier":"cio_abc123"}""", "DELETE /api/v1/customers/cio_abc123", true, null },
        { "AddDeviceToCustomerProfile", """{"mode":"execute","unique_person_identifier":"zoë@例え.jp","request_body":{"device":{"id":"tok-1","platform":"ios","last_used":1700000000,"attributes":{"app_version":"1.2"}}}}""",
            "PUT /api/v1/customers/zo%C3%AB%40%E4%BE%8B%E3%81%88.jp/devices", true, """{"device":{"id":"tok-1","platform":"ios","last_used":1700000000,"attributes":{"app_version":"1.2"}}}""" },
        { "RemoveCustomerDevice", """{"customer_identifier":"42","device_unique_id":"tok/1?x#y%z"}""", "DELETE /api/v1/customers/42/devices/tok%2F1%3Fx%23y%25z", true, null },
        { "SuppressCustomerProfile", """{"unique_person_identifier":"a b"}""", "POST /api/v1/customers/a%20b/suppress", true, null },
        { "UnsuppressCustomerProfile", """{"customer_identifier":"42"}""", "POST /api/v1/customers/42/unsuppress", true, null },
        { "GlobalUnsubscribeUser", """{"delivery_id_for_unsubscription":"RPILAgUBcRhIBqSfeiIwdIYJKxTY","set_unsubscribed_attribute":true}""",
            "POST /unsubscribe/RPILAgUBcRhIBqSfeiIwdIYJKxTY", false, """{"unsubscribe":true}""" },
        { "SendCustomerEvent", """{"mode":"execute","customer_identifier":"42","request_body":{"name":"purchase","id":"@ULID@","timestamp":1700000000,"data":{"price":23.45,"items":[{"sku":"a"}]}}}""".Replace("@ULID@", Ulid),
            "POST /api/v1/customers/42/events", true, """{"name":"purchase","id":"@ULID@","timestamp":1700000000,"data":{"price":23.45,"items":[{"sku":"a"}]}}""".Replace("@ULID@", Ulid) },
        { "TrackAnonymousEvent", """{"mode":"execute","request_body":{"name":"viewed","anonymous_id":"anon-1","id":"@ULID@","type":"page"}}""".Replace("@ULID@", Ulid),
            "POST /api/v1/events", true, """{"name":"viewed","anonymous_id":"anon-1","id":"@ULID@","type":"page"}""".Replace("@ULID@", Ulid) },
        { "SubmitFormResponse", """{"mode":"execute","form_identifier":"contact us","request_body":{"data":{"email":"a@b.io","name":"Ann"}}}""",
            "POST /api/v1/forms/contact%20us/submit", true, """{"data":{"email":"a@b.io","name":"Ann"}}""" },
        { "MergeCustomerProfiles", """{"mode":"execute","request_body":{"primary":{"id":"42"},"secondary":{"email":"a@b.io"}}}""",
            "POST /api/v1/merge_customers", true, """{"primary":{"id":"42"},"secondary":{"email":"a@b.io"}}""" },
        { "ReportCustomMetrics", """{"mode":"execute","request_body":{"delivery_id":"RPILAgUBcRhIBqSfeiIwdIYJKxTY","metric":"opened"}}""",
            "POST /api/v1/metrics", false, """{"delivery_id":"RPILAgUBcRhIBqSfeiIwdIYJKxTY","metric":"opened"}""" },
        { "AddPeopleToSegment", """{"mode":"execute","segment_identifier":7,"identifier_type":"email","request_body":{"ids":["a@b.io","c@d.io"]}}""",
            "POST /api/v1/segments/7/add_customers?id_type=email", true, """{"ids":["a@b.io","c@d.io"]}""" },
        { "RemoveUserFromSegment", """{"mode":"execute","segment_identifier":"7","request_body":"{\"ids\":[\"42\"]}"}""",
            "POST /api/v1/segments/7/remove_customers?id_type=id", true, """{"ids":["42"]}""" },
        { "ManageEntity", """{"mode":"execute","request_body":{"type":"person","identifiers":{"id":"42"},"action":"identify","attributes":{"plan":"pro","nested":{"a":[1,{"b":null}]}}}}""",
            "POST /api/v2/entity", true, """{"type":"person","identifiers":{"id":"42"},"action":"identify","attributes":{"plan":"pro","nested":{"a":[1,{"b":null}]}}}""" },
        { "BatchProcessRequests", """{"mode":"execute","request_body":{"batch":[{"type":"person","identifiers":{"id":"42"},"action":"delete"},{"type":"object","identifiers":{"object_type_id":"1","object_id":"acme"},"action":"identify","attributes":{"name":"Acme"}}]}}""",
            "POST /api/v2/batch", true, """{"batch":[{"type":"person","identifiers":{"id":"42"},"action":"delete"},{"type":"object","identifiers":{"object_type_id":"1","object_id":"acme"},"action":"identify","attributes":{"name":"Acme"}}]}""" },
        { "GetTrackApiRegion", "{}", "GET /api/v1/accounts/region", true, null },
        { "ReportPushMetrics", """{"mode":"execute","request_body":{"delivery_id":"RPILAgUBcRhIBqSfeiIwdIYJKxTY","event":"opened","device_id":"tok-1","timestamp":1700000000}}""",
            "POST /api/v1/push/events", false, """{"delivery_id":"RPILAgUBcRhIBqSfeiIwdIYJKxTY","event":"opened","device_id":"tok-1","timestamp":1700000000}""" },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task Execute_sends_exactly_the_request_the_description_defines(string tool, string arguments, string requestLine, bool authenticated, string? body)
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync(tool, arguments);

        Assert.False(result.IsError, result.ToJson());
        Assert.Equal(200, result.Content["status_code"]!.GetValue<int>());
        Assert.Equal([requestLine], stub.Tap.RequestLines);
        var request = Assert.Single(stub.Requests);
        Assert.Equal(requestLine.Split(' ')[0], request.Method);
        Assert.Equal(authenticated ? TrackStub.ExpectedAuthorization : null, TrackStub.Header(request, "Authorization"));
        // The credentials follow the tool's own description of its operation, not a hand-written path list.
        Assert.Equal([TrackTools.AllDefinitions.Single(d => d.Name == tool).RequiresAuthentication], stub.Tap.StatedSecurity);
        Assert.Equal(authenticated, TrackTools.AllDefinitions.Single(d => d.Name == tool).RequiresAuthentication);
        Assert.StartsWith("CustomerioTrack/", TrackStub.Header(request, "User-Agent"));
        if (body is null)
        {
            Assert.True(string.IsNullOrEmpty(request.Body), request.Body);
        }
        else
        {
            Assert.StartsWith("application/json", TrackStub.Header(request, "Content-Type"));
            JsonAssert.Equal(body, request.Body!);
        }
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task Arguments_given_by_name_as_an_MCP_request_carries_them_send_the_same_request(string tool, string arguments, string requestLine, bool authenticated, string? body)
    {
        using var stub = new TrackStub();
        using var document = JsonDocument.Parse(arguments);
        var byName = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

        var result = await stub.Tools.InvokeAsync(tool, byName);

        Assert.False(result.IsError, result.ToJson());
        Assert.Equal([requestLine], stub.Tap.RequestLines);
        var request = Assert.Single(stub.Requests);
        Assert.Equal(authenticated ? TrackStub.ExpectedAuthorization : null, TrackStub.Header(request, "Authorization"));
        if (body is null)
        {
            Assert.True(string.IsNullOrEmpty(request.Body), request.Body);
        }
        else
        {
            JsonAssert.Equal(body, request.Body!);
        }
    }

    [Fact]
    public async Task The_body_reaches_the_api_byte_for_byte_as_the_caller_wrote_it()
    {
        using var stub = new TrackStub();
        const string body = "{ \"zeta\": 1,\n  \"email\" : \"x@y.io\", \"alpha\": [3, 2, 1], \"big\": 12345678901234567890, \"f\": 1.50 }";
        var arguments = JsonSerializer.Serialize(new { mode = "execute", person_identifier = "x@y.io", request_body = body });

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", arguments);

        Assert.False(result.IsError, result.ToJson());
        Assert.Equal(body, Assert.Single(stub.Requests).Body);
    }

    [Fact]
    public async Task Events_without_an_id_get_a_ulid_so_retries_cannot_count_them_twice()
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("SendCustomerEvent", """{"mode":"execute","customer_identifier":"42","request_body":{"name":"purchase","data":{"price":1}}}""");

        Assert.False(result.IsError, result.ToJson());
        var assigned = result.Content["assigned_event_ids"]!.AsArray().Select(n => n!.GetValue<string>()).Single();
        Assert.True(CustomerioTrack.Client.Ulid.IsValid(assigned), assigned);
        JsonAssert.Equal($$$"""{"id":"{{{assigned}}}","name":"purchase","data":{"price":1}}""", Assert.Single(stub.Requests).Body!);
    }

    [Fact]
    public async Task Batch_events_without_ids_get_one_each_and_other_items_are_untouched()
    {
        using var stub = new TrackStub();
        const string body = """{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"event","name":"a"},{"type":"person","identifiers":{"id":"2"},"action":"delete"},{"type":"person","identifiers":{"id":"3"},"action":"page","name":"/home","id":"01J9Z3Q5V6W7X8Y9Z0ABCDEFGH"},{"type":"person","identifiers":{"id":"4"},"action":"screen","name":"Home"}]}""";

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", JsonSerializer.Serialize(new { mode = "execute", request_body = body }));

        Assert.False(result.IsError, result.ToJson());
        var ids = result.Content["assigned_event_ids"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Equal(2, ids.Count);
        JsonAssert.Equal(
            $$$"""{"batch":[{"id":"{{{ids[0]}}}","type":"person","identifiers":{"id":"1"},"action":"event","name":"a"},{"type":"person","identifiers":{"id":"2"},"action":"delete"},{"type":"person","identifiers":{"id":"3"},"action":"page","name":"/home","id":"01J9Z3Q5V6W7X8Y9Z0ABCDEFGH"},{"id":"{{{ids[1]}}}","type":"person","identifiers":{"id":"4"},"action":"screen","name":"Home"}]}""",
            Assert.Single(stub.Requests).Body!);
    }

    [Fact]
    public async Task Unsubscribe_without_the_flag_unsubscribes_by_default_with_json_content_type()
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("GlobalUnsubscribeUser", """{"delivery_id_for_unsubscription":"dlv1"}""");

        Assert.False(result.IsError, result.ToJson());
        var request = Assert.Single(stub.Requests);
        Assert.StartsWith("application/json", TrackStub.Header(request, "Content-Type"));
        JsonAssert.Equal("""{"unsubscribe":true}""", request.Body!);
    }
}
