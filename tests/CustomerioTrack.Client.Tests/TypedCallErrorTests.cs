using System.Diagnostics;
using CustomerioTrack.Client.Http;
using CustomerioTrack.Client.Models;
using CustomerioTrack.Client.Tests.Support;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Http.HttpClientLibrary;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CustomerioTrack.Client.Tests;

/// <summary>
/// What a typed call throws for each failing answer, on both send paths: straight to the HttpClient ("direct"), and
/// through Kiota's adapter because someone listens to Kiota's tracing ("traced"). Same answer, same exception and text.
/// </summary>
[Collection(KiotaTracingCollection.Name)]
public sealed class TypedCallErrorTests : IClassFixture<WireMockFixture>
{
    private const string LongSiteId = "site-3f9a2c7e";
    private const string LongApiKey = "key-8d1b5f0a6c2e4f7a";

    private readonly WireMockFixture _fixture;
    private readonly string _origin;

    public TypedCallErrorTests(WireMockFixture fixture)
    {
        _fixture = fixture;
        _fixture.Reset();
        _origin = fixture.BaseUrl.GetLeftPart(UriPartial.Authority);
    }

    public static TheoryData<string> Paths => new() { "direct", "traced" };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_401_names_the_status_Customerios_message_and_the_credentials_and_base_URL_to_check(string path)
    {
        Answer("/api/v1/customers/ann", "PUT", 401, """{"meta":{"error":"Unauthorized request"}}""", "application/json");

        var error = await ThrowsAsync<TrackApiException>(path, client => client.Api.V1.Customers["ann"].PutAsync(new IdentifyRequest()));

        Assert.Equal(
            "The Track API answered 401 Unauthorized: \"Unauthorized request\". Check the Site ID and the Track API key (Customer.io: Settings > API Credentials > Track API Keys; an App API key does not work here), "
            + $"and the base URL: the request went to {_origin}, not to a Customer.io Track host (TrackClientOptions.BaseUrl).",
            error.Message);
        Assert.Equal(401, error.ResponseStatusCode);
        Assert.Equal(["Unauthorized request"], error.ApiMessages);
        Assert.Equal("""{"meta":{"error":"Unauthorized request"}}""", error.ResponseBody);
        Assert.Null(error.RetryAfter);
        Assert.IsAssignableFrom<ApiException>(error);
    }

    [Theory]
    [InlineData("direct", "https://track.customer.io", "the request went to the US host (track.customer.io); an EU workspace needs TrackClientOptions.Region = TrackRegion.Eu.")]
    [InlineData("traced", "https://track.customer.io", "the request went to the US host (track.customer.io); an EU workspace needs TrackClientOptions.Region = TrackRegion.Eu.")]
    [InlineData("direct", "https://track-eu.customer.io", "the request went to the EU host (track-eu.customer.io); a US workspace needs TrackClientOptions.Region = TrackRegion.Us.")]
    [InlineData("traced", "https://track-eu.customer.io", "the request went to the EU host (track-eu.customer.io); a US workspace needs TrackClientOptions.Region = TrackRegion.Us.")]
    public async Task A_401_from_a_Customerio_host_points_at_the_other_region(string path, string host, string regionHint)
    {
        Answer("/api/v1/customers/ann", "PUT", 401, """{"meta":{"error":"Unauthorized request"}}""", "application/json");
        var client = TestClients.Create(new Uri(host), RecordingHandler.RedirectingCustomerIoHostsTo(_fixture.BaseUrl));

        var error = await ThrowsAsync<TrackApiException>(path, client, c => c.Api.V1.Customers["ann"].PutAsync(new IdentifyRequest()));

        Assert.EndsWith(", and the region: " + regionHint, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_404_with_an_empty_body_says_so_and_points_at_the_base_URL(string path)
    {
        Answer("/api/v1/customers/ann/suppress", "POST", 404, body: null, contentType: null);

        var error = await ThrowsAsync<TrackApiException>(path, client => client.Api.V1.Customers["ann"].Suppress.PostAsync());

        Assert.Equal(
            $"The Track API answered 404 Not Found with an empty body. Nothing was found at this path on {_origin}: check the base URL (TrackClientOptions.BaseUrl or Region) and the identifiers in the path (a segment must already exist).",
            error.Message);
        Assert.Equal(404, error.ResponseStatusCode);
        Assert.Empty(error.ResponseBody);
        Assert.Empty(error.ApiMessages);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_429_gives_Retry_After_as_a_property_in_the_message_and_in_the_headers(string path)
    {
        _fixture.Server.Given(Request.Create().WithPath("/api/v1/merge_customers").UsingPost()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "7").WithHeader("Content-Type", "application/json")
                .WithBody("""{"meta":{"errors":["too many requests","slow down"]}}"""));

        var error = await ThrowsAsync<TrackApiException>(path, client => client.Api.V1.Merge_customers.PostAsync(new MergeRequest()));

        Assert.Equal(
            "The Track API answered 429 Too Many Requests: \"too many requests\"; \"slow down\". Rate limited by Customer.io: wait 7 s (Retry-After) before sending again.",
            error.Message);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Equal(["7"], error.ResponseHeaders["retry-after"]);
        Assert.Equal(["too many requests", "slow down"], error.ApiMessages);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_500_with_a_v2_error_body_quotes_each_error_and_says_to_retry_later(string path)
    {
        Answer("/api/v2/entity", "POST", 500, """{"errors":[{"reason":"internal","field":"identifiers","message":"try again"}]}""", "application/json");

        var error = await ThrowsAsync<TrackApiException>(path, client => client.Api.V2.Entity.PostAsync(new EntityRequest { PersonAction = new PersonAction() }));

        Assert.Equal(
            "The Track API answered 500 Internal Server Error: \"identifiers: try again (internal)\". A problem on Customer.io's side: retry later.",
            error.Message);
        Assert.Equal(500, error.ResponseStatusCode);
    }

    [Theory]
    [InlineData("direct", """{"meta":"down","errors":"down"}""")]
    [InlineData("traced", """{"meta":"down","errors":"down"}""")]
    [InlineData("direct", """{"meta":{"error":7,"errors":[1,{"a":2}]},"errors":[3,"x",[]]}""")]
    [InlineData("traced", """{"meta":{"error":7,"errors":[1,{"a":2}]},"errors":[3,"x",[]]}""")]
    [InlineData("direct", """{"message":"gateway timeout"}""")]
    [InlineData("traced", """{"message":"gateway timeout"}""")]
    public async Task JSON_of_another_shape_is_quoted_as_it_is(string path, string body)
    {
        Answer("/api/v1/customers/ann", "PUT", 504, body, "application/json");

        var error = await ThrowsAsync<TrackApiException>(path, client => client.Api.V1.Customers["ann"].PutAsync(new IdentifyRequest()));

        Assert.Equal($"The Track API answered 504 Gateway Timeout with this body (application/json): \"{body}\". A problem on Customer.io's side: retry later.", error.Message);
        Assert.Empty(error.ApiMessages);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_proxys_HTML_page_is_quoted_as_its_text(string path)
    {
        const string Page = "<html><head><title>502 Bad Gateway</title><style>h1 { color: red }</style></head>\n<body><h1>Bad   Gateway</h1><script>var x = 1;</script><p>nginx</p></body></html>";
        Answer("/api/v1/customers/ann", "PUT", 502, Page, "text/html");

        var error = await ThrowsAsync<TrackApiException>(path, client => client.Api.V1.Customers["ann"].PutAsync(new IdentifyRequest()));

        Assert.Equal(
            "The Track API answered 502 Bad Gateway with this body (text/html): \"502 Bad Gateway Bad Gateway nginx\". A problem on Customer.io's side: retry later.",
            error.Message);
        Assert.Equal(Page, error.ResponseBody);
        Assert.Empty(error.ApiMessages);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_page_of_unclosed_script_tags_is_quoted_instead_of_timing_out_the_tag_stripper(string path)
    {
        // With a backtracking pattern this page takes over a second to strip and the match timeout escapes instead.
        var page = string.Concat(Enumerable.Repeat("<script ", 8 * 1024));
        Answer("/api/v1/customers/ann", "PUT", 502, page, "text/html");

        var error = await ThrowsAsync<TrackApiException>(path, client => client.Api.V1.Customers["ann"].PutAsync(new IdentifyRequest()));

        Assert.Equal(
            $"The Track API answered 502 Bad Gateway with this body (text/html): \"{page.TrimEnd()[..300]}…\". A problem on Customer.io's side: retry later.",
            error.Message);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_long_plain_text_body_is_cut_in_the_message_and_kept_whole_in_ResponseBody(string path)
    {
        var body = "request too large " + new string('x', 400);
        Answer("/api/v2/batch", "POST", 413, body, "text/plain");

        var error = await ThrowsAsync<TrackApiException>(path, client => client.Api.V2.Batch.PostAsync(new BatchRequest { Batch = [] }));

        Assert.Equal(
            $"The Track API answered 413 Payload Too Large with this body (text/plain): \"{body[..300]}…\". The request body is too large for Customer.io: an entity request and each batch item must be under 32 KB, a batch under 500 KB.",
            error.Message);
        Assert.Equal(body, error.ResponseBody);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Credentials_echoed_by_an_error_body_are_redacted_everywhere(string path)
    {
        var basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(LongSiteId + ":" + LongApiKey));
        Answer("/api/v1/customers/ann", "PUT", 403, $$$"""{"meta":{"error":"key {{{LongApiKey}}} is not allowed for site {{{LongSiteId}}} (Basic {{{basic}}})"}}""", "application/json");
        var client = TestClients.Create(_fixture.BaseUrl, new RecordingHandler(), options =>
        {
            options.SiteId = LongSiteId;
            options.ApiKey = LongApiKey;
        });

        var error = await ThrowsAsync<TrackApiException>(path, client, c => c.Api.V1.Customers["ann"].PutAsync(new IdentifyRequest()));

        Assert.Equal(
            "The Track API answered 403 Forbidden: \"key [redacted] is not allowed for site [redacted] ([redacted])\". Customer.io refused this operation for these credentials: check that the Track API key belongs to this workspace.",
            error.Message);
        Assert.Equal(["key [redacted] is not allowed for site [redacted] ([redacted])"], error.ApiMessages);
        Assert.DoesNotContain(LongApiKey, error.ResponseBody, StringComparison.Ordinal);
        Assert.DoesNotContain(LongApiKey, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_400_with_its_declared_model_still_throws_that_model(string path)
    {
        Answer("/api/v1/customers/ann", "PUT", 400, """{"meta":{"error":"name cannot be blank"}}""", "application/json");

        var error = await ThrowsAsync<V1ErrorResponse>(path, client => client.Api.V1.Customers["ann"].PutAsync(new IdentifyRequest()));

        Assert.Equal(400, error.ResponseStatusCode);
        Assert.Equal(["name cannot be blank"], error.Messages);
        Assert.Equal("Exception of type 'CustomerioTrack.Client.Models.V1ErrorResponse' was thrown.", error.Message);
    }

    [Theory]
    [InlineData("direct", null, null, "with an empty body")]
    [InlineData("traced", null, null, "with an empty body")]
    [InlineData("direct", "bad request", "text/plain", "with this body (text/plain): \"bad request\"")]
    [InlineData("traced", "bad request", "text/plain", "with this body (text/plain): \"bad request\"")]
    [InlineData("direct", "{not json", "application/json", "with this body (application/json): \"{not json\"")]
    [InlineData("traced", "{not json", "application/json", "with this body (application/json): \"{not json\"")]
    public async Task A_400_whose_body_is_not_its_model_says_what_the_body_was(string path, string? body, string? contentType, string said)
    {
        Answer("/api/v1/customers/ann", "PUT", 400, body, contentType);

        var error = await ThrowsAsync<TrackApiException>(path, client => client.Api.V1.Customers["ann"].PutAsync(new IdentifyRequest()));

        Assert.Equal($"The Track API answered 400 Bad Request {said}. Customer.io rejected the request as invalid: fix what it names.", error.Message);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_400_on_an_operation_that_declares_no_model_is_a_TrackApiException(string path)
    {
        Answer("/api/v1/customers/ann/unsuppress", "POST", 400, """{"meta":{"error":"not suppressed"}}""", "application/json");

        var error = await ThrowsAsync<TrackApiException>(path, client => client.Api.V1.Customers["ann"].Unsuppress.PostAsync());

        Assert.Equal("The Track API answered 400 Bad Request: \"not suppressed\". Customer.io rejected the request as invalid: fix what it names.", error.Message);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Calls_answered_without_a_model_fail_the_same_way(string path)
    {
        Answer("/api/v1/forms/f1/submit", "POST", 503, """{"meta":{"error":"maintenance"}}""", "application/json");
        Answer("/api/v1/metrics", "POST", 503, """{"meta":{"error":"maintenance"}}""", "application/json");
        const string Expected = "The Track API answered 503 Service Unavailable: \"maintenance\". A problem on Customer.io's side: retry later.";

        var form = await ThrowsAsync<TrackApiException>(path, client => client.Api.V1.Forms["f1"].Submit.PostAsync(new SubmitFormRequest { Data = new FormData { Email = "a@x.io" } }));
        var metrics = await ThrowsAsync<TrackApiException>(path, client => client.Api.V1.Metrics.PostAsync(new MetricsRequest { DeliveryId = "d", Metric = MetricsRequest_metric.Opened }));

        Assert.Equal(Expected, form.Message);
        Assert.Equal(Expected, metrics.Message);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task An_error_body_over_the_answer_limit_is_not_read(string path)
    {
        Answer("/api/v1/customers/ann", "PUT", 500, new string('x', (int)AttemptTimeoutHandler.MaxResponseBytes + 1), "text/plain");

        var error = await ThrowsAsync<TrackResponseTooLargeException>(path, client => client.Api.V1.Customers["ann"].PutAsync(new IdentifyRequest()));

        Assert.Equal(500, error.ResponseStatusCode);
    }

    [Fact]
    public async Task The_traced_path_is_really_Kiotas()
    {
        // Guards the tests above: with the listener, Kiota's adapter sends the call (it opens its SendAsync span).
        var started = new List<string>();
        using var listener = KiotaListener(started);
        ActivitySource.AddActivityListener(listener);
        Answer("/api/v1/customers/ann", "PUT", 404, body: null, contentType: null);

        await Assert.ThrowsAsync<TrackApiException>(() => TestClients.Create(_fixture.BaseUrl, new RecordingHandler()).Api.V1.Customers["ann"].PutAsync(new IdentifyRequest()));

        Assert.Contains(started, name => name.StartsWith("SendAsync", StringComparison.Ordinal));
    }

    private void Answer(string urlPath, string method, int status, string? body, string? contentType)
    {
        var response = Response.Create().WithStatusCode(status);
        if (contentType is not null)
        {
            response = response.WithHeader("Content-Type", contentType);
        }

        if (body is not null)
        {
            response = response.WithBody(body);
        }

        _fixture.Server.Given(Request.Create().WithPath(urlPath).UsingMethod(method)).AtPriority(1).RespondWith(response);
    }

    private Task<T> ThrowsAsync<T>(string path, Func<TrackApiClient, Task> call)
        where T : Exception =>
        ThrowsAsync<T>(path, TestClients.Create(_fixture.BaseUrl, new RecordingHandler()), call);

    private static async Task<T> ThrowsAsync<T>(string path, TrackApiClient client, Func<TrackApiClient, Task> call)
        where T : Exception
    {
        if (path == "direct")
        {
            return await Assert.ThrowsAsync<T>(() => call(client));
        }

        using var listener = KiotaListener([]);
        ActivitySource.AddActivityListener(listener);
        return await Assert.ThrowsAsync<T>(() => call(client));
    }

    private static ActivityListener KiotaListener(List<string> started) => new()
    {
        ShouldListenTo = source => source.Name == new ObservabilityOptions().TracerInstrumentationName,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        ActivityStarted = activity =>
        {
            lock (started)
            {
                started.Add(activity.OperationName);
            }
        },
    };
}
