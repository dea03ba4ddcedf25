using CustomerioTrack.Client.Models;
using CustomerioTrack.Client.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CustomerioTrack.Client.Tests;

/// <summary>
/// metrics and pushMetrics are described with an untyped answer, so their builders return a <see cref="Stream"/>. Most
/// callers await the call and drop the result: the answer must not keep its connection checked out until the garbage
/// collector finds the stream, or a pool of a few connections runs dry after a few calls and the next call hangs.
/// </summary>
public sealed class StreamAnswerTests : IClassFixture<WireMockFixture>
{
    private readonly WireMockFixture _fixture;

    public StreamAnswerTests(WireMockFixture fixture)
    {
        _fixture = fixture;
        _fixture.Reset();
        _fixture.Server.Given(Request.Create().UsingPost()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"ok":true}"""));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Metrics_answers_left_unread_do_not_hold_the_connection(bool throughKiotasAdapter)
    {
        // One connection: a second call can only go out once the first answer has given it back.
        var client = TestClients.Create(_fixture.BaseUrl, new SocketsHttpHandler { MaxConnectionsPerServer = 1, AllowAutoRedirect = false, UseProxy = false });
        client.TrackAdapter!.KiotaOnly = throughKiotasAdapter;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        for (var call = 0; call < 3; call++)
        {
            await client.Api.V1.Metrics.PostAsync(new MetricsRequest { DeliveryId = "d" + call, Metric = MetricsRequest_metric.Opened }, cancellationToken: limit.Token);
#pragma warning disable CS0618 // pushMetrics is deprecated; it must still work
            await client.Api.V1.Push.Events.PostAsync(new PushMetricsRequest { DeliveryId = "p" + call, Event = PushMetricsRequest_event.Opened }, cancellationToken: limit.Token);
#pragma warning restore CS0618
        }

        Assert.Equal(6, _fixture.Server.LogEntries.Count());
    }

    [Fact]
    public async Task The_returned_stream_still_holds_the_answer()
    {
        var client = TestClients.Create(_fixture.BaseUrl, new RecordingHandler());

        await using var answer = await client.Api.V1.Metrics.PostAsync(new MetricsRequest { DeliveryId = "d", Metric = MetricsRequest_metric.Opened });

        Assert.NotNull(answer);
        using var reader = new StreamReader(answer);
        Assert.Equal("""{"ok":true}""", await reader.ReadToEndAsync());
    }
}
