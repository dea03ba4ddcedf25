using System.Collections;
using System.Text.Json.Nodes;
using CustomerioTrack.Mcp.Tests.Support;

namespace CustomerioTrack.Mcp.Tests;

/// <summary>ReportPushMetrics is off by default; the help and the README say how to turn it on, and that way works.</summary>
public sealed class OffByDefaultToolTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cio-off-by-default-").FullName;

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr, new Hashtable());
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task The_main_help_says_it_is_off_by_default_and_how_to_expose_it()
    {
        var (exit, output, _) = await RunAsync("--help");

        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(0, exit);
        var at = lines.IndexOf("  --tools A,B,...            expose only these tools. The default set is 17 tools; ReportPushMetrics (deprecated)");
        Assert.True(at >= 0, output);
        Assert.Equal("                             is off by default: name it here to expose it, e.g. --tools ReportPushMetrics", lines[at + 1]);
    }

    [Fact]
    public async Task The_readme_documents_the_tools_option_for_it()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(Repo.Root, "src", "CustomerioTrack.Mcp", "README.md"));

        Assert.Contains("### Turning on ReportPushMetrics", readme);
        Assert.Contains("customerio-track-mcp --tools ReportPushMetrics ", readme);
        Assert.Contains("| `--tools A,B,…` | Exposes only these tools. This is also how to expose the off-by-default `ReportPushMetrics` (see below). |", readme);
    }

    [Fact]
    public async Task Naming_it_in_tools_exposes_it_and_a_call_works()
    {
        var data = Path.Combine(_folder, "sandbox.db");
        var (defaultExit, defaultTable, _) = await RunAsync("tools");
        var (exit, table, _) = await RunAsync("tools", "--tools", "ReportPushMetrics");
        var (callExit, call, callError) = await RunAsync("call", "ReportPushMetrics", "--tools", "ReportPushMetrics", "--sandbox", "--data", data, "--request-body", """{"delivery_id":"d1","event":"opened"}""");

        Assert.Equal(0, defaultExit);
        Assert.DoesNotContain("ReportPushMetrics", defaultTable);
        Assert.Equal(0, exit);
        Assert.StartsWith("ReportPushMetrics  Report a push metric (deprecated)", table.Split('\n')[1]);
        Assert.True(callExit == 0, callError + call);
        Assert.Equal(200, JsonNode.Parse(call)!["status_code"]!.GetValue<int>());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
