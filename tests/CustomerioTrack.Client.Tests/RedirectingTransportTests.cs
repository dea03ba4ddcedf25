using CustomerioTrack.Client.Models;
using CustomerioTrack.Client.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace CustomerioTrack.Client.Tests;

/// <summary>
/// SafeRedirectHandler only sees a redirect when the transport under it does not follow it first. A transport that
/// follows redirects itself (HttpClientHandler's default, and so IHttpClientFactory's default primary handler) would
/// send the body to whatever host a 307 names: the call must fail before anything is sent, saying what to change.
/// </summary>
public sealed class RedirectingTransportTests : IClassFixture<WireMockFixture>, IDisposable
{
    private readonly WireMockFixture _origin;
    private readonly WireMockServer _foreign = WireMockServer.Start();

    public RedirectingTransportTests(WireMockFixture origin)
    {
        _origin = origin;
        _origin.Reset();
        _origin.Server.Given(Request.Create().WithPath("/api/v1/merge_customers").UsingPost()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(307).WithHeader("Location", _foreign.Url + "/steal"));
        _foreign.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{}"));
    }

    public void Dispose() => _foreign.Dispose();

    private static MergeRequest Merge() => new() { Primary = new PersonSelector { Email = "ann@example.com" }, Secondary = new PersonSelector { Id = "2" } };

    [Fact]
    public async Task A_primary_handler_that_follows_redirects_is_refused_before_anything_is_sent()
    {
        var client = TestClients.Create(_origin.BaseUrl, new HttpClientHandler { UseProxy = false });

        var error = await Assert.ThrowsAsync<TrackConfigurationException>(() => client.Api.V1.Merge_customers.PostAsync(Merge()));

        Assert.Contains("AllowAutoRedirect", error.Message, StringComparison.Ordinal);
        Assert.Empty(_origin.Server.LogEntries);
        Assert.Empty(_foreign.LogEntries);
    }

    [Fact]
    public async Task The_handlers_on_a_named_client_with_the_factorys_default_primary_handler_are_refused_too()
    {
        var options = TestClients.Options(_origin.BaseUrl);
        var services = new ServiceCollection();
        services.AddHttpClient("workspace-a")
            .ConfigureAdditionalHttpMessageHandlers((handlers, _) =>
            {
                foreach (var handler in TrackClientFactory.CreateHandlers(options))
                {
                    handlers.Add(handler);
                }
            });
        await using var provider = services.BuildServiceProvider();
        var client = TrackClientFactory.Create(options, provider.GetRequiredService<IHttpClientFactory>().CreateClient("workspace-a"));

        var error = await Assert.ThrowsAsync<TrackConfigurationException>(() => client.Api.V1.Merge_customers.PostAsync(Merge()));

        Assert.Contains("AllowAutoRedirect", error.Message, StringComparison.Ordinal);
        Assert.Empty(_origin.Server.LogEntries);
        Assert.Empty(_foreign.LogEntries);
    }

    [Fact]
    public async Task The_same_named_client_with_redirects_off_refuses_the_redirect_itself()
    {
        var options = TestClients.Options(_origin.BaseUrl);
        var services = new ServiceCollection();
        services.AddHttpClient("workspace-a")
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false })
            .ConfigureAdditionalHttpMessageHandlers((handlers, _) =>
            {
                foreach (var handler in TrackClientFactory.CreateHandlers(options))
                {
                    handlers.Add(handler);
                }
            });
        await using var provider = services.BuildServiceProvider();
        var client = TrackClientFactory.Create(options, provider.GetRequiredService<IHttpClientFactory>().CreateClient("workspace-a"));

        await Assert.ThrowsAsync<Http.TrackRedirectRefusedException>(() => client.Api.V1.Merge_customers.PostAsync(Merge()));

        Assert.Single(_origin.Server.LogEntries);
        Assert.Empty(_foreign.LogEntries);
    }
}
