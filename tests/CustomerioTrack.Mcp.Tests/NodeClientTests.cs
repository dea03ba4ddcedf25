using System.Text.Json;
using CustomerioTrack.Mcp.Tests.Support;

namespace CustomerioTrack.Mcp.Tests;

/// <summary>Installs tests/node (npm ci) once when node_modules is missing.</summary>
public sealed class NodeFixture
{
    public NodeFixture()
    {
        Ready = Install();
    }

    public Task Ready { get; }

    private static async Task Install()
    {
        var directory = Repo.NodeTests;
        if (Directory.Exists(Path.Combine(directory, "node_modules", "@modelcontextprotocol", "sdk")))
        {
            return;
        }

        var npm = OperatingSystem.IsWindows() ? "npm.cmd" : "npm";
        (int Exit, string Out, string Err) result;
        try
        {
            result = await ProcessRunner.RunAsync(npm, ["ci", "--no-audit", "--no-fund"], directory, timeout: TimeSpan.FromMinutes(5));
        }
        catch (InvalidOperationException exception)
        {
            throw new InvalidOperationException("The out-of-process MCP tests need Node.js 20+ and npm on PATH (to install @modelcontextprotocol/sdk in tests/node). " + exception.Message, exception);
        }

        if (result.Exit != 0)
        {
            throw new InvalidOperationException($"`npm ci` in {directory} failed ({result.Exit}): {result.Err}");
        }
    }
}

/// <summary>The official TypeScript MCP client (@modelcontextprotocol/sdk, pinned in tests/node) against the real server process.</summary>
public sealed class NodeClientTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static async Task<JsonElement> RunClientAsync(IDictionary<string, string> environment, params string[] args)
    {
        (int Exit, string Out, string Err) result;
        try
        {
            result = await ProcessRunner.RunAsync("node", ["client.mjs", .. args], Repo.NodeTests, environment, timeout: TimeSpan.FromMinutes(3));
        }
        catch (InvalidOperationException exception)
        {
            throw new InvalidOperationException("The out-of-process MCP tests need Node.js 20+ on PATH. " + exception.Message, exception);
        }

        var line = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
            ?? throw new InvalidOperationException($"node printed nothing (exit {result.Exit}): {result.Err}");
        var summary = JsonDocument.Parse(line).RootElement.Clone();
        Assert.True(result.Exit == 0 && !summary.TryGetProperty("error", out _), $"node client failed ({result.Exit}): {line}\n{result.Err}");
        return summary;
    }

    private static void AssertToolsAndCalls(JsonElement summary, TrackStub stub)
    {
        var tools = summary.GetProperty("tools").EnumerateArray().ToList();
        Assert.Equal(McpToolListTests.Expected.Keys.Order(StringComparer.Ordinal), tools.Select(t => t.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        foreach (var tool in tools)
        {
            var name = tool.GetProperty("name").GetString()!;
            var parameters = string.Join(" ", tool.GetProperty("parameters").EnumerateObject().Select(p =>
                $"{p.Name}:{(p.Value.ValueKind == JsonValueKind.Array ? string.Join("|", p.Value.EnumerateArray().Select(t => t.GetString())) : p.Value.GetString())}"));
            Assert.Equal(McpToolListTests.Expected[name].Replace("!", ""), parameters);
            var annotations = tool.GetProperty("annotations");
            Assert.Equal(name == "GetTrackApiRegion", annotations.GetProperty("readOnlyHint").GetBoolean());
            Assert.Equal(McpToolListTests.Destructive.Contains(name), annotations.GetProperty("destructiveHint").GetBoolean());
            Assert.True(annotations.GetProperty("openWorldHint").GetBoolean());
        }

        var calls = summary.GetProperty("calls").EnumerateArray().ToList();
        Assert.Equal(17, calls.Count);
        foreach (var call in calls)
        {
            Assert.False(call.GetProperty("isError").GetBoolean(), call.ToString());
            Assert.Equal(200, call.GetProperty("statusCode").GetInt32());
            Assert.True(call.GetProperty("structured").GetBoolean());
        }

        // Every tool's request reached the stub, in order.
        Assert.Equal(calls.Select(c => c.GetProperty("expectedRequest").GetString()!), stub.RequestLines);
    }

    [Fact]
    public async Task Typescript_client_over_stdio_lists_and_calls_every_tool()
    {
        await node.Ready;
        using var stub = new TrackStub();

        var summary = await RunClientAsync(
            new Dictionary<string, string> { ["CUSTOMERIO_TRACK_URL"] = stub.Url, ["CUSTOMERIO_SITE_ID"] = TrackStub.SiteId, ["CUSTOMERIO_API_KEY"] = TrackStub.ApiKey },
            "stdio", Repo.ServerDll);

        Assert.Equal("customerio-track", summary.GetProperty("server").GetProperty("name").GetString());
        AssertToolsAndCalls(summary, stub);
    }

    [Fact]
    public async Task Typescript_client_over_http_with_token_and_the_rejections()
    {
        await node.Ready;
        using var stub = new TrackStub();
        const string token = "node-token-0c9d8e7f6a";
        var port = HttpTransportTests.FreePort();
        using var stop = new CancellationTokenSource();
        var serverTask = ProcessRunner.RunAsync("dotnet", [Repo.ServerDll, "--http", "--port", port.ToString()], environment: new Dictionary<string, string>
        {
            ["CUSTOMERIO_TRACK_URL"] = stub.Url,
            ["CUSTOMERIO_SITE_ID"] = TrackStub.SiteId,
            ["CUSTOMERIO_API_KEY"] = TrackStub.ApiKey,
            ["CUSTOMERIO_MCP_TOKEN"] = token,
        }, stdin: null, timeout: TimeSpan.FromMinutes(3), stop: stop.Token);
        var url = $"http://127.0.0.1:{port}/mcp";
        try
        {
            await WaitForPortAsync(port, serverTask);

            var summary = await RunClientAsync(new Dictionary<string, string>(), "http", url, token);

            Assert.Equal(401, summary.GetProperty("unauthorized").GetProperty("status").GetInt32());
            Assert.StartsWith("Bearer", summary.GetProperty("unauthorized").GetProperty("wwwAuthenticate").GetString());
            Assert.Equal(401, summary.GetProperty("wrongToken").GetProperty("status").GetInt32());
            Assert.Equal(403, summary.GetProperty("foreignOrigin").GetProperty("status").GetInt32());
            AssertToolsAndCalls(summary, stub);
        }
        finally
        {
            await stop.CancelAsync();
            var server = await serverTask.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.DoesNotContain(TrackStub.ApiKey, server.Err + server.Out);
        }
    }

    private static async Task WaitForPortAsync(int port, Task serverTask)
    {
        for (var i = 0; i < 300; i++)
        {
            if (serverTask.IsCompleted)
            {
                await serverTask;
                throw new InvalidOperationException("The HTTP server exited before listening.");
            }

            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"Nothing listens on port {port}.");
    }
}
