using System.Diagnostics;
using System.Text.Json;

namespace CustomerioTrack.Sandbox.Tests;

/// <summary>Issue 6 §4: the official customerio-node client (pinned in tests/node-sandbox) against the standalone sandbox.</summary>
public sealed class NodeClientTests
{
    private static string NodeDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CustomerioTrack.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "tests", "node-sandbox");
    }

    private static async Task<(int Code, string Out, string Err)> Run(string file, string arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Customerio_node_works_against_the_standalone_sandbox()
    {
        var dir = NodeDirectory();
        if (!Directory.Exists(Path.Combine(dir, "node_modules", "customerio-node")))
        {
            var install = await Run("npm", "ci --no-audit --no-fund --engine-strict=false", dir);
            Assert.True(install.Code == 0, "npm ci failed: " + install.Err);
        }

        await using var server = await SandboxServer.StartAsync(new SandboxOptions { InMemory = true, SiteId = "node-site", ApiKey = "node-key" });
        var url = server.BaseUrl + "api/v1";
        var (code, output, error) = await Run("node", $"drive.mjs {url} node-site node-key", dir);
        Assert.True(code == 0, $"node exited {code}: {error}\n{output}");

        var results = JsonDocument.Parse(output).RootElement;
        foreach (var call in results.GetProperty("calls").EnumerateArray())
        {
            Assert.True(call.GetProperty("ok").GetBoolean(), call.ToString());
        }

        var inspector = server.Inspector;
        // identify + track + trackPageView + devices
        var alice = await inspector.GetPersonAsync("alice");
        Assert.NotNull(alice);
        Assert.Equal("alice@example.com", alice.Person.Email);
        Assert.Equal("pro", (string?)alice.Person.Attributes["plan"]);
        Assert.Contains(alice.Events, e => e.Name == "purchase" && e.Type == "event" && (double?)e.Data?["price"] == 9.5);
        Assert.Contains(alice.Events, e => e.Name == "/pricing" && e.Type == "page");
        Assert.Equal(["device-keep"], alice.Devices.Select(d => d.Token)); // device-gone was added then removed
        // trackAnonymous linked by a later identify with the anonymous_id
        Assert.Contains(alice.Events, e => e.Name == "anonymous_view" && e.AnonymousId == "anon-42");
        // mergeCustomers: bob folded into alice
        Assert.Null(await inspector.GetPersonAsync("bob"));
        Assert.Equal("from-bob", (string?)alice.Person.Attributes["bob_only"]);
        Assert.Contains(alice.Events, e => e.Name == "bob_event");
        // destroy
        Assert.Null(await inspector.GetPersonAsync("carol"));
        // suppress refuses identify until unsuppress; after it a fresh profile
        var dave = await inspector.GetPersonAsync("dave");
        Assert.NotNull(dave);
        Assert.Equal("after", (string?)dave.Person.Attributes["phase"]);
        Assert.False(dave.Person.Attributes.ContainsKey("before"));
        Assert.Contains(await inspector.GetJournalAsync(), j => j.Path == "/api/v1/customers/dave" && j.Notes.Any(n => n.Contains("suppressed", StringComparison.Ordinal)));
        // batch
        var erin = await inspector.GetPersonAsync("erin@example.com");
        Assert.NotNull(erin);
        Assert.Contains(erin.Events, e => e.Name == "batched" && e.Source == "v2");
    }
}
