using System.Net;
using CustomerioTrack.Client;
using CustomerioTrack.Tools.Tests.Support;

namespace CustomerioTrack.Tools.Tests;

/// <summary>Hints that depend on where the request went and what the status means.</summary>
public sealed class ApiHintTests
{
    private const string Credentials = "The credentials were not accepted. Use the workspace's Site ID together with a Track API key (Customer.io: Settings > API Credentials > Track API Keys); an App API key does not work with the Track API.";

    // A US workspace's requests fail on the EU host and the other way round: the hint names the region not yet tried.
    [Theory]
    [InlineData(TrackRegion.Us, "https://track.customer.io/api/v1/customers/42", " The request went to the US host (track.customer.io): if the workspace is in the EU, set CUSTOMERIO_REGION=eu, or leave it unset so the region is detected.")]
    [InlineData(TrackRegion.Eu, "https://track-eu.customer.io/api/v1/customers/42", " The request went to the EU host (track-eu.customer.io): if the workspace is in the US, set CUSTOMERIO_REGION=us, or leave it unset so the region is detected.")]
    public async Task A_401_from_a_customer_io_track_host_suggests_the_region(TrackRegion region, string uri, string regionHint)
    {
        var handler = new Answering(HttpStatusCode.Unauthorized);
        var client = TrackClientFactory.Create(new TrackClientOptions { SiteId = TrackStub.SiteId, ApiKey = TrackStub.ApiKey, Region = region, Retry = new TrackRetryOptions { MaxRetries = 0 } }, handler);

        var result = await TrackTools.Create(client).InvokeAsync("DeleteCustomer", """{"customer_identifier":"42"}""");

        Assert.Equal(["DELETE " + uri], handler.Requests);
        Assert.Equal(Credentials + regionHint, result.Content["error"]!["hint"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_401_from_a_configured_url_points_at_the_credentials_and_the_url_not_the_region()
    {
        using var stub = new TrackStub(401, "");

        var result = await stub.Tools.InvokeAsync("DeleteCustomer", """{"customer_identifier":"42"}""");

        var authority = new Uri(stub.Server.Url!).GetLeftPart(UriPartial.Authority);
        Assert.Equal(
            Credentials + $" The request went to the configured URL ({authority}), not to a Customer.io Track host: check the credentials and that the URL (CUSTOMERIO_TRACK_URL or BaseUrl) is the one intended.",
            result.Content["error"]!["hint"]!.GetValue<string>());
        Assert.Equal(["DELETE /api/v1/customers/42"], stub.Tap.RequestLines);
    }

    // Only tools with a request body take mode: pointing the others at mode=get_request_schema sends the model after a
    // parameter the tool refuses.
    [Theory]
    [InlineData("DeleteCustomer", """{"customer_identifier":"42"}""", "Customer.io rejected the request as invalid. Fix the values it names (this tool takes customer_identifier).")]
    [InlineData("RemoveCustomerDevice", """{"customer_identifier":"42","device_unique_id":"dev-1"}""", "Customer.io rejected the request as invalid. Fix the values it names (this tool takes customer_identifier, device_unique_id).")]
    [InlineData("SuppressCustomerProfile", """{"unique_person_identifier":"42"}""", "Customer.io rejected the request as invalid. Fix the values it names (this tool takes unique_person_identifier).")]
    [InlineData("UnsuppressCustomerProfile", """{"customer_identifier":"42"}""", "Customer.io rejected the request as invalid. Fix the values it names (this tool takes customer_identifier).")]
    [InlineData("GlobalUnsubscribeUser", """{"delivery_id_for_unsubscription":"dlv1"}""", "Customer.io rejected the request as invalid. Fix the values it names (this tool takes delivery_id_for_unsubscription, set_unsubscribed_attribute).")]
    [InlineData("GetTrackApiRegion", "{}", "Customer.io rejected the request as invalid.")]
    [InlineData("UpdateOrAddPerson", """{"mode":"execute","person_identifier":"42","request_body":{"plan":"pro"}}""", "Customer.io rejected the request as invalid. Fix the fields it names; mode=get_request_schema shows the expected body.")]
    public async Task A_400_points_at_get_request_schema_only_for_tools_that_take_mode(string tool, string arguments, string hint)
    {
        using var stub = new TrackStub(400, """{"meta":{"error":"The delivery_id format is incorrect or the request is malformed."}}""");

        var result = await stub.Tools.InvokeAsync(tool, arguments);

        Assert.Equal(hint, result.Content["error"]!["hint"]!.GetValue<string>());
    }

    // /unsubscribe and /api/v1/metrics take no credentials and none are sent: a 401 or 403 there is not about the Site ID
    // or the API key, so pointing at them sends the user after the wrong thing.
    [Theory]
    [InlineData("GlobalUnsubscribeUser", """{"delivery_id_for_unsubscription":"dlv1"}""", 401)]
    [InlineData("ReportCustomMetrics", """{"mode":"execute","request_body":{"delivery_id":"d1","metric":"opened"}}""", 401)]
    [InlineData("GlobalUnsubscribeUser", """{"delivery_id_for_unsubscription":"dlv1"}""", 403)]
    public async Task A_401_or_403_to_an_operation_without_credentials_does_not_blame_the_credentials(string tool, string arguments, int status)
    {
        using var stub = new TrackStub(status, "");

        var result = await stub.Tools.InvokeAsync(tool, arguments);

        Assert.Null(TrackStub.Header(stub.Requests.Single(), "Authorization"));
        var authority = new Uri(stub.Server.Url!).GetLeftPart(UriPartial.Authority);
        Assert.Equal(
            $"This operation takes no credentials and none were sent, so the Site ID and the Track API key are not the cause. The request went to {authority}: check that this is the Track API's URL (CUSTOMERIO_TRACK_URL or BaseUrl) and whether a proxy in between refused it.",
            result.Content["error"]!["hint"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_501_says_the_server_does_not_implement_the_operation_and_retrying_will_not_help()
    {
        using var stub = new TrackStub(501, "");

        var result = await stub.Tools.InvokeAsync("DeleteCustomer", """{"customer_identifier":"42"}""");

        Assert.Equal(
            """{"error":{"kind":"api_error","status_code":501,"message":"Customer.io answered 501 to DeleteCustomer.","hint":"The server that answered does not implement this operation; retrying will not help.","sent":true}}""",
            result.ToJson());
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Other_5xx_answers_stay_temporary(int status)
    {
        using var stub = new TrackStub(status, "");

        var result = await stub.Tools.InvokeAsync("DeleteCustomer", """{"customer_identifier":"42"}""");

        Assert.Equal("A temporary problem on Customer.io's side; retrying later should work.", result.Content["error"]!["hint"]!.GetValue<string>());
    }

    // The client does not retry these operations after such an answer because repeating them may act twice; the hint
    // must not tell the model the opposite.
    [Theory]
    [InlineData("ReportCustomMetrics", """{"mode":"execute","request_body":{"delivery_id":"d1","metric":"opened"}}""", 500)]
    [InlineData("MergeCustomerProfiles", """{"mode":"execute","request_body":{"primary":{"id":"1"},"secondary":{"id":"2"}}}""", 502)]
    [InlineData("SubmitFormResponse", """{"mode":"execute","form_identifier":"f1","request_body":{"data":{"email":"a@b.io"}}}""", 504)]
    [InlineData("GlobalUnsubscribeUser", """{"delivery_id_for_unsubscription":"dlv1"}""", 408)]
    public async Task A_failure_that_may_have_been_processed_warns_that_the_operation_is_not_safe_to_repeat(string tool, string arguments, int status)
    {
        using var stub = new TrackStub(status, "");

        var result = await stub.Tools.InvokeAsync(tool, arguments);

        Assert.Equal(
            $"A temporary problem on Customer.io's side, but the request may or may not have been processed, and {tool} is not safe to repeat: sending it again may apply it twice. Check whether it took effect (the workspace's activity log) before sending it again.",
            result.Content["error"]!["hint"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_503_with_retry_after_to_an_operation_not_safe_to_repeat_still_says_to_retry()
    {
        using var stub = new TrackStub();
        stub.Respond(503, "", headers: new Dictionary<string, string> { ["Retry-After"] = "5" });

        var result = await stub.Tools.InvokeAsync("ReportCustomMetrics", """{"mode":"execute","request_body":{"delivery_id":"d1","metric":"opened"}}""");

        Assert.Equal("A temporary problem on Customer.io's side; retrying later should work. Customer.io asked to wait 5 s before retrying.", result.Content["error"]!["hint"]!.GetValue<string>());
    }

    // The retry handler repeats even metrics after a 503 with any Retry-After, a 0 included: it was not processed.
    [Fact]
    public async Task A_503_with_retry_after_0_to_an_operation_not_safe_to_repeat_does_not_say_it_may_have_been_processed()
    {
        using var stub = new TrackStub();
        stub.Respond(503, "", headers: new Dictionary<string, string> { ["Retry-After"] = "0" });

        var result = await stub.Tools.InvokeAsync("ReportCustomMetrics", """{"mode":"execute","request_body":{"delivery_id":"d1","metric":"opened"}}""");

        Assert.Equal("A temporary problem on Customer.io's side; retrying later should work.", result.Content["error"]!["hint"]!.GetValue<string>());
    }

    // Bodies over Customer.io's documented limits never leave: quoting those limits after a 413 sends the model after
    // a size it already keeps to.
    [Fact]
    public async Task A_413_points_at_a_proxy_or_a_changed_limit_not_at_the_limits_already_checked()
    {
        using var stub = new TrackStub(413, "");

        var result = await stub.Tools.InvokeAsync("ManageEntity", """{"mode":"execute","request_body":{"type":"person","identifiers":{"id":"1"},"action":"delete"}}""");

        Assert.Equal(
            "Refused as too large, though the request is within Customer.io's documented size limits, which are checked before sending: more likely a proxy between this machine and Customer.io limits request size, or Customer.io changed its limit. Check any proxy; otherwise send less in one call.",
            result.Content["error"]!["hint"]!.GetValue<string>());
    }

    // A 429 is about how fast this side sends, not a problem on Customer.io's side.
    [Theory]
    [InlineData("7", "Customer.io is rate limiting these requests: wait 7 s (Retry-After) before sending again, and send fewer requests at a time.")]
    [InlineData(null, "Customer.io is rate limiting these requests: wait before sending again, and send fewer requests at a time.")]
    public async Task A_429_says_rate_limited_and_how_long_to_wait(string? retryAfter, string hint)
    {
        using var stub = new TrackStub();
        stub.Respond(429, "", headers: retryAfter is null ? null : new Dictionary<string, string> { ["Retry-After"] = retryAfter });

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", """{"mode":"execute","person_identifier":"42","request_body":{"plan":"pro"}}""");

        Assert.Equal(hint, result.Content["error"]!["hint"]!.GetValue<string>());
    }

    // A path without identifiers leaves only the URL to check: pointing at identifiers sends the model after nothing.
    [Theory]
    [InlineData("GetTrackApiRegion", "{}")]
    [InlineData("ReportCustomMetrics", """{"mode":"execute","request_body":{"delivery_id":"d1","metric":"opened"}}""")]
    [InlineData("BatchProcessRequests", """{"mode":"execute","request_body":{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"delete"}]}}""")]
    [InlineData("MergeCustomerProfiles", """{"mode":"execute","request_body":{"primary":{"id":"1"},"secondary":{"id":"2"}}}""")]
    public async Task A_404_to_a_path_without_identifiers_points_at_the_url(string tool, string arguments)
    {
        using var stub = new TrackStub(404, "404 page not found");

        var result = await stub.Tools.InvokeAsync(tool, arguments);

        var authority = new Uri(stub.Server.Url!).GetLeftPart(UriPartial.Authority);
        Assert.Equal(
            $"Nothing was found at this path on {authority}, and the path holds no identifiers: check that this is the Track API's URL (CUSTOMERIO_TRACK_URL or BaseUrl).",
            result.Content["error"]!["hint"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_404_to_a_path_with_identifiers_points_at_them()
    {
        using var stub = new TrackStub(404, "");

        var result = await stub.Tools.InvokeAsync("AddPeopleToSegment", """{"mode":"execute","segment_identifier":7,"request_body":{"ids":["42"]}}""");

        Assert.Equal("Customer.io found nothing at this path; check the identifiers (for segments: the manual segment must already exist).", result.Content["error"]!["hint"]!.GetValue<string>());
    }

    private sealed class Answering(HttpStatusCode status) : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.Method.Method + " " + request.RequestUri!.AbsoluteUri);
            return Task.FromResult(new HttpResponseMessage(status) { RequestMessage = request, Content = new StringContent("") });
        }
    }
}
