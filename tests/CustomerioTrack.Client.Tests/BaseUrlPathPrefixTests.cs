using System.Text.Json;
using CustomerioTrack.Client.Models;
using CustomerioTrack.Client.Tests.Support;

namespace CustomerioTrack.Client.Tests;

/// <summary>A configured base URL may carry a path (e.g. an emulator mounted under /emu); the factory keeps it.</summary>
public sealed class BaseUrlPathPrefixTests : IClassFixture<WireMockFixture>
{
    private readonly WireMockFixture _fixture;
    private readonly RecordingHandler _recorder = new();
    private readonly TrackApiClient _client;

    public BaseUrlPathPrefixTests(WireMockFixture fixture)
    {
        _fixture = fixture;
        _fixture.Reset();
        _client = TestClients.Create(new Uri(fixture.Server.Url + "/emu/"), _recorder);
    }

    [Fact]
    public async Task RequestsKeepThePrefix_AndAuthenticatedOperationsCarryCredentials()
    {
        await _client.Api.V1.Customers["a+b"].PutAsync(new IdentifyRequest { Id = "1" });

        Assert.Equal("/emu/api/v1/customers/a%2Bb", Assert.Single(_recorder.Requests).PathAndQuery);
        Assert.Equal(Credentials.ExpectedAuthorization, Headers.Single(_fixture.SingleRequest(), "Authorization"));
    }

    [Fact]
    public async Task AnonymousOperationsUnderAPrefix_CarryNoCredentials()
    {
        await _client.Api.V1.Metrics.PostAsync(new MetricsRequest { DeliveryId = "d", Metric = MetricsRequest_metric.Opened });

        Assert.Null(Headers.Get(_fixture.SingleRequest(), "Authorization"));
    }

    [Fact]
    public async Task EventsUnderAPrefix_GetAnId()
    {
        await _client.Api.V1.Customers["1"].Events.PostAsync(new TrackEventRequest { Name = "n" });

        using var body = JsonDocument.Parse(Headers.Body(_fixture.SingleRequest())!);
        Assert.True(body.RootElement.TryGetProperty("id", out _));
    }
}
