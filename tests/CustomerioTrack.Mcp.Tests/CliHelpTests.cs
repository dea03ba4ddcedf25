using System.Collections;
using CustomerioTrack.Sandbox;

namespace CustomerioTrack.Mcp.Tests;

/// <summary>`--help` for the sandbox command and for one tool (`call TOOL --help`): exit 0 with the right text, or 2 for an unknown tool.</summary>
public sealed class CliHelpTests
{
    private static async Task<(int Exit, string[] Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr, new Hashtable());
        return (exit, stdout.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToArray(), stderr.ToString());
    }

    [Theory]
    [InlineData("sandbox", "--help")]
    [InlineData("sandbox", "-h")]
    [InlineData("sandbox", "help")]
    [InlineData("sandbox", "people", "--help")]
    [InlineData("help", "sandbox")]
    [InlineData("--help", "sandbox")]
    public async Task Sandbox_help_prints_the_sandbox_usage_and_exits_0(params string[] args)
    {
        var (exit, output, error) = await RunAsync(args);

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Equal("Usage: customerio-track-mcp sandbox <command> [options]", output[0]);
        // Then the sandbox's own command and option lines, unchanged.
        Assert.Equal(SandboxCli.Usage.Split('\n').Skip(1).Select(l => l.TrimEnd('\r')), output.Skip(1).Take(SandboxCli.Usage.Split('\n').Length - 1));
    }

    [Fact]
    public async Task Main_help_names_every_sandbox_command()
    {
        // The sandbox's notes send an agent to `sandbox delivery <identifier>`; the main help must know it too.
        var commands = SandboxCli.Usage.Split('\n')
            .SkipWhile(l => l.Trim() != "Commands:").Skip(1).TakeWhile(l => l.Trim().Length > 0)
            .Where(l => l.Length > 2 && l.StartsWith("  ", StringComparison.Ordinal) && char.IsLetter(l[2]))
            .Select(l => l.TrimStart().Split(' ')[0])
            .ToList();
        var (_, output, _) = await RunAsync("--help");
        var sandboxLines = string.Join("\n", output.Where(l => l.TrimStart().StartsWith("customerio-track-mcp sandbox ", StringComparison.Ordinal)));

        Assert.Equal(["serve", "people", "person", "events", "segments", "objects", "suppressions", "journal", "delivery", "reset"], commands);
        Assert.All(commands, command => Assert.Matches($@"[ |]{command}\b", sandboxLines));
    }

    [Fact]
    public async Task Call_tool_help_prints_the_tools_parameters_and_body_hint()
    {
        var (exit, output, error) = await RunAsync("call", "UpdateOrAddPerson", "--help");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Equal("Usage: customerio-track-mcp call UpdateOrAddPerson --person_identifier <string> --request-body JSON|@FILE|@- [--mode execute|get_request_schema] [options]", output[0]);
        Assert.Equal("Create or update a person: PUT /api/v1/customers/{identifier}. Annotations: idempotent,open-world.", output[2]);
        Assert.Equal(
            [
                "Parameters:",
                "  --person_identifier (string, required)",
            ],
            output.SkipWhile(l => l != "Parameters:").Take(2));
        Assert.Contains("  --request-body (JSON, required)", output);
        Assert.Contains("      The request body as JSON text, @FILE or @- (stdin). `customerio-track-mcp schema UpdateOrAddPerson` prints its JSON Schema.", output);
        Assert.Contains("  --mode (execute (default) or get_request_schema)", output);
        Assert.Contains("Exit codes: 0 success, 1 the tool or the API reported an error (the JSON says what), 2 bad usage.", output);
        Assert.DoesNotContain(output, l => l.StartsWith("Configuration (environment variables", StringComparison.Ordinal)); // not the generic `call` help
    }

    [Fact]
    public async Task Call_tool_help_shows_optional_booleans_and_tools_without_parameters()
    {
        var (unsubscribeExit, unsubscribe, _) = await RunAsync("call", "globalunsubscribeuser", "-h");
        var (regionExit, region, _) = await RunAsync("help", "call", "GetTrackApiRegion");

        Assert.Equal(0, unsubscribeExit);
        Assert.Equal("Usage: customerio-track-mcp call GlobalUnsubscribeUser --delivery_id_for_unsubscription <string> [--set_unsubscribed_attribute] [options]", unsubscribe[0]);
        Assert.Contains(unsubscribe, l => l.StartsWith("  --set_unsubscribed_attribute (boolean, optional", StringComparison.Ordinal));
        Assert.Equal(0, regionExit);
        Assert.Equal("Usage: customerio-track-mcp call GetTrackApiRegion [options]", region[0]);
        Assert.Equal(["Parameters:", "  (none)"], region.SkipWhile(l => l != "Parameters:").Take(2));
    }

    [Fact]
    public async Task Call_help_of_a_tool_that_is_off_by_default_says_how_to_turn_it_on()
    {
        var (exit, output, _) = await RunAsync("call", "ReportPushMetrics", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("Off by default: add --tools ReportPushMetrics (with any other tools you want) to expose and call it.", output);
    }

    [Fact]
    public async Task Call_help_of_an_unknown_tool_exits_2_with_the_list()
    {
        var (exit, output, error) = await RunAsync("call", "Nope", "--help");

        Assert.Equal(2, exit);
        Assert.Equal([""], output);
        Assert.StartsWith("customerio-track-mcp: Unknown tool 'Nope'. Tools: AddDeviceToCustomerProfile, AddPeopleToSegment, ", error);
        Assert.EndsWith(", UpdateOrAddPerson.", error.TrimEnd());
    }
}
