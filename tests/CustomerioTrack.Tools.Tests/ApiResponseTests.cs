using System.Text.Json;
using CustomerioTrack.Tools.Tests.Support;
using Microsoft.Extensions.AI;

namespace CustomerioTrack.Tools.Tests;

/// <summary>How Customer.io's answers reach the model: parsed bodies, its own messages, and hints for the usual causes.</summary>
public sealed class ApiResponseTests
{
    private const string Identify = """{"mode":"execute","person_identifier":"42","request_body":{"plan":"pro"}}""";

    [Fact]
    public async Task Success_returns_the_status_and_parsed_body_and_says_accepted_is_not_applied()
    {
        using var stub = new TrackStub(200, "{}");

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", Identify);

        Assert.False(result.IsError);
        Assert.Equal(200, result.Content["status_code"]!.GetValue<int>());
        Assert.Equal("{}", result.Content["response"]!.ToJsonString());
        Assert.Equal(
            "Accepted by Customer.io. The Track API applies changes asynchronously, so acceptance does not prove the change was applied (identifier conflicts, for example, only show in the workspace's activity log).",
            result.Content["note"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_region_returns_the_region_without_the_asynchronous_note()
    {
        using var stub = new TrackStub(200, """{"url":"https://track-eu.customer.io","region":"eu","environment_id":7}""");

        var result = await stub.Tools.InvokeAsync("GetTrackApiRegion", "{}");

        Assert.Equal("eu", result.Content["response"]!["region"]!.GetValue<string>());
        Assert.Null(result.Content["note"]);
    }

    // A bare response: null (or {}) would leave the model to guess whether the region is us, eu or unknown.
    [Theory]
    [InlineData("", """{"status_code":200,"response":null,"note":"Customer.io answered without a recognizable url or region, so the workspace's region is unknown. Set it explicitly: CUSTOMERIO_REGION=us or eu (TrackClientOptions.Region in .NET)."}""")]
    [InlineData("{}", """{"status_code":200,"response":{},"note":"Customer.io answered without a recognizable url or region, so the workspace's region is unknown. Set it explicitly: CUSTOMERIO_REGION=us or eu (TrackClientOptions.Region in .NET)."}""")]
    [InlineData("""{"region":"mars"}""", """{"status_code":200,"response":{"region":"mars"},"note":"Customer.io answered without a recognizable url or region, so the workspace's region is unknown. Set it explicitly: CUSTOMERIO_REGION=us or eu (TrackClientOptions.Region in .NET)."}""")]
    [InlineData("""{"url":"https://track.customer.io","environment_id":7}""", """{"status_code":200,"response":{"url":"https://track.customer.io","environment_id":7}}""")]
    public async Task Get_region_answered_without_a_usable_region_says_the_region_is_unknown(string body, string expected)
    {
        using var stub = new TrackStub(200, body);

        var result = await stub.Tools.InvokeAsync("GetTrackApiRegion", "{}");

        Assert.False(result.IsError);
        Assert.Equal(expected, result.ToJson());
    }

    [Fact]
    public async Task A_204_form_submission_has_a_null_response()
    {
        using var stub = new TrackStub(204, "");

        var result = await stub.Tools.InvokeAsync("SubmitFormResponse", """{"mode":"execute","form_identifier":"f","request_body":{"data":{"email":"a@b.io"}}}""");

        Assert.False(result.IsError, result.ToJson());
        Assert.Equal(204, result.Content["status_code"]!.GetValue<int>());
        Assert.True(result.Content.ContainsKey("response"));
        Assert.Null(result.Content["response"]);
    }

    [Theory]
    [InlineData("""{"meta":{"error":"name cannot be blank"}}""", "Customer.io answered 400 to UpdateOrAddPerson: name cannot be blank")]
    [InlineData("""{"meta":{"errors":["attribute name cannot be longer than 150 bytes","cannot identify more than 300 attributes in one request"]}}""",
        "Customer.io answered 400 to UpdateOrAddPerson: attribute name cannot be longer than 150 bytes | cannot identify more than 300 attributes in one request")]
    [InlineData("""{"errors":[{"reason":"required","field":"identifiers","message":"identifiers are required"}]}""",
        "Customer.io answered 400 to UpdateOrAddPerson: field: identifiers; reason: required; message: identifiers are required")]
    public async Task A_400_carries_customer_io_messages_in_every_documented_shape(string body, string message)
    {
        using var stub = new TrackStub(400, body);

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", Identify);

        Assert.True(result.IsError);
        var error = result.Content["error"]!;
        Assert.Equal("api_error", error["kind"]!.GetValue<string>());
        Assert.Equal(400, error["status_code"]!.GetValue<int>());
        Assert.Equal(message, error["message"]!.GetValue<string>());
        Assert.Equal("Customer.io rejected the request as invalid. Fix the fields it names; mode=get_request_schema shows the expected body.", error["hint"]!.GetValue<string>());
    }

    // Every other error kind says whether the request went out; an answer from Customer.io means it did.
    [Fact]
    public async Task An_api_error_says_the_request_was_sent()
    {
        using var stub = new TrackStub(400, """{"meta":{"error":"name cannot be blank"}}""");

        var result = await stub.Tools.InvokeAsync("DeleteCustomer", """{"customer_identifier":"42"}""");

        Assert.Equal(
            """{"error":{"kind":"api_error","status_code":400,"message":"Customer.io answered 400 to DeleteCustomer: name cannot be blank","api_messages":["name cannot be blank"],"response":{"meta":{"error":"name cannot be blank"}},"hint":"Customer.io rejected the request as invalid. Fix the values it names (this tool takes customer_identifier).","sent":true}}""",
            result.ToJson());
    }

    [Fact]
    public async Task A_non_json_success_body_is_returned_as_text()
    {
        using var stub = new TrackStub(200, "The request was received.", options: null);
        stub.Respond(200, "The request was received.", "text/plain");

        var result = await stub.Tools.InvokeAsync("ReportCustomMetrics", """{"mode":"execute","request_body":{"delivery_id":"d","metric":"opened"}}""");

        Assert.False(result.IsError);
        Assert.Equal("The request was received.", result.Content["response"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tools_are_usable_as_microsoft_extensions_ai_functions()
    {
        using var stub = new TrackStub();
        var functions = stub.Tools.AsAIFunctions();

        var delete = functions.Single(f => f.Name == "DeleteCustomer");
        var answer = await delete.InvokeAsync(new AIFunctionArguments { ["customer_identifier"] = "42" });

        Assert.Equal(18, functions.Count);
        Assert.Equal("object", delete.JsonSchema.GetProperty("type").GetString());
        Assert.Equal(["customer_identifier"], delete.JsonSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(200, ((JsonElement)answer!).GetProperty("status_code").GetInt32());
        Assert.Equal("DELETE", Assert.Single(stub.Requests).Method);
    }

    [Fact]
    public async Task An_ai_function_given_parsed_json_arguments_sends_the_body_as_given()
    {
        using var stub = new TrackStub();
        var identify = stub.Tools.AsAIFunctions().Single(f => f.Name == "UpdateOrAddPerson");
        using var body = JsonDocument.Parse("""{"plan" : "pro","seats":5}""");

        var answer = await identify.InvokeAsync(new AIFunctionArguments
        {
            ["mode"] = JsonDocument.Parse("\"execute\"").RootElement,
            ["person_identifier"] = JsonDocument.Parse("\"ann@example.com\"").RootElement,
            ["request_body"] = body.RootElement,
        });

        Assert.Equal(200, ((JsonElement)answer!).GetProperty("status_code").GetInt32());
        Assert.Equal(["PUT /api/v1/customers/ann%40example.com"], stub.Tap.RequestLines);
        Assert.Equal("""{"plan" : "pro","seats":5}""", Assert.Single(stub.Requests).Body);
    }

    // Nothing in the ids needs fixing after a 503: telling the model to fix them sends it looking for a mistake.
    [Theory]
    [InlineData("AddPeopleToSegment", """{"mode":"execute","segment_identifier":7,"identifier_type":"email","request_body":{"ids":["a@b.io","c@d.io"]}}""")]
    [InlineData("RemoveUserFromSegment", """{"mode":"execute","segment_identifier":7,"identification_type":"cio_id","request_body":{"ids":["a1","a2"]}}""")]
    public async Task A_segment_call_answered_503_says_its_items_may_have_been_processed_not_that_they_need_fixing(string tool, string arguments)
    {
        using var stub = new TrackStub(503, "");

        var result = await stub.Tools.InvokeAsync(tool, arguments);

        Assert.Equal(
            "0 of 2 items were accepted, 2 failed, 0 were not sent. The 2 failed items with reason 'request_failed' may or may not have been processed: resending them repeats any that were.",
            result.Content["message"]!.GetValue<string>());
    }

    // A 401, 403 or 404 is about the credentials, the region, the URL or the segment: "fix and resend" sends the model
    // looking for a mistake in items that have none.
    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task Items_of_a_request_refused_for_credentials_or_url_are_resent_unchanged_once_that_is_fixed(int status)
    {
        using var stub = new TrackStub(status, "");

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", """{"mode":"execute","request_body":{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"delete"},{"type":"person","identifiers":{"id":"2"},"action":"delete"}]}}""");

        Assert.Equal(
            $$"""[{"indexes":{"from":0,"to":1},"count":2,"reason":"request_refused","message":"the request was refused with HTTP {{status}}; Customer.io did not process any item in it, and nothing in the items is the cause"}]""",
            result.Content["failed"]!.ToJsonString());
        Assert.Equal(
            "0 of 2 items were accepted, 2 failed, 0 were not sent. The 2 failed items with reason 'request_refused' were not processed and need no change: fix what the hint names (credentials, region, URL or segment), then resend them unchanged.",
            result.Content["message"]!.GetValue<string>());
    }

    // The error says the API answered with a redirect; the items must not say the request got no answer.
    [Fact]
    public async Task Items_of_a_request_answered_with_a_refused_redirect_say_so()
    {
        using var stub = new TrackStub();
        stub.Respond(302, "", headers: new Dictionary<string, string> { ["Location"] = "https://elsewhere.example.com/api/v2/batch" });

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", """{"mode":"execute","request_body":{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"delete"}]}}""");

        Assert.Equal(
            """[{"index":0,"reason":"request_failed","message":"the request was answered with a redirect (HTTP 302) that was not followed; it may or may not have been processed"}]""",
            result.Content["failed"]!.ToJsonString());
    }

    // The client retries even merge after a 429 because nothing was processed; the items must not say otherwise.
    [Fact]
    public async Task Items_of_a_request_answered_429_were_not_processed_and_are_resent_after_the_wait()
    {
        using var stub = new TrackStub();
        stub.Respond(429, "", headers: new Dictionary<string, string> { ["Retry-After"] = "7" });

        var result = await stub.Tools.InvokeAsync("AddPeopleToSegment", """{"mode":"execute","segment_identifier":7,"identifier_type":"email","request_body":{"ids":["a@b.io","c@d.io"]}}""");

        Assert.Equal(
            """[{"indexes":{"from":0,"to":1},"count":2,"reason":"request_rate_limited","message":"the request was rate limited (HTTP 429); Customer.io did not process any item in it"}]""",
            result.Content["failed"]!.ToJsonString());
        Assert.Equal(
            "0 of 2 items were accepted, 2 failed, 0 were not sent. The 2 failed items with reason 'request_rate_limited' were not processed: resend them once the wait in the hint has passed.",
            result.Content["message"]!.GetValue<string>());
    }

    // The client retries even merge after a 503 with Retry-After (any value) because nothing was processed; once its
    // retries ran out, the items must not say they may have been.
    [Theory]
    [InlineData("7")]
    [InlineData("0")]
    public async Task Items_of_a_request_answered_503_with_retry_after_were_not_processed(string retryAfter)
    {
        using var stub = new TrackStub();
        stub.Respond(503, "", headers: new Dictionary<string, string> { ["Retry-After"] = retryAfter });

        var result = await stub.Tools.InvokeAsync("AddPeopleToSegment", """{"mode":"execute","segment_identifier":7,"identifier_type":"email","request_body":{"ids":["a@b.io","c@d.io"]}}""");

        Assert.Equal(
            """[{"indexes":{"from":0,"to":1},"count":2,"reason":"request_unavailable","message":"the request was answered 503 with Retry-After (unavailable); Customer.io did not process any item in it"}]""",
            result.Content["failed"]!.ToJsonString());
        Assert.Equal(
            "0 of 2 items were accepted, 2 failed, 0 were not sent. The 2 failed items with reason 'request_unavailable' were not processed: resend them once the wait in the hint has passed.",
            result.Content["message"]!.GetValue<string>());
    }
}
