using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CustomerioTrack.Tools.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CustomerioTrack.Tools.Tests;

/// <summary>
/// A split call stopped by the caller or by its time limit: the items of a request that was never sent are
/// <c>not_sent</c>, those of the request under way may have been processed, and nothing the server received is
/// reported as not sent. <see cref="SplitBatch"/> goes out as requests of 506, 506 and 188 items.
/// </summary>
public sealed class SplitCallStopTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<string> _received = new();
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly TrackStub _stub;
    private Action<int> _whileServing = _ => { };

    public SplitCallStopTests()
    {
        _stub = new TrackStub(options: new TrackToolsOptions { CallTimeout = Limit, TimeProvider = _clock });
        _stub.Server.Reset();
        _stub.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithCallback(request =>
        {
            // Recorded as the server reads the request, before it answers: the client may have given up by then.
            _received.Enqueue(request.Body!);
            _whileServing(_received.Count);
            return new WireMock.ResponseMessage { StatusCode = 200 };
        }));
    }

    public void Dispose() => _stub.Dispose();

    private sealed class OnProgress(Action<TrackToolProgress> report) : IProgress<TrackToolProgress>
    {
        public void Report(TrackToolProgress value) => report(value);
    }

    [Fact]
    public async Task Cancelling_between_the_first_and_second_request_reports_the_later_requests_items_as_not_sent()
    {
        using var cancellation = new CancellationTokenSource();
        var progress = new OnProgress(p =>
        {
            if (p.Completed == 1)
            {
                cancellation.Cancel();
            }
        });

        var cancelled = await Assert.ThrowsAsync<ToolCallCancelledException>(() =>
            _stub.Tools.InvokeAsync("BatchProcessRequests", SplitBatch.ArgumentsByName(), progress, cancellation.Token));

        var result = cancelled.PartialResult;
        Assert.Single(_received);
        Assert.Equal((1200, 506, 0, 694), Counts(result));
        Assert.Equal([200, null, null], Statuses(result));
        Assert.False(result.Content["requests"]![1]!["sent"]!.GetValue<bool>());
        Assert.False(result.Content["requests"]![2]!["sent"]!.GetValue<bool>());
        Assert.Empty(result.Content["failed"]!.AsArray());
        Assert.Equal(Enumerable.Range(506, 694), ItemEntries.Indexes(result.Content["not_sent"]));
        Assert.All(result.Content["not_sent"]!.AsArray(), n => Assert.Equal("not sent because the call was cancelled", n!["reason"]!.GetValue<string>()));
        var error = result.Content["error"]!;
        Assert.Equal("cancelled", error["kind"]!.GetValue<string>());
        Assert.True(error["sent"]!.GetValue<bool>());
        Assert.Equal(
            "The call was cancelled before request 2 of 3 was sent. 506 of 1200 items were accepted, 0 failed, 694 were not sent (sent as 1 of 3 planned requests). Resend the items listed in 'not_sent'; resending accepted items would repeat them.",
            error["message"]!.GetValue<string>());
        AssertNothingReceivedIsNotSent(result);
    }

    [Fact]
    public async Task Cancelling_during_the_second_request_reports_its_items_as_possibly_processed()
    {
        using var cancellation = new CancellationTokenSource();
        _whileServing = request =>
        {
            if (request == 2)
            {
                cancellation.Cancel();
                Thread.Sleep(TimeSpan.FromSeconds(2));
            }
        };

        var cancelled = await Assert.ThrowsAsync<ToolCallCancelledException>(() =>
            _stub.Tools.InvokeAsync("BatchProcessRequests", SplitBatch.ArgumentsByName(), progress: null, cancellation.Token));

        var result = cancelled.PartialResult;
        Assert.Equal(2, _received.Count);
        Assert.Equal((1200, 506, 506, 188), Counts(result));
        Assert.Equal([200, null, null], Statuses(result));
        Assert.Equal(Enumerable.Range(506, 506), ItemEntries.Indexes(result.Content["failed"]));
        Assert.All(result.Content["failed"]!.AsArray(), f =>
        {
            Assert.Equal("request_cancelled", f!["reason"]!.GetValue<string>());
            Assert.Equal("the call was cancelled while request 2 of 3 was under way; it may or may not have been processed", f["message"]!.GetValue<string>());
        });
        Assert.Equal(Enumerable.Range(1012, 188), ItemEntries.Indexes(result.Content["not_sent"]));
        Assert.StartsWith("The call was cancelled during request 2 of 3. 506 of 1200 items were accepted, 506 failed, 188 were not sent", result.Content["error"]!["message"]!.GetValue<string>());
        AssertNothingReceivedIsNotSent(result);
    }

    [Fact]
    public async Task A_time_limit_that_runs_out_between_requests_reports_the_later_requests_items_as_not_sent()
    {
        var progress = new OnProgress(p =>
        {
            if (p.Completed == 1)
            {
                _clock.Advance(Limit);
            }
        });

        var result = await _stub.Tools.InvokeAsync("BatchProcessRequests", SplitBatch.ArgumentsByName(), progress);

        Assert.Single(_received);
        Assert.True(result.IsError);
        Assert.Equal((1200, 506, 0, 694), Counts(result));
        Assert.Equal([200, null, null], Statuses(result));
        Assert.Empty(result.Content["failed"]!.AsArray());
        Assert.Equal(Enumerable.Range(506, 694), ItemEntries.Indexes(result.Content["not_sent"]));
        Assert.All(result.Content["not_sent"]!.AsArray(), n => Assert.Equal("not sent because the call's time limit of 30 s ran out", n!["reason"]!.GetValue<string>()));
        var error = result.Content["error"]!;
        Assert.Equal("transport_error", error["kind"]!.GetValue<string>());
        Assert.True(error["sent"]!.GetValue<bool>());
        Assert.Equal(
            "The call did not complete within its time limit of 30 s: it ran out before request 2 of 3 was sent. 506 of 1200 items were accepted, 0 failed, 694 were not sent (sent as 1 of 3 planned requests). Resend the items listed in 'not_sent'; resending accepted items would repeat them.",
            error["message"]!.GetValue<string>());
        AssertNothingReceivedIsNotSent(result);
    }

    [Fact]
    public async Task A_time_limit_that_runs_out_before_the_first_request_reports_every_item_as_not_sent()
    {
        var progress = new OnProgress(p =>
        {
            if (p.Completed == 0)
            {
                _clock.Advance(Limit);
            }
        });

        var result = await _stub.Tools.InvokeAsync("BatchProcessRequests", SplitBatch.ArgumentsByName(), progress);

        Assert.Empty(_received);
        Assert.Equal((1200, 0, 0, 1200), Counts(result));
        Assert.Equal([null, null, null], Statuses(result));
        Assert.Empty(result.Content["failed"]!.AsArray());
        Assert.Equal(Enumerable.Range(0, 1200), ItemEntries.Indexes(result.Content["not_sent"]));
        var error = result.Content["error"]!;
        Assert.Equal("transport_error", error["kind"]!.GetValue<string>());
        Assert.False(error["sent"]!.GetValue<bool>());
        Assert.Equal(
            "The call did not complete within its time limit of 30 s: it ran out before request 1 of 3 was sent. 0 of 1200 items were accepted, 0 failed, 1200 were not sent (sent as 0 of 3 planned requests). Resend the items listed in 'not_sent'; resending accepted items would repeat them.",
            error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_time_limit_that_runs_out_during_the_second_request_reports_its_items_as_possibly_processed()
    {
        _whileServing = request =>
        {
            if (request == 2)
            {
                _clock.Advance(Limit);
                Thread.Sleep(TimeSpan.FromSeconds(2));
            }
        };

        var result = await _stub.Tools.InvokeAsync("BatchProcessRequests", SplitBatch.ArgumentsByName());

        Assert.Equal(2, _received.Count);
        Assert.Equal((1200, 506, 506, 188), Counts(result));
        Assert.Equal(Enumerable.Range(506, 506), ItemEntries.Indexes(result.Content["failed"]));
        Assert.All(result.Content["failed"]!.AsArray(), f =>
        {
            Assert.Equal("request_timed_out", f!["reason"]!.GetValue<string>());
            Assert.Equal("the call's time limit of 30 s ran out while request 2 of 3 was under way; it may or may not have been processed", f["message"]!.GetValue<string>());
        });
        Assert.Equal(Enumerable.Range(1012, 188), ItemEntries.Indexes(result.Content["not_sent"]));
        var error = result.Content["error"]!;
        Assert.True(error["sent"]!.GetValue<bool>());
        Assert.StartsWith("The call did not complete within its time limit of 30 s: it ran out during request 2 of 3. 506 of 1200 items were accepted, 506 failed, 188 were not sent", error["message"]!.GetValue<string>());
        AssertNothingReceivedIsNotSent(result);
    }

    // 1,200 events of about 1 KB without ids: requests of 486, 485 and 229 items once each event has its id.
    private static readonly string EventBatch = """{"mode":"execute","request_body":{"batch":["""
        + string.Join(",", Enumerable.Range(0, SplitBatch.Items).Select(i => $$$"""{"type":"person","identifiers":{"id":"{{{i}}}"},"action":"event","name":"e","attributes":{"p":"{{{new string('p', 900)}}}"}}"""))
        + "]}}";

    // The items under way may have been recorded: resending them safely needs the ids they were sent with.
    [Fact]
    public async Task A_split_batch_of_events_stopped_by_its_time_limit_reports_the_ids_its_events_were_sent_with()
    {
        _whileServing = request =>
        {
            if (request == 2)
            {
                _clock.Advance(Limit);
                Thread.Sleep(TimeSpan.FromSeconds(2));
            }
        };

        var result = await _stub.Tools.InvokeAsync("BatchProcessRequests", EventBatch);

        Assert.Equal((1200, 486, 485, 229), Counts(result));
        var ids = result.Content["assigned_event_ids"]!.AsArray().Select(id => id!.GetValue<string>()).ToList();
        Assert.Equal(SplitBatch.Items, ids.Count);
        Assert.Equal(ids.Take(971), _received.SelectMany(body => JsonNode.Parse(body)!["batch"]!.AsArray()).Select(item => item!["id"]!.GetValue<string>()));
        Assert.Equal(
            CallLimit.Hint + " The events that had no id were sent with the ids in assigned_event_ids, in their order in the request: to resend one, add its \"id\" to it, so that Customer.io ignores it if it already recorded it.",
            result.Content["error"]!["hint"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_split_batch_of_events_cancelled_after_the_first_request_reports_the_ids_its_events_were_sent_with()
    {
        using var cancellation = new CancellationTokenSource();
        var progress = new OnProgress(p =>
        {
            if (p.Completed == 1)
            {
                cancellation.Cancel();
            }
        });
        using var arguments = System.Text.Json.JsonDocument.Parse(EventBatch);
        var byName = arguments.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);

        var cancelled = await Assert.ThrowsAsync<ToolCallCancelledException>(() =>
            _stub.Tools.InvokeAsync("BatchProcessRequests", byName, progress, cancellation.Token));

        Assert.Equal(SplitBatch.Items, cancelled.PartialResult.Content["assigned_event_ids"]!.AsArray().Count);
    }

    // Every SplitBatch item's identifiers.id is its index.
    private void AssertNothingReceivedIsNotSent(ToolCallResult result)
    {
        var received = _received
            .SelectMany(body => JsonNode.Parse(body)!["batch"]!.AsArray())
            .Select(item => int.Parse(item!["identifiers"]!["id"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture))
            .ToHashSet();
        Assert.NotEmpty(received);
        Assert.DoesNotContain(ItemEntries.Indexes(result.Content["not_sent"]), received.Contains);
    }

    private static (int Submitted, int Accepted, int Failed, int NotSent) Counts(ToolCallResult result)
    {
        var items = result.Content["items"]!;
        return (items["submitted"]!.GetValue<int>(), items["accepted"]!.GetValue<int>(), items["failed"]!.GetValue<int>(), items["not_sent"]!.GetValue<int>());
    }

    private static List<int?> Statuses(ToolCallResult result) =>
        result.Content["requests"]!.AsArray().Select(r => r!["status_code"]?.GetValue<int>()).ToList();
}
