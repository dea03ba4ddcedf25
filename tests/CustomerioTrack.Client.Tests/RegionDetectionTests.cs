using CustomerioTrack.Client.Http;
using CustomerioTrack.Client.Models;
using CustomerioTrack.Client.Tests.Support;
using Microsoft.Kiota.Abstractions;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CustomerioTrack.Client.Tests;

/// <summary>
/// RegionDetectionHandler, with neither Region nor BaseUrl set: the client addresses https://track.customer.io; the
/// primary handler records the addressed host and sends everything to WireMock.
/// </summary>
public sealed class RegionDetectionTests : IClassFixture<WireMockFixture>
{
    private const string RegionPath = "/api/v1/accounts/region";
    private const string EuAnswer = """{"url":"https://track-eu.customer.io","region":"eu","environment_id":1}""";

    private readonly WireMockFixture _fixture;
    private readonly RecordingHandler _recorder;
    private readonly TrackApiClient _client;

    public RegionDetectionTests(WireMockFixture fixture)
    {
        _fixture = fixture;
        _fixture.Reset();
        _recorder = RecordingHandler.RedirectingCustomerIoHostsTo(fixture.BaseUrl);
        _client = TrackClientFactory.Create(TestClients.Options(baseUrl: null), _recorder);
    }

    private void AnswerRegion(int status, string? json)
    {
        var response = Response.Create().WithStatusCode(status);
        if (json is not null)
        {
            response = response.WithHeader("Content-Type", "application/json").WithBody(json);
        }

        _fixture.Server.Given(Request.Create().WithPath(RegionPath).UsingGet()).AtPriority(1).RespondWith(response);
    }

    private int RegionCalls => _fixture.Server.LogEntries.Count(e => e.RequestMessage.Path == RegionPath);

    [Fact]
    public async Task DetectsOnce_ThenSendsEveryCallToTheWorkspaceHost()
    {
        AnswerRegion(200, EuAnswer);

        await _client.Api.V1.Customers["a+b/c@x.io"].PutAsync(new IdentifyRequest { Email = "a+b/c@x.io" });
        await _client.Api.V1.Customers["cio_abc123"].PutAsync(new IdentifyRequest { Id = "7" });

        Assert.Equal(1, RegionCalls);
        Assert.Collection(
            _recorder.Requests,
            r =>
            {
                Assert.Equal(("GET", "https", "track.customer.io", RegionPath), (r.Method, r.Scheme, r.Host, r.PathAndQuery));
                Assert.Equal(Credentials.ExpectedAuthorization, r.Authorization);
            },
            r =>
            {
                Assert.Equal(("PUT", "https", "track-eu.customer.io", 443), (r.Method, r.Scheme, r.Host, r.Port));
                Assert.Equal("/api/v1/customers/a%2Bb%2Fc%40x.io", r.PathAndQuery);
                Assert.Equal(Credentials.ExpectedAuthorization, r.Authorization);
            },
            r =>
            {
                Assert.Equal(("PUT", "track-eu.customer.io", "/api/v1/customers/cio_abc123"), (r.Method, r.Host, r.PathAndQuery));
                Assert.Equal(Credentials.ExpectedAuthorization, r.Authorization);
            });
        var identifyBodies = _fixture.Server.LogEntries.Where(e => e.RequestMessage.Method == "PUT").Select(e => Headers.Body(e.RequestMessage)).ToList();
        JsonAssert.Equal("""{"email":"a+b/c@x.io"}""", identifyBodies[0]);
        JsonAssert.Equal("""{"id":"7"}""", identifyBodies[1]);
    }

    [Fact]
    public async Task ConcurrentFirstCalls_ShareOneLookup()
    {
        AnswerRegion(200, EuAnswer);

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => _client.Api.V1.Customers[$"p{i}"].DeleteAsync()));

        Assert.Equal(1, RegionCalls);
        Assert.Equal(6, _recorder.Requests.Count(r => r.Method == "DELETE" && r.Host == "track-eu.customer.io"));
        Assert.DoesNotContain(_recorder.Requests, r => r.Method == "DELETE" && r.Host != "track-eu.customer.io");
    }

    [Fact]
    public async Task UsWorkspace_StaysOnTheUsHost()
    {
        AnswerRegion(200, """{"url":"https://track.customer.io","region":"us","environment_id":1}""");

        await _client.Api.V2.Entity.PostAsync(new EntityRequest { PersonAction = new PersonAction { Action = PersonAction_action.Delete, Identifiers = new PersonIdentifiers { Id = "1" } } });
        await _client.Api.V1.Customers["1"].DeleteAsync();

        Assert.Equal(1, RegionCalls);
        Assert.All(_recorder.Requests, r => Assert.Equal("track.customer.io", r.Host));
    }

    [Fact]
    public async Task FailedLookup_IsReturnedToTheCaller_AndNotCached()
    {
        AnswerRegion(401, json: null);

        var error = await Assert.ThrowsAsync<TrackApiException>(() => _client.Api.V1.Customers["1"].PutAsync(new IdentifyRequest { Id = "1" }));

        Assert.Equal(401, error.ResponseStatusCode);
        Assert.Equal(1, RegionCalls);
        Assert.DoesNotContain(_fixture.Server.LogEntries, e => e.RequestMessage.Method == "PUT"); // the call itself was not sent

        _fixture.Reset();
        AnswerRegion(200, EuAnswer);

        await _client.Api.V1.Customers["1"].PutAsync(new IdentifyRequest { Id = "1" });

        Assert.Equal(1, RegionCalls); // asked again after the reset of the log
        Assert.Equal("track-eu.customer.io", _recorder.Requests[^1].Host);
        Assert.Equal(2, _recorder.Requests.Count(r => r.PathAndQuery == RegionPath));
    }

    [Fact]
    public async Task A_call_cancelled_during_the_lookup_says_the_request_was_not_sent()
    {
        _fixture.Server.Given(Request.Create().WithPath(RegionPath).UsingGet()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(EuAnswer).WithDelay(TimeSpan.FromSeconds(3)));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _client.Api.V1.Customers["1"].PutAsync(new IdentifyRequest { Id = "1" }, cancellationToken: cancellation.Token));

        // HttpClient hands it on inside its own TaskCanceledException.
        Assert.True(TrackRegionDetectionCancelledException.IsIn(error), error.ToString());
        var chain = new List<Exception>();
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            chain.Add(e);
        }

        Assert.Equal("The call was cancelled while the workspace's region was being detected (GET /api/v1/accounts/region); the request was not sent.",
            chain.OfType<TrackRegionDetectionCancelledException>().Single().Message);
        Assert.DoesNotContain(_recorder.Requests, r => r.PathAndQuery != RegionPath);
    }

    [Theory]
    [InlineData("""{"url":"https://evil.example","environment_id":1}""")]
    [InlineData("""{"url":"https://track.customer.io.evil.example"}""")]
    [InlineData("""{"url":"http://track-eu.customer.io"}""")]
    [InlineData("""{"url":"https://evil.example","region":"mars"}""")]
    [InlineData("""{}""")]
    public async Task LookupAnswerPointingElsewhere_IsRefused(string answer)
    {
        AnswerRegion(200, answer);

        var error = await Assert.ThrowsAsync<TrackRegionDetectionException>(() => _client.Api.V1.Customers["1"].PutAsync(new IdentifyRequest { Id = "1" }));

        Assert.Contains("region", error.Message, StringComparison.OrdinalIgnoreCase);
        var only = Assert.Single(_recorder.Requests); // only the lookup went out
        Assert.Equal(RegionPath, only.PathAndQuery);
    }

    [Fact]
    public async Task An_unrecognizable_lookup_answer_is_not_asked_again_and_says_the_request_was_not_sent()
    {
        AnswerRegion(200, """{"region":"mars"}""");
        var client = TrackClientFactory.Create(
            TestClients.Options(baseUrl: null).With(o => o.Retry = new TrackRetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(1) }),
            _recorder);

        var error = await Assert.ThrowsAsync<TrackRegionDetectionException>(() => client.Api.V1.Customers["1"].DeleteAsync());

        Assert.False(error.IsTransient);
        Assert.Equal("getRegion answered without a recognizable Customer.io Track url or region, so the request was not sent; set the region explicitly (CUSTOMERIO_REGION=us|eu).", error.Message);
        Assert.Equal(1, RegionCalls); // the same answer would come again: not retried
        Assert.Single(_recorder.Requests);
    }

    [Fact]
    public async Task NonJsonLookupAnswer_IsRefusedWithTheRegionHint()
    {
        AnswerRegion(200, "<html>maintenance</html>");

        var error = await Record.ExceptionAsync(() => _client.Api.V1.Customers["1"].DeleteAsync());

        Assert.IsType<TrackRegionDetectionException>(error);
        Assert.Contains("CUSTOMERIO_REGION", error.Message, StringComparison.Ordinal);
        Assert.Single(_recorder.Requests);
    }

    [Fact]
    public async Task LookupAnswerWithForeignUrlButKnownRegion_UsesTheRegionHost()
    {
        AnswerRegion(200, """{"url":"https://evil.example","region":"eu","environment_id":1}""");

        await _client.Api.V1.Customers["1"].DeleteAsync();

        Assert.Equal(["track.customer.io", "track-eu.customer.io"], _recorder.Requests.Select(r => r.Host));
    }

    [Theory]
    [InlineData(TrackRegion.Eu, "track-eu.customer.io")]
    [InlineData(TrackRegion.Us, "track.customer.io")]
    public async Task ConfiguredRegion_SkipsDetection(TrackRegion region, string host)
    {
        var client = TrackClientFactory.Create(TestClients.Options(baseUrl: null).With(o => o.Region = region), _recorder);

        await client.Api.V1.Customers["1"].DeleteAsync();

        var only = Assert.Single(_recorder.Requests);
        Assert.Equal(host, only.Host);
        Assert.Equal(0, RegionCalls);
    }

    [Fact]
    public async Task ExplicitGetRegionCall_IsNotRedirectedAndNotDoubled()
    {
        AnswerRegion(200, EuAnswer);

        var region = await _client.Api.V1.Accounts.Region.GetAsync();

        Assert.Equal(RegionResponse_region.Eu, region?.Region);
        var only = Assert.Single(_recorder.Requests);
        Assert.Equal("track.customer.io", only.Host);
    }

    [Fact]
    public async Task A_path_starting_with_two_slashes_stays_on_the_workspace_host_when_switching_region()
    {
        // Resolved as a relative reference against the EU host, "//evil.test/..." would name evil.test, and the request
        // already carries the Basic credentials.
        AnswerRegion(200, EuAnswer);

        await _client.Api.V1.Customers["x"].WithUrl("https://track.customer.io//evil.test/api/v1/customers/x?a=%2F").DeleteAsync();

        Assert.Collection(
            _recorder.Requests,
            r => Assert.Equal(RegionPath, r.PathAndQuery),
            r =>
            {
                Assert.Equal(("DELETE", "https", "track-eu.customer.io", 443), (r.Method, r.Scheme, r.Host, r.Port));
                Assert.Equal("//evil.test/api/v1/customers/x?a=%2F", r.PathAndQuery);
            });
    }

    [Fact]
    public async Task A_getRegion_url_with_user_info_is_reduced_to_the_Track_host()
    {
        using var handler = new RegionDetectionHandler(() => new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", "x"))
        {
            InnerHandler = new AnsweringHandler(uri => uri.AbsolutePath == RegionPath
                ? """{"url":"https://someone:secret@track-eu.customer.io/anything"}"""
                : "{}"),
        };
        using var invoker = new HttpMessageInvoker(handler);

        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "https://track.customer.io/api/v1/customers/1"), CancellationToken.None);

        Assert.Equal("https://track-eu.customer.io/", handler.DetectedBaseUrl?.AbsoluteUri);
        Assert.Equal("https://track-eu.customer.io/api/v1/customers/1", response.RequestMessage?.RequestUri?.AbsoluteUri);
    }

    private sealed class AnsweringHandler(Func<Uri, string> body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new StringContent(body(request.RequestUri!), System.Text.Encoding.UTF8, "application/json"),
            });
    }
}

internal static class OptionsExtensions
{
    public static TrackClientOptions With(this TrackClientOptions options, Action<TrackClientOptions> change)
    {
        change(options);
        return options;
    }
}
