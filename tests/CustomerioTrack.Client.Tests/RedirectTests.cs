using CustomerioTrack.Client.Http;
using CustomerioTrack.Client.Models;
using CustomerioTrack.Client.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace CustomerioTrack.Client.Tests;

/// <summary>SafeRedirectHandler: redirects are followed only to hosts allowed to receive credentials.</summary>
public sealed class RedirectTests : IClassFixture<WireMockFixture>, IDisposable
{
    private readonly WireMockFixture _origin;
    private readonly WireMockServer _foreign = WireMockServer.Start();
    private readonly RecordingHandler _recorder = new();

    public RedirectTests(WireMockFixture origin)
    {
        _origin = origin;
        _origin.Reset();
        _foreign.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{}"));
    }

    public void Dispose() => _foreign.Dispose();

    private void Redirect(string path, int status, string location, string method = "POST") =>
        _origin.Server.Given(Request.Create().WithPath(path).UsingMethod(method)).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Location", location));

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task RedirectToAForeignHost_IsRefused_AndTheForeignHostIsNeverContacted(int status)
    {
        Redirect("/api/v1/merge_customers", status, _foreign.Url + "/steal");
        var client = TestClients.Create(_origin.BaseUrl, _recorder);

        var error = await Assert.ThrowsAsync<TrackRedirectRefusedException>(() => client.Api.V1.Merge_customers.PostAsync(
            new MergeRequest { Primary = new PersonSelector { Id = "1" }, Secondary = new PersonSelector { Id = "2" } }));

        Assert.Equal(status, error.RedirectStatusCode);
        Assert.Equal(new Uri(_foreign.Url + "/steal"), error.Target);
        Assert.Contains(new Uri(_foreign.Url!).Authority, error.Message, StringComparison.Ordinal);
        Assert.Empty(_foreign.LogEntries);
        Assert.Single(_origin.Server.LogEntries);
        Assert.All(_recorder.Requests, r => Assert.Equal(_origin.BaseUrl.Port, r.Port));
    }

    [Theory]
    [InlineData("https://evil.example/api/v1/customers/1")]
    [InlineData("https://track.customer.io.evil.example/api/v1/customers/1")]
    [InlineData("http://track.customer.io/api/v1/customers/1")]
    public async Task RedirectToLookalikeOrDowngradedHost_IsRefusedBeforeAnythingIsSent(string location)
    {
        Redirect("/api/v1/customers/1", 307, location, "PUT");
        var client = TestClients.Create(_origin.BaseUrl, _recorder);

        var error = await Assert.ThrowsAsync<TrackRedirectRefusedException>(() => client.Api.V1.Customers["1"].PutAsync(new IdentifyRequest()));

        Assert.Contains(new Uri(location).GetLeftPart(UriPartial.Authority), error.Message, StringComparison.Ordinal);
        var only = Assert.Single(_recorder.Requests);
        Assert.Equal(_origin.BaseUrl.Port, only.Port);
    }

    [Fact]
    public async Task RedirectWithoutLocation_IsRefused()
    {
        _origin.Server.Given(Request.Create().WithPath("/api/v1/customers/1").UsingPut()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(302));
        var client = TestClients.Create(_origin.BaseUrl, _recorder);

        var error = await Assert.ThrowsAsync<TrackRedirectRefusedException>(() => client.Api.V1.Customers["1"].PutAsync(new IdentifyRequest()));

        Assert.Null(error.Target);
        Assert.Equal(302, error.RedirectStatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RedirectToTheConfiguredHost_IsFollowed_WithMethodBodyAndCredentialsIntact(bool absoluteLocation)
    {
        var location = (absoluteLocation ? _origin.Server.Url : string.Empty) + "/api/v1/merge_customers_moved";
        Redirect("/api/v1/merge_customers", 307, location);
        _origin.Server.Given(Request.Create().WithPath("/api/v1/merge_customers_moved").UsingPost()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{}"));
        var client = TestClients.Create(_origin.BaseUrl, _recorder);

        var result = await client.Api.V1.Merge_customers.PostAsync(
            new MergeRequest { Primary = new PersonSelector { Email = "a@x.io" }, Secondary = new PersonSelector { Id = "2" } });

        Assert.NotNull(result);
        var entries = _origin.Server.LogEntries.Select(e => e.RequestMessage).ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal("/api/v1/merge_customers", entries[0].Path);
        Assert.Equal("/api/v1/merge_customers_moved", entries[1].Path);
        foreach (var message in entries)
        {
            Assert.Equal("POST", message.Method);
            Assert.Equal(Credentials.ExpectedAuthorization, Headers.Single(message, "Authorization"));
            Assert.Equal("application/json", Headers.Single(message, "Content-Type"));
            JsonAssert.Equal("""{"primary":{"email":"a@x.io"},"secondary":{"id":"2"}}""", Headers.Body(message));
        }

        Assert.Empty(_foreign.LogEntries);
    }

    [Fact]
    public async Task RedirectLoop_StopsAfterFiveHops()
    {
        Redirect("/api/v1/customers/1", 307, "/api/v1/customers/1", "DELETE");
        var client = TestClients.Create(_origin.BaseUrl, _recorder);

        var error = await Assert.ThrowsAsync<TrackRedirectRefusedException>(() => client.Api.V1.Customers["1"].DeleteAsync());

        Assert.Equal(307, error.RedirectStatusCode);
        Assert.Equal(6, _origin.Server.LogEntries.Count()); // the request and five followed redirects
        // The host is allowed: the message must not call it a foreign one.
        Assert.Equal(
            $"The Track API redirected more than 5 times (the last 307 to {_origin.BaseUrl.GetLeftPart(UriPartial.Authority)}); the redirect was not followed. Check the configured base URL and any proxy in between.",
            error.Message);
    }

    [Theory]
    [InlineData("https://evil.example/api/v1/customers/1", " Check the configured base URL and any proxy in between.")]
    [InlineData("https://fly.customer.io/api/v1/customers/1", " If the workspace is in the other region than the one configured, set the region (CUSTOMERIO_REGION=us or eu).")]
    [InlineData("https://track.customer.io.evil.example/api/v1/customers/1", " Check the configured base URL and any proxy in between.")]
    public async Task A_refused_redirect_hints_at_the_region_only_for_a_customer_io_host(string location, string hint)
    {
        Redirect("/api/v1/customers/1", 307, location, "PUT");
        var client = TestClients.Create(_origin.BaseUrl, _recorder);

        var error = await Assert.ThrowsAsync<TrackRedirectRefusedException>(() => client.Api.V1.Customers["1"].PutAsync(new IdentifyRequest()));

        Assert.Equal(
            $"The Track API answered 307 redirecting to {new Uri(location).GetLeftPart(UriPartial.Authority)}, which is not a Customer.io Track host or the configured base URL. The redirect was not followed and no credentials were sent there." + hint,
            error.Message);
    }

    [Fact]
    public async Task UsToEuRedirect_IsFollowedWithCredentials()
    {
        _origin.Server.Given(Request.Create().WithPath("/api/v1/customers/1").UsingPut()).AtPriority(1)
            .InScenario("move").WillSetStateTo("moved")
            .RespondWith(Response.Create().WithStatusCode(308).WithHeader("Location", "https://track-eu.customer.io/api/v1/customers/1"));
        _origin.Server.Given(Request.Create().WithPath("/api/v1/customers/1").UsingPut()).AtPriority(1)
            .InScenario("move").WhenStateIs("moved")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{}"));
        var recorder = RecordingHandler.RedirectingCustomerIoHostsTo(_origin.BaseUrl);
        var client = TrackClientFactory.Create(
            new TrackClientOptions { SiteId = Credentials.SiteId, ApiKey = Credentials.ApiKey, Region = TrackRegion.Us, Retry = new TrackRetryOptions { MaxRetries = 0 } },
            recorder);

        await client.Api.V1.Customers["1"].PutAsync(new IdentifyRequest { Email = "a@x.io" });

        Assert.Equal(["track.customer.io", "track-eu.customer.io"], recorder.Requests.Select(r => r.Host));
        Assert.All(recorder.Requests, r => Assert.Equal(Credentials.ExpectedAuthorization, r.Authorization));
        Assert.All(_origin.Server.LogEntries, e => JsonAssert.Equal("""{"email":"a@x.io"}""", Headers.Body(e.RequestMessage)));
    }

    [Fact]
    public async Task RefusedRedirect_IsNotRetried()
    {
        Redirect("/api/v1/customers/1", 307, _foreign.Url + "/steal", "PUT");
        var client = TestClients.Create(_origin.BaseUrl, _recorder, o => o.Retry = new TrackRetryOptions { MaxRetries = 3, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) });

        await Assert.ThrowsAsync<TrackRedirectRefusedException>(() => client.Api.V1.Customers["1"].PutAsync(new IdentifyRequest()));

        Assert.Single(_origin.Server.LogEntries);
        Assert.Empty(_foreign.LogEntries);
    }
}
