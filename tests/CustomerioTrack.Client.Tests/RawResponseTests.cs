using System.Text;
using CustomerioTrack.Client.Models;
using CustomerioTrack.Client.Tests.Support;
using Microsoft.Kiota.Abstractions;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CustomerioTrack.Client.Tests;

/// <summary>TrackApiClient.SendRawAsync hands back status, content type and body whatever the status.</summary>
public sealed class RawResponseTests : IClassFixture<WireMockFixture>
{
    private readonly WireMockFixture _fixture;
    private readonly RecordingHandler _recorder = new();
    private readonly TrackApiClient _client;

    public RawResponseTests(WireMockFixture fixture)
    {
        _fixture = fixture;
        _fixture.Reset();
        _client = TestClients.Create(fixture.BaseUrl, _recorder);
    }

    [Theory]
    [InlineData(200, "application/json", "{}")]
    [InlineData(207, "application/json", """{"errors":[{"batch_index":0,"reason":"invalid","field":"identifiers","message":"x"}]}""")]
    [InlineData(400, "application/json", """{"errors":[{"reason":"required","field":"identifiers","message":"missing"}]}""")]
    [InlineData(500, "text/plain", "upstream exploded")]
    [InlineData(429, "text/plain", "slow down")]
    public async Task ReturnsStatusBodyAndContentType_WithoutThrowing(int status, string contentType, string body)
    {
        _fixture.Server.Given(Request.Create().WithPath("/api/v2/batch").UsingPost()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body));
        var request = _client.Api.V2.Batch.ToPostRequestInformation(new BatchRequest { Batch = [] });

        var response = await _client.SendRawAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(contentType, response.ContentType);
        Assert.Equal(body, Encoding.UTF8.GetString(response.Body.Span));
        Assert.Equal(status is >= 200 and < 300, response.IsSuccess);
        Assert.Single(_fixture.Server.LogEntries);
    }

    [Fact]
    public async Task Headers_of_the_answer_are_readable_after_the_call_by_name_in_any_case()
    {
        _fixture.Server.Given(Request.Create().WithPath("/api/v1/merge_customers").UsingPost()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200)
                .WithHeader("Content-Type", "application/json")
                .WithHeader("X-Note", "first", "second")
                .WithHeader("Content-Language", "en")
                .WithBody("{}"));
        var request = _client.Api.V1.Merge_customers.ToPostRequestInformation(new MergeRequest());

        var response = await _client.SendRawAsync(request);

        // One header looked up before the whole set is collected, then the set, then a lookup through the set.
        Assert.Equal(["first", "second"], response.HeaderValues("x-note"));
        Assert.Equal(["en"], response.HeaderValues("CONTENT-LANGUAGE"));
        Assert.Empty(response.HeaderValues("X-Absent"));
        Assert.Equal(["first", "second"], response.Headers["X-NOTE"]);
        Assert.Equal(["application/json"], response.Headers["content-type"]);
        Assert.Equal(["en"], response.HeaderValues("content-language"));
        Assert.Empty(response.HeaderValues("X-Absent"));
    }

    [Fact]
    public void A_response_made_by_hand_has_the_headers_it_was_given()
    {
        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["X-Note"] = ["a"] };

        Assert.Equal(["a"], new TrackRawResponse(200, null, ReadOnlyMemory<byte>.Empty, null) { Headers = headers }.HeaderValues("x-note"));
        Assert.Empty(new TrackRawResponse(200, null, ReadOnlyMemory<byte>.Empty, null).HeaderValues("x-note"));
        Assert.Empty(new TrackRawResponse(200, null, ReadOnlyMemory<byte>.Empty, null).Headers);
    }

    [Fact]
    public async Task ReturnsRetryAfter()
    {
        _fixture.Server.Given(Request.Create().WithPath("/api/v1/merge_customers").UsingPost()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "7"));
        var request = _client.Api.V1.Merge_customers.ToPostRequestInformation(new MergeRequest());

        var response = await _client.SendRawAsync(request);

        Assert.Equal(429, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.RetryAfter);
    }

    [Fact]
    public async Task Returns204WithEmptyBody()
    {
        _fixture.Server.Given(Request.Create().WithPath("/api/v1/forms/f/submit").UsingPost()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(204));
        var request = _client.Api.V1.Forms["f"].Submit.ToPostRequestInformation(new SubmitFormRequest { Data = new FormData { Id = "1" } });

        var response = await _client.SendRawAsync(request);

        Assert.Equal(204, response.StatusCode);
        Assert.True(response.Body.IsEmpty);
        Assert.True(response.IsSuccess);
    }

    [Fact]
    public async Task SendsTheCallersBytesVerbatim_ThroughTheSamePipeline()
    {
        // As the tools runtime does: a request built from the Kiota URL template, with the caller's exact JSON bytes.
        const string json = """{"ids":["a+b@x.io"],"extra_field_kiota_does_not_know":{"x":[1,2.50,null]}}""";
        var request = new RequestInformation(Method.POST, "{+baseurl}/api/v1/segments/{segment_id}/add_customers{?id_type*}", new Dictionary<string, object>());
        request.PathParameters["segment_id"] = 42;
        request.QueryParameters["id_type"] = "email";
        request.SetStreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)), "application/json");

        var response = await _client.SendRawAsync(request);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("/api/v1/segments/42/add_customers?id_type=email", Assert.Single(_recorder.Requests).PathAndQuery);
        var message = _fixture.SingleRequest();
        Assert.Equal(json, Headers.Body(message));
        Assert.Equal(Credentials.ExpectedAuthorization, Headers.Single(message, "Authorization"));
        Assert.Equal("application/json", Headers.Single(message, "Content-Type"));
    }

    [Fact]
    public async Task AnonymousOperation_ThroughSendRaw_CarriesNoCredentials()
    {
        var request = new RequestInformation(Method.POST, "{+baseurl}/unsubscribe/{delivery_id}", new Dictionary<string, object>());
        request.PathParameters["delivery_id"] = "dlv 1";
        request.SetStreamContent(new MemoryStream("""{"unsubscribe":true}"""u8.ToArray()), "application/json");

        var response = await _client.SendRawAsync(request);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("/unsubscribe/dlv%201", Assert.Single(_recorder.Requests).PathAndQuery);
        Assert.Null(Headers.Get(_fixture.SingleRequest(), "Authorization"));
    }
}
