using System.Collections.Concurrent;
using System.Text.Json;
using CustomerioTrack.Tools.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CustomerioTrack.Tools.Tests;

/// <summary>A call split into several requests says how far it has got; a call of one request says nothing.</summary>
public sealed class ProgressTests
{
    private sealed class Recorder : IProgress<TrackToolProgress>
    {
        public ConcurrentQueue<TrackToolProgress> Reports { get; } = new();

        public void Report(TrackToolProgress value) => Reports.Enqueue(value);
    }

    [Fact]
    public async Task A_split_batch_reports_before_the_first_request_and_after_each_accepted_one()
    {
        using var stub = new ResilientStub(maxRetries: 0);
        stub.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{}"));
        var progress = new Recorder();

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", SplitBatch.ArgumentsByName(), progress);

        Assert.False(result.IsError, result.ToJson());
        Assert.Equal(3, stub.Requests.Count);
        var reports = progress.Reports.ToList();
        Assert.Equal([(0, 3), (1, 3), (2, 3), (3, 3)], reports.Select(r => (r.Completed, r.Total)));
        Assert.Equal("Sending 1,200 items in 3 requests.", reports[0].Message);
        Assert.Matches(@"^Request 1 of 3 accepted \([0-9,]+ of 1,200 items sent\)\.$", reports[1].Message);
        Assert.Equal("Request 3 of 3 accepted (1,200 of 1,200 items sent).", reports[3].Message);
    }

    [Fact]
    public async Task A_split_batch_stops_reporting_at_the_request_that_failed()
    {
        using var stub = new ResilientStub(maxRetries: 0);
        stub.Server.Given(Request.Create().UsingAnyMethod()).InScenario("second fails").WillSetStateTo("failing")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{}"));
        stub.Server.Given(Request.Create().UsingAnyMethod()).InScenario("second fails").WhenStateIs("failing")
            .RespondWith(Response.Create().WithStatusCode(400).WithHeader("Content-Type", "application/json").WithBody("""{"errors":[{"reason":"invalid","field":"batch","message":"nope"}]}"""));
        var progress = new Recorder();

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", SplitBatch.ArgumentsByName(), progress);

        Assert.True(result.IsError);
        Assert.Equal([0, 1], progress.Reports.Select(r => r.Completed));
    }

    [Fact]
    public async Task A_call_of_one_request_reports_nothing()
    {
        using var stub = new ResilientStub(maxRetries: 0);
        stub.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{}"));
        var progress = new Recorder();
        using var document = JsonDocument.Parse("""{"mode":"execute","request_body":{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"identify"}]}}""");
        var arguments = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", arguments, progress);

        Assert.False(result.IsError, result.ToJson());
        Assert.Empty(progress.Reports);
    }
}
