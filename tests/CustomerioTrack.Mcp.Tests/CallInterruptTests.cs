using System.Diagnostics;
using System.Text.Json.Nodes;
using CustomerioTrack.Mcp.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CustomerioTrack.Mcp.Tests;

/// <summary>
/// <c>call</c> of a batch split into several requests, stopped while its second request is under way (the caller's token,
/// or Ctrl+C): it prints which items Customer.io accepted, which may or may not have been processed and which were not sent.
/// </summary>
public sealed class CallInterruptTests : IDisposable
{
    private const int SignalInterrupt = 2;

    private readonly string _body = Path.Combine(Path.GetTempPath(), "cio-call-interrupt-" + Guid.NewGuid().ToString("N") + ".json");
    private readonly TrackStub _stub = new();

    public CallInterruptTests()
    {
        // 1,200 identifies of about 1 KB: over the 500 KB batch limit, so three requests.
        var pad = new string('p', 900);
        File.WriteAllText(_body, """{"batch":[""" + string.Join(",", Enumerable.Range(0, 1200).Select(i => $$$"""{"type":"person","identifiers":{"id":"{{{i}}}"},"action":"identify","attributes":{"p":"{{{pad}}}"}}""")) + "]}");
    }

    public void Dispose()
    {
        _stub.Dispose();
        File.Delete(_body);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    // The first request is accepted; while the second is with the API, `stop` runs and the answer never comes in time.
    private void StopDuringTheSecondRequest(Action stop)
    {
        _stub.Server.Reset();
        _stub.Server.Given(Request.Create().UsingAnyMethod()).InScenario("interrupted").WillSetStateTo("first accepted")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{}"));
        _stub.Server.Given(Request.Create().UsingAnyMethod()).InScenario("interrupted").WhenStateIs("first accepted")
            .RespondWith(Response.Create().WithCallback(_ =>
            {
                stop();
                Thread.Sleep(TimeSpan.FromSeconds(3));
                return new WireMock.ResponseMessage { StatusCode = 200 };
            }));
    }

    private static void AssertInterruptedDuringTheSecondRequest(string output)
    {
        var result = JsonNode.Parse(output)!;
        Assert.Equal("cancelled", result["error"]!["kind"]!.GetValue<string>());
        Assert.StartsWith("The call was cancelled during request 2 of 3.", result["error"]!["message"]!.GetValue<string>());
        var items = result["items"]!;
        var (accepted, failed, notSent) = (items["accepted"]!.GetValue<int>(), items["failed"]!.GetValue<int>(), items["not_sent"]!.GetValue<int>());
        Assert.Equal(1200, accepted + failed + notSent);
        Assert.True(accepted > 0 && failed > 0 && notSent > 0, $"{accepted} / {failed} / {notSent}");
        // The items of the request under way share one entry.
        var underWay = Assert.Single(result["failed"]!.AsArray())!;
        Assert.Equal((accepted, accepted + failed - 1, failed), (underWay["indexes"]!["from"]!.GetValue<int>(), underWay["indexes"]!["to"]!.GetValue<int>(), underWay["count"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_call_cancelled_by_its_caller_prints_every_items_fate_and_exits_1()
    {
        using var cancellation = new CancellationTokenSource();
        StopDuringTheSecondRequest(cancellation.Cancel);
        var stdout = new StringWriter();

        var exit = await CliApp.RunAsync(["call", "BatchProcessRequests", "--request-body", "@" + _body], stdout, TextWriter.Null, _stub.Environment(), cancellation.Token);

        Assert.Equal(1, exit);
        AssertInterruptedDuringTheSecondRequest(stdout.ToString());
    }

    [UnixFact]
    public async Task Ctrl_C_during_a_call_prints_every_items_fate_and_exits_1()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Repo.ServerDll, "call", "BatchProcessRequests", "--request-body", "@" + _body })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (System.Collections.DictionaryEntry variable in _stub.Environment())
        {
            start.Environment[(string)variable.Key] = (string)variable.Value!;
        }

        using var process = new Process { StartInfo = start };
        process.Start();
        StopDuringTheSecondRequest(() => Assert.Equal(0, Kill(process.Id, SignalInterrupt)));
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 1, $"exit {process.ExitCode}; stderr: {await error}");
        AssertInterruptedDuringTheSecondRequest(await output);
    }
}
