using System.Diagnostics;
using System.Text.Json;
using CustomerioTrack.Mcp.Tests.Support;

namespace CustomerioTrack.Mcp.Tests;

/// <summary>The built server as a process over stdio with raw JSON-RPC lines: stdout carries the protocol and nothing else.</summary>
public sealed class StdioProcessTests
{
    [Fact]
    public async Task Stdout_carries_only_json_rpc_and_logs_go_to_stderr()
    {
        using var stub = new TrackStub();
        var environment = stub.Environment().Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
        environment["Logging__LogLevel__Default"] = "Trace";

        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Repo.ServerDll },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stderrTask = process.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        async Task<JsonElement> SendAndReadAsync(string message, int id)
        {
            await process.StandardInput.WriteLineAsync(message);
            await process.StandardInput.FlushAsync();
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("stdout closed. stderr: " + await stderrTask);
                lines.Add(line);
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.TryGetProperty("id", out var got) && got.ValueKind == JsonValueKind.Number && got.GetInt32() == id)
                {
                    return document.RootElement.Clone();
                }
            }
        }

        var initialize = await SendAndReadAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""", 1);
        await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        var list = await SendAndReadAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", 2);
        var call = await SendAndReadAsync("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"GetTrackApiRegion","arguments":{}}}""", 3);
        process.StandardInput.Close();
        // The server ends when its input ends; anything it still writes must be protocol too.
        lines.AddRange((await process.StandardOutput.ReadToEndAsync(timeout.Token)).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        await process.WaitForExitAsync(timeout.Token);
        var stderr = await stderrTask;

        Assert.Equal("customerio-track", initialize.GetProperty("result").GetProperty("serverInfo").GetProperty("name").GetString());
        Assert.Equal(17, list.GetProperty("result").GetProperty("tools").GetArrayLength());
        Assert.False(call.GetProperty("result").TryGetProperty("isError", out var isError) && isError.GetBoolean(), call.ToString());
        Assert.Equal("GET /api/v1/accounts/region", Assert.Single(stub.RequestLines));
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var document = JsonDocument.Parse(line); // throws on any non-JSON line
            Assert.Equal("2.0", document.RootElement.GetProperty("jsonrpc").GetString());
        }

        Assert.Contains("customerio-track", stderr); // the start-up log went to stderr
        Assert.DoesNotContain(TrackStub.ApiKey, stderr);
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task Help_and_usage_errors_as_a_process()
    {
        var help = await ProcessRunner.RunAsync("dotnet", [Repo.ServerDll, "--help"], timeout: TimeSpan.FromSeconds(60));
        var bad = await ProcessRunner.RunAsync("dotnet", [Repo.ServerDll, "--http", "--host", "0.0.0.0"], environment: new Dictionary<string, string> { ["CUSTOMERIO_MCP_TOKEN"] = "" }, timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(0, help.Exit);
        Assert.Contains("Usage", help.Out);
        Assert.Equal(2, bad.Exit);
        Assert.Equal("", bad.Out);
        Assert.Contains("Refusing", bad.Err);
    }
}
