using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace CustomerioTrack.Benchmarks;

/// <summary>
/// <c>startup</c>: MCP server cold start over stdio, from process start to the first <c>tools/list</c> answer
/// (initialize → answer → notifications/initialized + tools/list → answer), median of N runs; peak RSS (VmHWM) at that point.
/// </summary>
public static class Startup
{
    public static async Task<int> RunAsync(string[] args)
    {
        var smoke = Cli.Flag(args, "--smoke");
        var runs = Cli.Int(args, "--runs", smoke ? 2 : 20);
        var root = Cli.RepoRoot();
        var dll = Cli.Value(args, "--dll") ?? Path.Combine(root, "src", "CustomerioTrack.Mcp", "bin", "Release", "net10.0", "CustomerioTrack.Mcp.dll");
        var aot = Cli.Value(args, "--aot") ?? Path.Combine(root, "artifacts", "bench", "aot", "CustomerioTrack.Mcp");
        var outDir = Cli.Value(args, "--out") ?? Path.Combine(root, "artifacts", "bench");
        Directory.CreateDirectory(outDir);
        var ic = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(ic, $"## MCP cold start (stdio, process start → first tools/list answered), {runs} runs{(smoke ? " (SMOKE)" : "")}");
        sb.AppendLine();
        sb.AppendLine(ic, $"Machine at start: {Cli.Machine()}");
        sb.AppendLine();
        sb.AppendLine("| build | median ms | min ms | max ms | peak RSS (VmHWM) median MB | tools/list result bytes |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|");
        var ok = true;
        foreach (var (label, file, viaDotnet, pending) in new[]
                 {
                     ("JIT (dotnet CustomerioTrack.Mcp.dll, Release)", dll, true, "dotnet build src/CustomerioTrack.Mcp -c Release"),
                     ("Native AOT (linux-x64)", aot, false, "dotnet publish src/CustomerioTrack.Mcp -c Release -r linux-x64 -p:PublishAot=true -o artifacts/bench/aot"),
                 })
        {
            if (!File.Exists(file))
            {
                sb.AppendLine(ic, $"| {label} | pending: `{file}` not found; produce it with `{pending}` | | | | |");
                continue;
            }

            var times = new List<double>();
            var rss = new List<double>();
            var listBytes = 0;
            for (var i = 0; i < runs + 1; i++)
            {
                var (ms, kb, bytes) = await OnceAsync(file, viaDotnet).ConfigureAwait(false);
                if (i == 0)
                {
                    continue; // the first run warms the OS file cache; not counted
                }

                times.Add(ms);
                rss.Add(kb / 1024.0);
                listBytes = bytes;
                Console.WriteLine(string.Create(ic, $"  {label}: run {i}: {ms:F0} ms, VmHWM {kb / 1024.0:F1} MB"));
            }

            times.Sort();
            rss.Sort();
            sb.AppendLine(ic, $"| {label} | {Median(times):F0} | {times[0]:F0} | {times[^1]:F0} | {Median(rss):F1} | {listBytes:N0} |");
            ok &= listBytes > 0;
        }

        sb.AppendLine();
        sb.AppendLine(ic, $"Machine at end: {Cli.Machine()}");
        var report = sb.ToString();
        Console.WriteLine(report);
        var path = Path.Combine(outDir, smoke ? "startup-smoke.md" : "startup.md");
        await File.WriteAllTextAsync(path, report).ConfigureAwait(false);
        Console.WriteLine($"written: {path}");
        return ok ? 0 : 1;
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    private static async Task<(double Ms, long PeakKb, int ListBytes)> OnceAsync(string file, bool viaDotnet)
    {
        var start = new ProcessStartInfo(viaDotnet ? "dotnet" : file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (viaDotnet)
        {
            start.ArgumentList.Add(file);
        }

        // No credentials: the server still starts and lists its tools (a call would name the missing variable).
        foreach (var name in new[] { "CUSTOMERIO_SITE_ID", "CUSTOMERIO_API_KEY", "CUSTOMERIO_REGION", "CUSTOMERIO_TRACK_URL" })
        {
            start.Environment.Remove(name);
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        var stdin = process.StandardInput;
        await stdin.WriteLineAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1.0"}}}""").ConfigureAwait(false);
        await stdin.FlushAsync().ConfigureAwait(false);
        await ReadResponseAsync(process, 1).ConfigureAwait(false);
        await stdin.WriteLineAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""").ConfigureAwait(false);
        await stdin.WriteLineAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{}}""").ConfigureAwait(false);
        await stdin.FlushAsync().ConfigureAwait(false);
        var list = await ReadResponseAsync(process, 2).ConfigureAwait(false);
        watch.Stop();
        var peak = PeakKb(process.Id);
        var bytes = Encoding.UTF8.GetByteCount(JsonNode.Parse(list)!["result"]!.ToJsonString());
        stdin.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }

        return (watch.Elapsed.TotalMilliseconds, peak, bytes);
    }

    private static async Task<string> ReadResponseAsync(Process process, int id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line)
        {
            if (line.Length > 0 && JsonNode.Parse(line) is JsonObject message && message["id"] is { } got && got.GetValueKind() == System.Text.Json.JsonValueKind.Number && got.GetValue<int>() == id)
            {
                return line;
            }
        }

        throw new InvalidOperationException($"the server closed stdout before answering request {id}");
    }

    private static long PeakKb(int pid)
    {
        var status = $"/proc/{pid}/status";
        if (!File.Exists(status))
        {
            return 0;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
