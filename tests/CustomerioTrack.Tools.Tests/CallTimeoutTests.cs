using CustomerioTrack.Client;
using CustomerioTrack.Tools.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace CustomerioTrack.Tools.Tests;

/// <summary>
/// <see cref="TrackToolsOptions.CallTimeout"/>: a call that runs out of time answers in time, saying so, with every item
/// of a batch accounted for, instead of being cut off by a client's own timeout with nothing to show.
/// </summary>
public sealed class CallTimeoutTests : IDisposable
{
    private const string Identify = """{"mode":"execute","person_identifier":"42","request_body":{"plan":"pro"}}""";

    // Long against the limits below, short enough that WireMock's stop (it waits for delayed answers) stays quick.
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(4);

    private readonly WireMockServer _api = WireMockServer.Start();

    public void Dispose() => _api.Stop();

    private TrackToolset Tools(TimeSpan limit) => TrackTools.Create(
        TrackClientFactory.Create(new TrackClientOptions { SiteId = "site", ApiKey = "call-timeout-key-0123", BaseUrl = new Uri(_api.Url!), Retry = new TrackRetryOptions { MaxRetries = 0 } }),
        new TrackToolsOptions { CallTimeout = limit });

    private static IResponseBuilder Ok() => Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{}");

    [Fact]
    public async Task A_single_request_that_outlasts_the_limit_is_a_transport_error_that_may_have_been_processed()
    {
        _api.Given(Request.Create().UsingAnyMethod()).RespondWith(Ok().WithDelay(Slow));

        var result = await Tools(TimeSpan.FromMilliseconds(300)).InvokeAsync("UpdateOrAddPerson", Identify);

        // Without the limit the call would wait for the delayed answer and succeed.
        Assert.True(result.IsError);
        var error = result.Content["error"]!;
        Assert.Equal("transport_error", error["kind"]!.GetValue<string>());
        Assert.Equal("The call did not complete within its time limit of 0.3 s. The request may or may not have been processed.", error["message"]!.GetValue<string>());
        Assert.Equal("unknown", error["sent"]!.GetValue<string>());
        Assert.Equal("The limit is TrackToolsOptions.CallTimeout (in the MCP server, CUSTOMERIO_MCP_CALL_TIMEOUT seconds; 0 for none). Items reported as not sent were not sent and can be sent again.", error["hint"]!.GetValue<string>());
    }

    // The event may have been recorded: without the id it was sent with, resending it would count it twice.
    [Fact]
    public async Task An_event_that_outlasts_the_limit_reports_the_id_it_was_sent_with()
    {
        _api.Given(Request.Create().UsingAnyMethod()).RespondWith(Ok().WithDelay(Slow));

        var result = await Tools(TimeSpan.FromMilliseconds(300)).InvokeAsync("SendCustomerEvent", """{"mode":"execute","customer_identifier":"42","request_body":{"name":"purchase"}}""");

        var id = result.Content["assigned_event_ids"]!.AsArray().Single()!.GetValue<string>();
        Assert.Equal(
            $"The limit is TrackToolsOptions.CallTimeout (in the MCP server, CUSTOMERIO_MCP_CALL_TIMEOUT seconds; 0 for none). Items reported as not sent were not sent and can be sent again. The event was sent with the id {id}: to resend it, add \"id\":\"{id}\" to it, so that Customer.io ignores it if it already recorded it.",
            result.Content["error"]!["hint"]!.GetValue<string>());
    }

    // The client never retries metrics after an unclear outcome, because repeating it may count twice; the model is told so too.
    [Fact]
    public async Task An_operation_not_safe_to_repeat_that_outlasts_the_limit_says_so()
    {
        _api.Given(Request.Create().UsingAnyMethod()).RespondWith(Ok().WithDelay(Slow));

        var result = await Tools(TimeSpan.FromMilliseconds(300)).InvokeAsync("ReportCustomMetrics", """{"mode":"execute","request_body":{"delivery_id":"d1","metric":"opened"}}""");

        Assert.Equal(
            "The limit is TrackToolsOptions.CallTimeout (in the MCP server, CUSTOMERIO_MCP_CALL_TIMEOUT seconds; 0 for none). Items reported as not sent were not sent and can be sent again. ReportCustomMetrics is not safe to repeat: sending it again may apply it twice. Check whether it took effect (the workspace's activity log) before sending it again.",
            result.Content["error"]!["hint"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_split_batch_that_runs_out_during_its_first_request_accounts_for_every_item_too()
    {
        _api.Given(Request.Create().UsingAnyMethod()).RespondWith(Ok().WithDelay(Slow));

        // Checking the batch must not use up the limit on a loaded machine: then nothing would be under way (not_sent).
        // The second request running out is SplitCallStopTests', on a manual clock.
        var result = await Tools(TimeSpan.FromSeconds(2)).InvokeAsync("BatchProcessRequests", SplitBatch.Arguments);

        Assert.True(result.IsError);
        Assert.Equal("unknown", result.Content["error"]!["sent"]!.GetValue<string>());
        var items = result.Content["items"]!;
        Assert.Equal(0, items["accepted"]!.GetValue<int>());
        Assert.Equal(1200, items["failed"]!.GetValue<int>() + items["not_sent"]!.GetValue<int>());
        Assert.Equal("request_timed_out", result.Content["failed"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_callers_own_cancellation_is_still_a_cancellation()
    {
        _api.Given(Request.Create().UsingAnyMethod()).RespondWith(Ok().WithDelay(Slow));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Tools(TimeSpan.FromSeconds(30)).InvokeAsync("UpdateOrAddPerson", Identify, cancellation.Token));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_limit_that_is_not_positive_is_refused(int seconds)
    {
        var client = TrackClientFactory.Create(new TrackClientOptions { SiteId = "site", ApiKey = "call-timeout-key-0123", BaseUrl = new Uri(_api.Url!) });

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TrackTools.Create(client, new TrackToolsOptions { CallTimeout = TimeSpan.FromSeconds(seconds) }));

        Assert.StartsWith("TrackToolsOptions.CallTimeout must be positive, or null for no limit.", error.Message, StringComparison.Ordinal);
    }
}
