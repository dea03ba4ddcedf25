using CustomerioTrack.Mcp.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static CustomerioTrack.Mcp.Tests.Support.McpLines;

namespace CustomerioTrack.Mcp.Tests;

/// <summary>The command reports the client's retries: in the server's log (stderr), and to the human running <c>call</c>, never with the person's identifier.</summary>
public sealed class RetryLogTests
{
    private const string RetryLine = "Track API retry 1 in 0.0 s: PUT /api/v1/customers/{…} was answered 503.";

    private static TrackStub BusyOnceStub()
    {
        var stub = new TrackStub();
        stub.Server.Reset();
        stub.Server.Given(Request.Create().UsingAnyMethod()).InScenario("busy").WillSetStateTo("recovered")
            .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "0"));
        stub.Server.Given(Request.Create().UsingAnyMethod()).InScenario("busy").WhenStateIs("recovered")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{}"));
        return stub;
    }

    [Fact]
    public async Task A_cli_call_tells_its_human_of_each_retry_on_stderr()
    {
        using var stub = BusyOnceStub();
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = await CliApp.RunAsync(["call", "UpdateOrAddPerson", "--person-identifier", "ann@example.com", "--request-body", """{"plan":"pro"}"""],
            stdout, stderr, stub.Environment(), CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Equal("customerio-track-mcp: " + RetryLine + Environment.NewLine, stderr.ToString());
        Assert.Equal(["PUT /api/v1/customers/ann@example.com", "PUT /api/v1/customers/ann@example.com"], stub.RequestLines);
    }

    [Fact]
    public async Task The_stdio_server_logs_each_retry_as_a_warning()
    {
        using var stub = BusyOnceStub();
        const string Call = """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"UpdateOrAddPerson","arguments":{"mode":"execute","person_identifier":"ann@example.com","request_body":{"plan":"pro"}}}}""";
        var environment = stub.Environment().Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);

        var (exit, output, error) = await ProcessRunner.RunAsync("dotnet", [Repo.ServerDll], environment: environment,
            stdin: string.Join("\n", Initialize, Initialized, Call) + "\n", timeout: TimeSpan.FromSeconds(60));

        Assert.True(exit == 0, $"exit {exit}; stderr: {error}");
        Assert.Contains("\"id\":2", output, StringComparison.Ordinal);
        Assert.Single(error.Split('\n'), l => l.Contains(RetryLine, StringComparison.Ordinal));
        Assert.DoesNotContain("ann@example.com", error, StringComparison.Ordinal);
        Assert.Equal(2, stub.RequestLines.Count);
    }
}
