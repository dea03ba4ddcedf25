using System.Collections.Concurrent;
using CustomerioTrack.Client.Models;
using CustomerioTrack.Client.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CustomerioTrack.Client.Tests;

/// <summary>
/// One options object set up once and changed for each workspace's client (a loop over tenants) must give each client the
/// settings it had when it was built: a later change, even inside the nested Retry object, must not reach a built client.
/// </summary>
public sealed class OptionsSnapshotTests : IClassFixture<WireMockFixture>
{
    private readonly WireMockFixture _fixture;

    public OptionsSnapshotTests(WireMockFixture fixture)
    {
        _fixture = fixture;
        _fixture.Reset();
        _fixture.Server.Given(Request.Create().UsingAnyMethod()).AtPriority(1).InScenario("retry").WillSetStateTo("answered")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1"));
    }

    [Fact]
    public async Task A_built_client_keeps_its_retry_settings_when_the_options_object_is_changed_for_the_next_client()
    {
        var first = new ConcurrentQueue<TrackRetryAttempt>();
        var second = new ConcurrentQueue<TrackRetryAttempt>();
        var options = TestClients.Options(_fixture.BaseUrl);
        options.Retry = new TrackRetryOptions { MaxRetries = 1, MaxDelay = TimeSpan.FromMilliseconds(50), OnRetry = first.Enqueue };
        var client = TrackClientFactory.Create(options, new RecordingHandler());

        // The next workspace's client, from the same object.
        options.SiteId = "other-site";
        options.Retry.MaxDelay = TimeSpan.FromSeconds(30);
        options.Retry.OnRetry = second.Enqueue;

        await client.Api.V1.Customers["ann"].PutAsync(new IdentifyRequest { Email = "ann@example.com" });

        var retry = Assert.Single(first);
        Assert.Equal(TimeSpan.FromMilliseconds(50), retry.Delay);
        Assert.Empty(second);
    }
}
