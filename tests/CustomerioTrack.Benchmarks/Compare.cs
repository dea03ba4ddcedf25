using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerioTrack.Client;
using CustomerioTrack.Tools;

namespace CustomerioTrack.Benchmarks;

/// <summary>
/// <c>compare</c>: one local server (a separate process), then sequential calls through each path:
/// the raw HttpClient floor, our typed Kiota client, our tools (execute mode), customerio-node 5.2.0.
/// </summary>
public static class Compare
{
    private sealed record Row(string Path, string Workload, int Calls, double Seconds, long ServerRequests, long ServerBytes, int Errors)
    {
        public double CallsPerSecond => Calls / Seconds;
        public double MicrosPerCall => Seconds * 1e6 / Calls;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var smoke = Cli.Flag(args, "--smoke");
        var n = Cli.Int(args, "--n", smoke ? 200 : 10_000);
        var batchN = Cli.Int(args, "--batch-n", smoke ? 5 : 1_000);
        // The validated tools path is far slower on 500 KB batches (schema evaluation); this lets a run bound its time.
        var toolsBatchN = Cli.Int(args, "--tools-batch-n", batchN);
        var warmup = Cli.Int(args, "--warmup", smoke ? 20 : 1_000);
        var batchWarmup = Cli.Int(args, "--batch-warmup", smoke ? 1 : 20);
        var root = Cli.RepoRoot();
        var nodeDir = Cli.Value(args, "--node-dir") ?? Path.Combine(root, "tests", "bench-node");
        var outDir = Cli.Value(args, "--out") ?? Path.Combine(root, "artifacts", "bench");
        var skipNode = Cli.Flag(args, "--no-node");
        Directory.CreateDirectory(outDir);
        var workloadFile = Path.Combine(outDir, "workload.json");
        Workload.WriteFor(workloadFile);

        var machineBefore = Cli.Machine();
        Console.WriteLine($"compare: {n} identify + {n} track calls, then {batchN} batches of {Encoding.UTF8.GetByteCount(Workload.BatchBody):N0} bytes ({Workload.BatchItems} items); warm-up {warmup} / {batchWarmup}; sequential, one call in flight.");
        Console.WriteLine($"machine: {machineBefore}");

        using var server = ServerProcess.Start();
        var baseUrl = server.BaseUrl;
        Console.WriteLine($"server: {baseUrl} (separate process, pid {server.Pid})");
        using var stats = new HttpClient { BaseAddress = baseUrl };

        var rows = new List<Row>();
        var options = new TrackClientOptions
        {
            SiteId = Workload.SiteId,
            ApiKey = Workload.ApiKey,
            BaseUrl = baseUrl,
            Retry = new TrackRetryOptions { MaxRetries = 0 },
        };

        // (c) the floor: prebuilt bytes, one HttpClient, the same headers a Track client sends.
        using var floor = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = baseUrl };
        floor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Workload.SiteId}:{Workload.ApiKey}")));
        floor.DefaultRequestHeaders.UserAgent.ParseAdd("bench-floor/1.0");
        var identifyBytes = Encoding.UTF8.GetBytes(Workload.IdentifyBody);
        var eventBytes = Encoding.UTF8.GetBytes(Workload.EventBody);
        var batchBytes = Encoding.UTF8.GetBytes(Workload.BatchBody);
        async Task<bool> Raw(HttpMethod method, string path, byte[] body)
        {
            using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await floor.SendAsync(request, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
            await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }

        const string identifyPath = "/api/v1/customers/" + Workload.PersonId;
        const string eventPath = identifyPath + "/events";
        await Measure(rows, stats, "floor: raw HttpClient, prebuilt bytes", n, batchN, warmup, batchWarmup,
            () => Raw(HttpMethod.Put, identifyPath, identifyBytes),
            () => Raw(HttpMethod.Post, eventPath, eventBytes),
            () => Raw(HttpMethod.Post, "/api/v2/batch", batchBytes)).ConfigureAwait(false);

        // (a1) our typed Kiota client: models serialized on every call.
        var client = TrackClientFactory.Create(options);
        var identifyModel = Workload.IdentifyModel();
        var eventModel = Workload.EventModel();
        var batchModel = Workload.BatchModel();
        await Measure(rows, stats, "ours: typed Kiota client", n, batchN, warmup, batchWarmup,
            async () => { await client.Api.V1.Customers[Workload.PersonId].PutAsync(identifyModel).ConfigureAwait(false); return true; },
            async () => { await client.Api.V1.Customers[Workload.PersonId].Events.PostAsync(eventModel).ConfigureAwait(false); return true; },
            async () => { await client.Api.V2.Batch.PostAsync(batchModel).ConfigureAwait(false); return true; }).ConfigureAwait(false);

        // (a2) our tools, execute mode: JSON arguments in, parse, bind, validate against the schema, limits, send, interpret.
        var tools = TrackTools.Create(TrackClientFactory.Create(options));
        await Measure(rows, stats, "ours: tools execute (validated)", n, toolsBatchN, warmup, batchWarmup,
            async () => !(await tools.InvokeAsync("UpdateOrAddPerson", Workload.IdentifyArguments).ConfigureAwait(false)).IsError,
            async () => !(await tools.InvokeAsync("SendCustomerEvent", Workload.EventArguments).ConfigureAwait(false)).IsError,
            async () => !(await tools.InvokeAsync("BatchProcessRequests", Workload.BatchArguments).ConfigureAwait(false)).IsError).ConfigureAwait(false);

        // (b) customerio-node 5.2.0, retries off, sequential awaits.
        if (!skipNode)
        {
            await MeasureNode(rows, stats, nodeDir, baseUrl, workloadFile, n, batchN, warmup, batchWarmup).ConfigureAwait(false);
        }

        var machineAfter = Cli.Machine();
        var report = Report(rows, n, batchN, toolsBatchN, machineBefore, machineAfter, smoke);
        Console.WriteLine(report);
        var file = Path.Combine(outDir, smoke ? "compare-smoke.md" : "compare.md");
        await File.WriteAllTextAsync(file, report).ConfigureAwait(false);
        Console.WriteLine($"written: {file}");
        return rows.Any(r => r.Errors > 0 || r.ServerRequests != r.Calls) ? 1 : 0;
    }

    private static async Task Measure(List<Row> rows, HttpClient stats, string path, int n, int batchN, int warmup, int batchWarmup,
        Func<Task<bool>> identify, Func<Task<bool>> track, Func<Task<bool>> batch)
    {
        for (var i = 0; i < warmup; i++)
        {
            await identify().ConfigureAwait(false);
            await track().ConfigureAwait(false);
        }

        for (var i = 0; i < batchWarmup; i++)
        {
            await batch().ConfigureAwait(false);
        }

        rows.Add(await Timed(stats, path, "identify", n, identify).ConfigureAwait(false));
        rows.Add(await Timed(stats, path, "track", n, track).ConfigureAwait(false));
        rows.Add(await Timed(stats, path, "batch ~495 KB", batchN, batch).ConfigureAwait(false));
    }

    private static async Task<Row> Timed(HttpClient stats, string path, string workload, int count, Func<Task<bool>> call)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = await ServerStats(stats).ConfigureAwait(false);
        var errors = 0;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            if (!await call().ConfigureAwait(false))
            {
                errors++;
            }
        }

        watch.Stop();
        var after = await ServerStats(stats).ConfigureAwait(false);
        var row = new Row(path, workload, count, watch.Elapsed.TotalSeconds, after.Requests - before.Requests, after.Bytes - before.Bytes, errors);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {path,-38} {workload,-14} {count,6} calls {row.Seconds,8:F2} s {row.CallsPerSecond,10:F0} calls/s {row.MicrosPerCall,9:F0} us/call  server saw {row.ServerRequests} req, {row.ServerBytes:N0} B{(errors > 0 ? $"  ERRORS {errors}" : "")}"));
        return row;
    }

    private static async Task<(long Requests, long Bytes)> ServerStats(HttpClient stats)
    {
        var json = JsonNode.Parse(await stats.GetStringAsync("/__stats").ConfigureAwait(false))!;
        return (json["requests"]!.GetValue<long>(), json["bytes"]!.GetValue<long>());
    }

    private static async Task MeasureNode(List<Row> rows, HttpClient stats, string nodeDir, Uri baseUrl, string workloadFile, int n, int batchN, int warmup, int batchWarmup)
    {
        if (!Directory.Exists(Path.Combine(nodeDir, "node_modules", "customerio-node")))
        {
            throw new InvalidOperationException($"customerio-node is not installed: run `npm ci --prefix {nodeDir}` (or pass --no-node).");
        }

        const string path = "customerio-node 5.2.0 (retries off)";
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = nodeDir,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "compare.mjs", "--url", baseUrl.ToString().TrimEnd('/') + "/api/v1", "--workload", workloadFile,
                     "--n", n.ToString(CultureInfo.InvariantCulture), "--batch-n", batchN.ToString(CultureInfo.InvariantCulture),
                     "--warmup", warmup.ToString(CultureInfo.InvariantCulture), "--batch-warmup", batchWarmup.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(a);
        }

        using var node = Process.Start(start)!;
        // The node harness prints "ready <workload>" before each timed phase and waits for a line, so server stats are exact.
        while (await node.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (line.StartsWith("ready ", StringComparison.Ordinal))
            {
                var before = await ServerStats(stats).ConfigureAwait(false);
                await node.StandardInput.WriteLineAsync("go").ConfigureAwait(false);
                await node.StandardInput.FlushAsync().ConfigureAwait(false);
                var result = await node.StandardOutput.ReadLineAsync().ConfigureAwait(false)
                    ?? throw new InvalidOperationException("node harness ended early");
                var after = await ServerStats(stats).ConfigureAwait(false);
                var json = JsonNode.Parse(result)!;
                var row = new Row(path, json["workload"]!.GetValue<string>(), json["calls"]!.GetValue<int>(), json["seconds"]!.GetValue<double>(),
                    after.Requests - before.Requests, after.Bytes - before.Bytes, json["errors"]!.GetValue<int>());
                rows.Add(row);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {path,-38} {row.Workload,-14} {row.Calls,6} calls {row.Seconds,8:F2} s {row.CallsPerSecond,10:F0} calls/s {row.MicrosPerCall,9:F0} us/call  server saw {row.ServerRequests} req, {row.ServerBytes:N0} B{(row.Errors > 0 ? $"  ERRORS {row.Errors}" : "")}"));
            }
            else
            {
                Console.WriteLine("  node: " + line);
            }
        }

        await node.WaitForExitAsync().ConfigureAwait(false);
        if (node.ExitCode != 0)
        {
            throw new InvalidOperationException($"node harness exited with {node.ExitCode}");
        }
    }

    private static string Report(List<Row> rows, int n, int batchN, int toolsBatchN, string machineBefore, string machineAfter, bool smoke)
    {
        var ic = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(ic, $"## Side by side{(smoke ? " (SMOKE: tiny N, figures meaningless)" : "")}");
        sb.AppendLine();
        sb.AppendLine(ic, $"Machine at start: {machineBefore}  ");
        sb.AppendLine(ic, $"Machine at end: {machineAfter}");
        sb.AppendLine();
        sb.AppendLine("| path | workload | calls | seconds | calls/s | µs/call | server saw (requests, body bytes) | errors |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---|---:|");
        foreach (var r in rows)
        {
            sb.AppendLine(ic, $"| {r.Path} | {r.Workload} | {r.Calls} | {r.Seconds:F2} | {r.CallsPerSecond:F0} | {r.MicrosPerCall:F0} | {r.ServerRequests}, {r.ServerBytes:N0} | {r.Errors} |");
        }

        // identify + track together, as the issue counts them.
        double Combined(string path)
        {
            var parts = rows.Where(r => r.Path == path && r.Workload is "identify" or "track").ToList();
            return parts.Count == 2 ? parts.Sum(r => r.Calls) / parts.Sum(r => r.Seconds) : double.NaN;
        }

        double Batch(string path) => rows.FirstOrDefault(r => r.Path == path && r.Workload.StartsWith("batch", StringComparison.Ordinal))?.CallsPerSecond ?? double.NaN;

        const string floor = "floor: raw HttpClient, prebuilt bytes";
        const string node = "customerio-node 5.2.0 (retries off)";
        sb.AppendLine();
        sb.AppendLine("| ours | workload | calls/s | time per call vs floor (target ≤ 1.2x) | throughput vs customerio-node (target ≥ 3x) |");
        sb.AppendLine("|---|---|---:|---:|---:|");
        foreach (var ours in new[] { "ours: tools execute (validated)", "ours: typed Kiota client" })
        {
            foreach (var (label, f) in new (string, Func<string, double>)[] { ($"{n} identify + {n} track", Combined), ($"batch ~495 KB ({(ours.Contains("tools") ? toolsBatchN : batchN)} calls)", Batch) })
            {
                var o = f(ours);
                var vsFloor = f(floor) / o;
                var vsNode = o / f(node);
                sb.AppendLine(ic, $"| {ours} | {label} | {o:F0} | {vsFloor:F2}x {(vsFloor <= 1.2 ? "met" : "NOT met")} | {(double.IsNaN(vsNode) ? "n/a" : $"{vsNode:F2}x {(vsNode >= 3 ? "met" : "NOT met")}")} |");
            }
        }

        sb.AppendLine();
        sb.AppendLine("Floor and customerio-node send the body as given; our paths add a ULID `id` to each event (de-duplication on retry),");
        sb.AppendLine("and the tools path also parses the arguments, validates the body against the JSON Schema and checks Track limits.");
        return sb.ToString();
    }
}

/// <summary>The benchmark binary itself, started as <c>server --port 0</c>, so the server never shares the clients' process.</summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public int Pid => _process.Id;

    public static ServerProcess Start()
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ServerProcess).Assembly.Location);
        }

        start.ArgumentList.Add("server");
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add("0");
        var process = Process.Start(start)!;
        var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the server process ended before listening");
        return new ServerProcess(process, new Uri(line["listening ".Length..]));
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill();
            }
        }
        finally
        {
            _process.Dispose();
        }
    }
}
