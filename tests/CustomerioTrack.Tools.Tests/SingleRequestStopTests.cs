using CustomerioTrack.Tools.Tests.Support;

namespace CustomerioTrack.Tools.Tests;

/// <summary>
/// A call of one request whose time limit runs out before that request is handed to the HTTP client (checks, or a
/// client built on first use, outlasted the limit): nothing was sent, and the result says so instead of "may or may
/// not have been processed".
/// </summary>
public sealed class SingleRequestStopTests : IDisposable
{
    private const string Identify = """{"mode":"execute","person_identifier":"42","request_body":{"plan":"pro"}}""";

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly TrackStub _stub = new();

    public void Dispose() => _stub.Dispose();

    // The limit starts when the call does; building the client on first use takes all of it.
    private TrackToolset SlowToStart() => TrackTools.Create(
        () =>
        {
            _clock.Advance(Limit);
            return _stub.Client;
        },
        new TrackToolsOptions { CallTimeout = Limit, TimeProvider = _clock });

    [Fact]
    public async Task A_time_limit_that_runs_out_before_the_request_is_handed_over_reports_it_as_not_sent()
    {
        var result = await SlowToStart().InvokeAsync("UpdateOrAddPerson", Identify);

        Assert.Empty(_stub.Requests);
        Assert.True(result.IsError);
        var error = result.Content["error"]!;
        Assert.Equal("transport_error", error["kind"]!.GetValue<string>());
        Assert.Equal("The call did not complete within its time limit of 30 s: it ran out before the request was sent. Nothing was sent; the call can be made again.", error["message"]!.GetValue<string>());
        Assert.False(error["sent"]!.GetValue<bool>());
        Assert.Equal("The limit is TrackToolsOptions.CallTimeout (in the MCP server, CUSTOMERIO_MCP_CALL_TIMEOUT seconds; 0 for none). Items reported as not sent were not sent and can be sent again.", error["hint"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_request_without_a_body_is_reported_as_not_sent_too()
    {
        var result = await SlowToStart().InvokeAsync("DeleteCustomer", """{"customer_identifier":"42"}""");

        Assert.Empty(_stub.Requests);
        var error = result.Content["error"]!;
        Assert.StartsWith("The call did not complete within its time limit of 30 s: it ran out before the request was sent.", error["message"]!.GetValue<string>());
        Assert.False(error["sent"]!.GetValue<bool>());
    }
}
