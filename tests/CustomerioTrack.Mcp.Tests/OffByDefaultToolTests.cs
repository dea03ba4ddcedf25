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

    [Fact]
    public async Task All_tools_adds_it_to_the_default_set_and_cannot_be_combined_with_tools()
    {
        var (_, defaultTable, _) = await RunAsync("tools");
        var (exit, table, _) = await RunAsync("tools", "--all-tools");
        var (trimmedExit, trimmed, _) = await RunAsync("tools", "--all-tools", "--exclude-tools", "ManageEntity");
        var (bothExit, _, bothError) = await RunAsync("tools", "--all-tools", "--tools", "ReportPushMetrics");

        Assert.Equal(0, exit);
        var names = Names(table);
        Assert.Equal(Names(defaultTable).Append("ReportPushMetrics").Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        Assert.Equal(18, names.Count);
        Assert.Equal(0, trimmedExit);
        Assert.Equal(names.Where(n => n != "ManageEntity").Order(StringComparer.Ordinal), Names(trimmed).Order(StringComparer.Ordinal));
        Assert.Equal(2, bothExit);
        Assert.Contains("--all-tools and --tools cannot be combined: --tools names the only tools to expose, --all-tools exposes all 18.", bothError, StringComparison.Ordinal);
    }

    // The table's rows start with the tool name; the header row and blank lines do not name a tool.
    private static List<string> Names(string table) => table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
        .Select(line => line.Split(' ')[0]).Where(name => name.Length > 0 && char.IsUpper(name[0])).ToList();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
