using System.Collections.Concurrent;
using CustomerioTrack.Client.Models;
using CustomerioTrack.Client.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CustomerioTrack.Client.Tests;

/// <summary>
/// With dependency injection, IHttpClientFactory rebuilds the client's handlers when their lifetime ends (2 minutes by
/// default, 1 s here, the shortest it allows): the region getRegion answered must outlive the handlers, or every rebuild asks again.
/// </summary>
public sealed class DependencyInjectionRegionTests : IClassFixture<WireMockFixture>
{
    private const string RegionPath = "/api/v1/accounts/region";

    private readonly WireMockFixture _fixture;

    public DependencyInjectionRegionTests(WireMockFixture fixture)
    {
        _fixture = fixture;
        _fixture.Reset();
        _fixture.Server.Given(Request.Create().WithPath(RegionPath).UsingGet()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"url":"https://track-eu.customer.io","region":"eu"}"""));
    }

    [Fact]
    public async Task The_detected_region_is_kept_when_the_factory_rebuilds_the_handlers()
    {
        var services = new ServiceCollection();
        services.AddCustomerioTrack(o =>
        {
            o.SiteId = Credentials.SiteId;
            o.ApiKey = Credentials.ApiKey;
        });
        var transports = RecordEachPipeline(services);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<TrackApiClient>().Api.V1.Customers["first"].PutAsync(new IdentifyRequest { Email = "a@example.com" });
        await CallUntilThePipelineIsRebuiltAsync(provider, transports);

        var requests = transports.SelectMany(t => t.Requests).ToList();
        Assert.Equal(("GET", "track.customer.io", RegionPath), (requests[0].Method, requests[0].Host, requests[0].PathAndQuery));
        Assert.Single(requests, r => r.PathAndQuery == RegionPath);
        Assert.All(requests.Skip(1), r => Assert.Equal(("PUT", "track-eu.customer.io"), (r.Method, r.Host)));
        Assert.Contains(requests, r => r.PathAndQuery == "/api/v1/customers/second");
    }

    [Fact]
    public async Task Credentials_of_another_workspace_loaded_at_run_time_get_that_workspaces_region()
    {
        // The second workspace is a US one: getRegion answers it, and only it, with the US host.
        const string SecondWorkspace = "Basic " + "c2Vjb25kLXNpdGU6c2Vjb25kLWtleQ=="; // base64("second-site:second-key")
        _fixture.Server.Given(Request.Create().WithPath(RegionPath).UsingGet().WithHeader("Authorization", SecondWorkspace)).AtPriority(0)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"url":"https://track.customer.io","region":"us"}"""));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["CustomerioTrack:SiteId"] = Credentials.SiteId, ["CustomerioTrack:ApiKey"] = Credentials.ApiKey })
            .Build();
        var services = new ServiceCollection();
        services.AddCustomerioTrack(configuration.GetSection("CustomerioTrack"));
        var transports = RecordEachPipeline(services);
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<TrackApiClient>().Api.V1.Customers["first"].PutAsync(new IdentifyRequest { Email = "a@example.com" });

        // appsettings.json reloads on change by default: the app now works for the second workspace.
        configuration["CustomerioTrack:SiteId"] = "second-site";
        configuration["CustomerioTrack:ApiKey"] = "second-key";
        configuration.Reload();
        await CallUntilThePipelineIsRebuiltAsync(provider, transports);

        var requests = transports.SelectMany(t => t.Requests).ToList();
        Assert.Single(requests, r => r.PathAndQuery == RegionPath && r.Authorization == SecondWorkspace);
        Assert.All(requests.Where(r => r.PathAndQuery == "/api/v1/customers/second"), r => Assert.Equal(("track.customer.io", SecondWorkspace), (r.Host, r.Authorization)));
    }

    // Every pipeline the factory builds records its requests; each lives 1 s, so a second one comes soon.
    private ConcurrentQueue<RecordingHandler> RecordEachPipeline(IServiceCollection services)
    {
        var transports = new ConcurrentQueue<RecordingHandler>();
        services.AddHttpClient(TrackServiceCollectionExtensions.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() =>
            {
                var transport = RecordingHandler.RedirectingCustomerIoHostsTo(_fixture.BaseUrl);
                transports.Enqueue(transport);
                return transport;
            })
            .SetHandlerLifetime(TimeSpan.FromSeconds(1));
        return transports;
    }

    private static async Task CallUntilThePipelineIsRebuiltAsync(ServiceProvider provider, ConcurrentQueue<RecordingHandler> transports)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (transports.Count < 2)
        {
            // The factory builds a new pipeline only after the old one's lifetime (1 s) has ended. Bounded, so that a
            // pipeline that is never rebuilt fails the test instead of hanging the run until CI's limit.
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "the factory built no second handler pipeline within 60 s");
            await Task.Delay(100);
            await provider.GetRequiredService<TrackApiClient>().Api.V1.Customers["second"].PutAsync(new IdentifyRequest { Email = "b@example.com" });
        }
    }
}
