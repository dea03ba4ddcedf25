using CustomerioTrack.Mcp.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CustomerioTrack.Mcp.Tests;

/// <summary>The command limits each tool call (CUSTOMERIO_MCP_CALL_TIMEOUT, 55 s by default), under MCP clients' own timeouts.</summary>
public sealed class CallTimeoutTests
{
    [Fact]
    public void The_default_limit_is_under_the_60_s_MCP_clients_commonly_wait()
    {
        using var environment = TrackEnvironment.Resolve(CliParser.Parse([]), new System.Collections.Hashtable());

        Assert.Equal(TimeSpan.FromSeconds(55), environment.ToolsOptions.CallTimeout);
        Assert.EndsWith("; calls time out after 55 s", environment.Describe(environment.CreateToolset()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", null)]
    [InlineData("12.5", 12.5)]
    public void The_variable_sets_the_limit_or_turns_it_off(string value, double? seconds)
    {
        using var environment = TrackEnvironment.Resolve(CliParser.Parse([]), new System.Collections.Hashtable { [TrackEnvironment.CallTimeoutVariable] = value });

        Assert.Equal(seconds is { } s ? TimeSpan.FromSeconds(s) : null, environment.ToolsOptions.CallTimeout);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-1")]
    [InlineData("100000")]
    [InlineData("1e-9")]
    public async Task A_value_that_is_not_a_number_of_seconds_is_a_usage_error(string value)
    {
        var stderr = new StringWriter();

        var exit = await CliApp.RunAsync(["tools"], TextWriter.Null, stderr, new System.Collections.Hashtable { [TrackEnvironment.CallTimeoutVariable] = value }, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Equal($"customerio-track-mcp: CUSTOMERIO_MCP_CALL_TIMEOUT must be a number of seconds (0 for no limit, at most 86400), not '{value}'.{Environment.NewLine}", stderr.ToString());
    }

    [Fact]
    public async Task A_call_that_outlasts_the_limit_answers_with_a_transport_error()
    {
        using var stub = new TrackStub();
        stub.Server.Reset();
        stub.Server.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{}").WithDelay(TimeSpan.FromSeconds(4)));
        var environment = stub.Environment();
        environment[TrackEnvironment.CallTimeoutVariable] = "0.3";
        var stdout = new StringWriter();

        var exit = await CliApp.RunAsync(["call", "DeleteCustomer", "--customer_identifier", "42"], stdout, TextWriter.Null, environment, CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.Contains("The call did not complete within its time limit of 0.3 s. The request may or may not have been processed.", stdout.ToString(), StringComparison.Ordinal);
    }
}
