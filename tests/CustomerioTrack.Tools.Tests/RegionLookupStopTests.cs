using CustomerioTrack.Client;
using CustomerioTrack.Tools.Tests.Support;

namespace CustomerioTrack.Tools.Tests;

/// <summary>
/// With no region configured the client asks getRegion before the request itself; a call whose time limit runs out
/// during that lookup never sent the request, and the result says so instead of "may or may not have been processed".
/// </summary>
public sealed class RegionLookupStopTests
{
    private const string Identify = """{"mode":"execute","person_identifier":"42","request_body":{"plan":"pro"}}""";

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly SlowLookupTransport _transport;
    private readonly TrackToolset _tools;

    public RegionLookupStopTests()
    {
        _transport = new SlowLookupTransport(_clock, Limit);
        _tools = TrackTools.Create(
            TrackClientFactory.Create(new TrackClientOptions { SiteId = "site-123", ApiKey = "track-key-SECRET-9f8e7d", Retry = new TrackRetryOptions { MaxRetries = 0 } }, _transport),
            new TrackToolsOptions { CallTimeout = Limit, TimeProvider = _clock });
    }

    [Fact]
    public async Task A_single_request_waiting_for_the_lookup_is_reported_as_not_sent()
    {
        var result = await _tools.InvokeAsync("UpdateOrAddPerson", Identify);

        Assert.Equal(["https://track.customer.io/api/v1/accounts/region"], _transport.Requests);
        var error = result.Content["error"]!;
        Assert.Equal("transport_error", error["kind"]!.GetValue<string>());
        Assert.Equal("The call did not complete within its time limit of 30 s: it ran out before the request was sent. Nothing was sent; the call can be made again.", error["message"]!.GetValue<string>());
        Assert.False(error["sent"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_split_call_whose_first_request_waits_for_the_lookup_reports_every_item_as_not_sent()
    {
        var result = await _tools.InvokeAsync("BatchProcessRequests", SplitBatch.Arguments);

        Assert.Equal(["https://track.customer.io/api/v1/accounts/region"], _transport.Requests);
        var items = result.Content["items"]!;
        Assert.Equal((0, 0, 1200), (items["accepted"]!.GetValue<int>(), items["failed"]!.GetValue<int>(), items["not_sent"]!.GetValue<int>()));
        var error = result.Content["error"]!;
        Assert.False(error["sent"]!.GetValue<bool>());
        Assert.Equal(
            "The call did not complete within its time limit of 30 s: it ran out before request 1 of 3 was sent. 0 of 1200 items were accepted, 0 failed, 1200 were not sent (sent as 0 of 3 planned requests). Resend the items listed in 'not_sent'; resending accepted items would repeat them.",
            error["message"]!.GetValue<string>());
    }

    // The region lookup takes the whole limit and then waits for its cancellation; nothing else is answered.
    private sealed class SlowLookupTransport(ManualClock clock, TimeSpan limit) : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!.AbsoluteUri);
            clock.Advance(limit);
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
