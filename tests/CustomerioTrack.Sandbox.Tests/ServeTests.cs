using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace CustomerioTrack.Sandbox.Tests;

/// <summary>Signals go to the whole test process, so no other test may run meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessSignalsCollection
{
    public const string Name = "process signals";
}

/// <summary><c>sandbox serve</c> runs until cancelled, Ctrl+C (SIGINT) or SIGTERM, then stops cleanly.</summary>
[Collection(ProcessSignalsCollection.Name)]
public sealed class ServeTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cio-sandbox-serve-" + Guid.NewGuid().ToString("N"));
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new() { NewLine = "\n" };

    private string DataPath => Path.Combine(_dir, "s.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private const string GivenKey = "given-key-7f3a9c";

    private async Task<(Task<int> Serving, Uri Url)> Start(CancellationToken cancellationToken = default)
    {
        var serving = SandboxCli.RunAsync(
            ["serve", "--port", "0", "--json", "--data", DataPath, "--site-id", "s", "--api-key", GivenKey],
            TextWriter.Synchronized(_stdout), TextWriter.Synchronized(_stderr), cancellationToken);
        var deadline = Stopwatch.StartNew();
        string started;
        while ((started = _stdout.ToString()).Length == 0)
        {
            Assert.False(serving.IsCompleted, "serve ended before it listened: " + _stderr);
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "serve did not start within 30 s");
            await Task.Delay(20, CancellationToken.None);
        }

        var url = new Uri(JsonDocument.Parse(started).RootElement.GetProperty("url").GetString()!);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, "api/v1/accounts/region"));
        request.Headers.Authorization = SandboxHarness.Basic("s", GivenKey);
        using var response = await http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        return (serving, url);
    }

    private async Task AssertStoppedCleanly(Task<int> serving, Uri url)
    {
        var finished = await Task.WhenAny(serving, Task.Delay(TimeSpan.FromSeconds(15)));
        Assert.True(finished == serving, "serve is still running 15 s after it was told to stop");
        Assert.Equal(0, await serving);
        Assert.Equal("Sandbox stopped.\n", _stderr.ToString());

        // The port is free again, and nothing answers on it.
        using (var http = new HttpClient())
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(url, "api/v1/accounts/region")));
        }

        var listener = new TcpListener(IPAddress.Loopback, url.Port);
        listener.Start();
        listener.Stop();

        // The database file is closed (no descriptor of this process points at it).
        if (OperatingSystem.IsLinux())
        {
            var open = Directory.GetFiles("/proc/self/fd").Select(fd => new FileInfo(fd).LinkTarget).Where(t => t is not null && t.StartsWith(DataPath, StringComparison.Ordinal));
            Assert.Empty(open);
        }
    }

    private const int SignalInterrupt = 2;
    private const int SignalTerminate = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [Fact]
    public async Task Serve_stops_when_the_callers_token_is_cancelled()
    {
        using var stop = new CancellationTokenSource();
        var (serving, url) = await Start(stop.Token);
        await stop.CancelAsync();
        await AssertStoppedCleanly(serving, url);
    }

    [Fact]
    public async Task A_key_given_with_api_key_is_never_printed_the_built_in_one_is()
    {
        using var stop = new CancellationTokenSource();
        var (serving, url) = await Start(stop.Token);
        await stop.CancelAsync();
        await AssertStoppedCleanly(serving, url);
        var started = JsonDocument.Parse(_stdout.ToString()).RootElement;
        Assert.Equal(JsonValueKind.Null, started.GetProperty("api_key").ValueKind);
        Assert.Equal("s", started.GetProperty("site_id").GetString());
        Assert.DoesNotContain(GivenKey, _stdout + _stderr.ToString(), StringComparison.Ordinal);

        using var plain = new StringWriter();
        using var builtIn = new CancellationTokenSource();
        var text = SandboxCli.RunAsync(["serve", "--port", "0", "--data", Path.Combine(_dir, "t.db")], TextWriter.Synchronized(plain), TextWriter.Null, builtIn.Token);
        var deadline = Stopwatch.StartNew();
        while (!plain.ToString().Contains("Press Ctrl+C", StringComparison.Ordinal) && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20, CancellationToken.None);
        }

        await builtIn.CancelAsync();
        Assert.Equal(0, await text);
        Assert.Contains($"  api key: {SandboxOptions.DefaultApiKey}\n", plain.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);

        using var given = new StringWriter();
        using var givenStop = new CancellationTokenSource();
        var textGiven = SandboxCli.RunAsync(["serve", "--port", "0", "--data", Path.Combine(_dir, "u.db"), "--api-key", GivenKey], TextWriter.Synchronized(given), TextWriter.Null, givenStop.Token);
        deadline.Restart();
        while (!given.ToString().Contains("Press Ctrl+C", StringComparison.Ordinal) && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20, CancellationToken.None);
        }

        await givenStop.CancelAsync();
        Assert.Equal(0, await textGiven);
        Assert.Contains("  api key: (the one given with --api-key; not shown)", given.ToString(), StringComparison.Ordinal);
        Assert.Contains("new TrackClient('" + SandboxOptions.DefaultSiteId + "', '<your --api-key>',", given.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(GivenKey, given.ToString(), StringComparison.Ordinal);
    }

    [UnixTheory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task Serve_stops_on_a_signal_to_the_process(string signal)
    {
        // As a host (the MCP executable) calls it: with no token.
        var (serving, url) = await Start();
        // kill(2) itself: CI machines need not have a kill executable.
        Assert.Equal(0, Kill(Environment.ProcessId, signal == "INT" ? SignalInterrupt : SignalTerminate));

        await AssertStoppedCleanly(serving, url);
    }
}
