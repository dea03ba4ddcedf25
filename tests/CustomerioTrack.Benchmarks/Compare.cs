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
    private static Dictionary<string, JsonElement> ByName(JsonDocument arguments) =>
        arguments.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

    private const string PipelinePath = "ours: client pipeline only, prebuilt bytes";

    private const string ParsedToolsPath = "ours: tools execute (validated), arguments parsed (MCP)";

    private sealed record Row(string Path, string Workload, int Calls, double Seconds, long ServerRequests, long ServerBytes, int Errors, int Round = 0)
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
        // 200, not 20: at 20 our batch paths were still tiering up in round 1 (4.6 ms per call against 1.8 ms from round 3 on).
        var batchWarmup = Cli.Int(args, "--batch-warmup", smoke ? 1 : 200);
        var root = Cli.RepoRoot();
        var nodeDir = Cli.Value(args, "--node-dir") ?? Path.Combine(root, "tests", "bench-node");
        var outDir = Cli.Value(args, "--out") ?? Path.Combine(root, "artifacts", "bench");
        var skipNode = Cli.Flag(args, "--no-node");
        // Interleaved rounds: every path runs a share of its calls in each round, so machine load and server warm-up
        // drift hit all paths alike instead of whichever ran first or last.
        var rounds = Math.Max(1, Cli.Int(args, "--rounds", smoke ? 1 : 5));
        // Call by call: the floor and one of our paths take turns, one call each (pairs of small calls, pairs of batches).
        var alternateN = Cli.Int(args, "--alternate-n", smoke ? 20 : 2_000);
        var alternateBatchN = Cli.Int(args, "--alternate-batch-n", smoke ? 2 : 200);
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
        var paths = new List<PathCalls>
        {
            new("floor: raw HttpClient, prebuilt bytes", batchN,
                () => Raw(HttpMethod.Put, identifyPath, identifyBytes),
                () => Raw(HttpMethod.Post, eventPath, eventBytes),
                () => Raw(HttpMethod.Post, "/api/v2/batch", batchBytes)),
        };

        // (a1) our typed Kiota client: models serialized on every call.
        var client = TrackClientFactory.Create(options);
        var identifyModel = Workload.IdentifyModel();
        var eventModel = Workload.EventModel();
        var batchModel = Workload.BatchModel();
        paths.Add(new("ours: typed Kiota client", batchN,
            async () => { await client.Api.V1.Customers[Workload.PersonId].PutAsync(identifyModel).ConfigureAwait(false); return true; },
            async () => { await client.Api.V1.Customers[Workload.PersonId].Events.PostAsync(eventModel).ConfigureAwait(false); return true; },
            async () => { await client.Api.V2.Batch.PostAsync(batchModel).ConfigureAwait(false); return true; }));

        // (a1b) diagnostic: our client's HTTP pipeline (Kiota adapter, auth, handlers) sending the prebuilt bytes, nothing
        // parsed or checked: what the pipeline itself costs over the floor's bare HttpClient.
        var pipeline = TrackClientFactory.Create(options);
        async Task<bool> Piped(HttpMethod method, string path, byte[] body)
        {
            var request = new Microsoft.Kiota.Abstractions.RequestInformation
            {
                HttpMethod = method == HttpMethod.Put ? Microsoft.Kiota.Abstractions.Method.PUT : Microsoft.Kiota.Abstractions.Method.POST,
                URI = new Uri(baseUrl, path),
            };
            request.SetStreamContent(new MemoryStream(body, writable: false), "application/json");
            request.AddRequestOptions([new CustomerioTrack.Client.Http.EventIdsAssignedOption(), new CustomerioTrack.Client.Http.ReplayableContentOption()]);
            var response = await pipeline.SendRawAsync(request).ConfigureAwait(false);
            return response.StatusCode is >= 200 and < 300;
        }

        paths.Add(new(PipelinePath, batchN,
            () => Piped(HttpMethod.Put, identifyPath, identifyBytes),
            () => Piped(HttpMethod.Post, eventPath, eventBytes),
            () => Piped(HttpMethod.Post, "/api/v2/batch", batchBytes)));

        // (a2) our tools, execute mode: JSON arguments in, parse, bind, validate against the schema, limits, send, interpret.
        var tools = TrackTools.Create(TrackClientFactory.Create(options));
        paths.Add(new("ours: tools execute (validated)", toolsBatchN,
            async () => !(await tools.InvokeAsync("UpdateOrAddPerson", Workload.IdentifyArguments).ConfigureAwait(false)).IsError,
            async () => !(await tools.InvokeAsync("SendCustomerEvent", Workload.EventArguments).ConfigureAwait(false)).IsError,
            async () => !(await tools.InvokeAsync("BatchProcessRequests", Workload.BatchArguments).ConfigureAwait(false)).IsError));

        // (a3) the same tools given the arguments already parsed, by name, as the MCP server passes on a tools/call request
        // (the MCP SDK parsed the message): everything of (a2) but the parse of the argument text.
        using var identifyArguments = JsonDocument.Parse(Workload.IdentifyArguments);
        using var eventArguments = JsonDocument.Parse(Workload.EventArguments);
        using var batchArguments = JsonDocument.Parse(Workload.BatchArguments);
        var identifyByName = ByName(identifyArguments);
        var eventByName = ByName(eventArguments);
        var batchByName = ByName(batchArguments);
        paths.Add(new(ParsedToolsPath, toolsBatchN,
            async () => !(await tools.InvokeAsync("UpdateOrAddPerson", identifyByName).ConfigureAwait(false)).IsError,
            async () => !(await tools.InvokeAsync("SendCustomerEvent", eventByName).ConfigureAwait(false)).IsError,
            async () => !(await tools.InvokeAsync("BatchProcessRequests", batchByName).ConfigureAwait(false)).IsError));

        foreach (var path in paths)
        {
            await path.WarmUpAsync(warmup, batchWarmup).ConfigureAwait(false);
        }

        // (b) customerio-node 5.2.0, retries off, sequential awaits: one process for all rounds (it warms up on start).
        await using var node = skipNode ? null : await NodeSession.StartAsync(nodeDir, baseUrl, workloadFile, rounds, n, batchN, warmup, batchWarmup).ConfigureAwait(false);
        for (var round = 0; round < rounds; round++)
        {
            Console.WriteLine($"round {round + 1} of {rounds}");
            foreach (var path in paths)
            {
                rows.Add(await Timed(stats, path.Name, "identify", Share(n, rounds, round), path.Identify).ConfigureAwait(false) with { Round = round });
                rows.Add(await Timed(stats, path.Name, "track", Share(n, rounds, round), path.Track).ConfigureAwait(false) with { Round = round });
                if (Share(path.BatchCalls, rounds, round) > 0)
                {
                    rows.Add(await Timed(stats, path.Name, "batch ~495 KB", Share(path.BatchCalls, rounds, round), path.Batch).ConfigureAwait(false) with { Round = round });
                }
            }

            if (node is not null)
            {
                await node.RunRoundAsync(rows, stats, round).ConfigureAwait(false);
            }
        }

        var alternated = new List<Alternation>();
        foreach (var path in paths.Skip(1))
        {
            alternated.Add(await AlternateAsync(stats, "identify + track", paths[0], path, alternateN, batch: false).ConfigureAwait(false));
            alternated.Add(await AlternateAsync(stats, "batch ~495 KB", paths[0], path, alternateBatchN, batch: true).ConfigureAwait(false));
        }

        var machineAfter = Cli.Machine();
        var report = Report(rows, n, batchN, toolsBatchN, rounds, machineBefore, machineAfter, smoke) + Report(alternated);
        Console.WriteLine(report);
        var file = Path.Combine(outDir, smoke ? "compare-smoke.md" : "compare.md");
        await File.WriteAllTextAsync(file, report).ConfigureAwait(false);
        Console.WriteLine($"written: {file}");
        return rows.Any(r => r.Errors > 0 || r.ServerRequests != r.Calls) || alternated.Any(a => !a.Complete) ? 1 : 0;
    }

    /// <summary>Per-call latencies of the floor and one of our paths, taking turns call by call.</summary>
    private sealed record Alternation(string Path, string Workload, double[] FloorMicros, double[] OursMicros, bool Complete);

    // A stall on this shared VM lasts longer than one call: whichever path a round of the interleaved comparison happens to
    // run in absorbs it. Taking turns call by call exposes both paths to the same conditions, and medians set the stalls
    // aside; the ratio of means (what throughput compares) is reported next to them.
    private static async Task<Alternation> AlternateAsync(HttpClient stats, string workload, PathCalls floor, PathCalls ours, int pairs, bool batch)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = await ServerStats(stats).ConfigureAwait(false);
        var calls = batch ? new[] { (floor.Batch, ours.Batch) } : [(floor.Identify, ours.Identify), (floor.Track, ours.Track)];
        var floorMicros = new List<double>(pairs * calls.Length);
        var oursMicros = new List<double>(pairs * calls.Length);
        var ok = true;
        for (var i = 0; i < pairs; i++)
        {
            foreach (var (floorCall, oursCall) in calls)
            {
                // Who goes first alternates too, so neither path always follows the other.
                var (first, second, firstTimes, secondTimes) = i % 2 == 0 ? (floorCall, oursCall, floorMicros, oursMicros) : (oursCall, floorCall, oursMicros, floorMicros);
                var start = Stopwatch.GetTimestamp();
                ok &= await first().ConfigureAwait(false);
                var middle = Stopwatch.GetTimestamp();
                ok &= await second().ConfigureAwait(false);
                var end = Stopwatch.GetTimestamp();
                firstTimes.Add(Stopwatch.GetElapsedTime(start, middle).TotalMicroseconds);
                secondTimes.Add(Stopwatch.GetElapsedTime(middle, end).TotalMicroseconds);
            }
        }

        var after = await ServerStats(stats).ConfigureAwait(false);
        var complete = ok && after.Requests - before.Requests == 2L * pairs * calls.Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  alternating {ours.Name,-38} {workload,-16} {pairs} pairs{(complete ? "" : "  INCOMPLETE")}"));
        return new Alternation(ours.Name, workload, [.. floorMicros], [.. oursMicros], complete);
    }

    private static string Report(List<Alternation> alternated)
    {
        var ic = CultureInfo.InvariantCulture;
        static double Median(double[] values) => values.Order().ElementAt(values.Length / 2);
        var sb = new StringBuilder();
        sb.AppendLine();
        sb.AppendLine("Call by call (the floor and our path take turns, one call each, first mover alternating; per-call latency):");
        sb.AppendLine();
        sb.AppendLine("| ours | workload | pairs of calls | floor median µs | ours median µs | ratio of medians (target ≤ 1.2x) | ratio of means |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var a in alternated)
        {
            var medianRatio = Median(a.OursMicros) / Median(a.FloorMicros);
            sb.AppendLine(ic, $"| {a.Path} | {a.Workload} | {a.OursMicros.Length} | {Median(a.FloorMicros):F0} | {Median(a.OursMicros):F0} | {medianRatio:F2}x {(medianRatio <= 1.2 ? "met" : "NOT met")} | {a.OursMicros.Average() / a.FloorMicros.Average():F2}x |");
        }

        return sb.ToString();
    }

    // The calls of one round: total split as evenly as possible, earlier rounds taking the remainder.
    private static int Share(int total, int rounds, int round) => (total / rounds) + (round < total % rounds ? 1 : 0);

    private sealed record PathCalls(string Name, int BatchCalls, Func<Task<bool>> Identify, Func<Task<bool>> Track, Func<Task<bool>> Batch)
    {
        public async Task WarmUpAsync(int warmup, int batchWarmup)
        {
            for (var i = 0; i < warmup; i++)
            {
                await Identify().ConfigureAwait(false);
                await Track().ConfigureAwait(false);
            }

            for (var i = 0; i < batchWarmup; i++)
            {
                await Batch().ConfigureAwait(false);
            }
        }
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

    /// <summary>customerio-node's harness, kept running across rounds; it prints "ready &lt;workload&gt;" and waits before each timed phase.</summary>
    private sealed class NodeSession : IAsyncDisposable
    {
        private const string PathName = "customerio-node 5.2.0 (retries off)";
        private readonly Process _process;

        private NodeSession(Process process) => _process = process;

        public static Task<NodeSession> StartAsync(string nodeDir, Uri baseUrl, string workloadFile, int rounds, int n, int batchN, int warmup, int batchWarmup)
        {
            if (!Directory.Exists(Path.Combine(nodeDir, "node_modules", "customerio-node")))
            {
                throw new InvalidOperationException($"customerio-node is not installed: run `npm ci --prefix {nodeDir}` (or pass --no-node).");
            }

            var start = new ProcessStartInfo("node")
            {
                WorkingDirectory = nodeDir,
                RedirectStandardOutput = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { "compare.mjs", "--url", baseUrl.ToString().TrimEnd('/') + "/api/v1", "--workload", workloadFile,
                         "--rounds", rounds.ToString(CultureInfo.InvariantCulture),
                         "--n", n.ToString(CultureInfo.InvariantCulture), "--batch-n", batchN.ToString(CultureInfo.InvariantCulture),
                         "--warmup", warmup.ToString(CultureInfo.InvariantCulture), "--batch-warmup", batchWarmup.ToString(CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(a);
            }

            return Task.FromResult(new NodeSession(Process.Start(start)!));
        }

        /// <summary>Runs node's three timed phases of one round (identify, track, batch).</summary>
        public async Task RunRoundAsync(List<Row> rows, HttpClient stats, int round)
        {
            var phases = 0;
            while (phases < 3 && await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (!line.StartsWith("ready ", StringComparison.Ordinal))
                {
                    Console.WriteLine("  node: " + line);
                    continue;
                }

                if (line == "ready warmup")
                {
                    // Untimed, on node's first turn: the other paths are idle, as they were during their own warm-ups.
                    await _process.StandardInput.WriteLineAsync("go").ConfigureAwait(false);
                    await _process.StandardInput.FlushAsync().ConfigureAwait(false);
                    while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } warm && warm != "warm")
                    {
                        Console.WriteLine("  node: " + warm);
                    }

                    continue;
                }

                var before = await ServerStats(stats).ConfigureAwait(false);
                await _process.StandardInput.WriteLineAsync("go").ConfigureAwait(false);
                await _process.StandardInput.FlushAsync().ConfigureAwait(false);
                var result = await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false)
                    ?? throw new InvalidOperationException("node harness ended early");
                var after = await ServerStats(stats).ConfigureAwait(false);
                var json = JsonNode.Parse(result)!;
                var row = new Row(PathName, json["workload"]!.GetValue<string>(), json["calls"]!.GetValue<int>(), json["seconds"]!.GetValue<double>(),
                    after.Requests - before.Requests, after.Bytes - before.Bytes, json["errors"]!.GetValue<int>(), round);
                rows.Add(row);
                phases++;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {PathName,-38} {row.Workload,-14} {row.Calls,6} calls {row.Seconds,8:F2} s {row.CallsPerSecond,10:F0} calls/s {row.MicrosPerCall,9:F0} us/call  server saw {row.ServerRequests} req, {row.ServerBytes:N0} B{(row.Errors > 0 ? $"  ERRORS {row.Errors}" : "")}"));
            }

            if (phases < 3)
            {
                throw new InvalidOperationException("node harness ended early");
            }
        }

        public async ValueTask DisposeAsync()
        {
            _process.StandardInput.Close();
            await _process.WaitForExitAsync().ConfigureAwait(false);
            var exitCode = _process.ExitCode;
            _process.Dispose();
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"node harness exited with {exitCode}");
            }
        }
    }

    private static string Report(List<Row> perRound, int n, int batchN, int toolsBatchN, int rounds, string machineBefore, string machineAfter, bool smoke)
    {
        var ic = CultureInfo.InvariantCulture;
        var rows = perRound.GroupBy(r => (r.Path, r.Workload))
            .Select(g => new Row(g.Key.Path, g.Key.Workload, g.Sum(r => r.Calls), g.Sum(r => r.Seconds), g.Sum(r => r.ServerRequests), g.Sum(r => r.ServerBytes), g.Sum(r => r.Errors)))
            .ToList();
        string Spread(Row row)
        {
            var rates = perRound.Where(r => r.Path == row.Path && r.Workload == row.Workload).Select(r => r.CallsPerSecond).ToList();
            return rates.Count > 1 ? string.Create(ic, $"{rates.Min():F0}–{rates.Max():F0}") : "–";
        }

        var sb = new StringBuilder();
        sb.AppendLine(ic, $"## Side by side{(smoke ? " (SMOKE: tiny N, figures meaningless)" : "")}");
        sb.AppendLine();
        sb.AppendLine(ic, $"Machine at start: {machineBefore}  ");
        sb.AppendLine(ic, $"Machine at end: {machineAfter}  ");
        sb.AppendLine(ic, $"{rounds} interleaved rounds: in each, every path runs its share of the calls (floor, typed client, tools, node), so load drift hits all paths alike.");
        sb.AppendLine();
        sb.AppendLine("| path | workload | calls | seconds | calls/s | calls/s per round (min–max) | µs/call | server saw (requests, body bytes) | errors |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---|---:|");
        foreach (var r in rows)
        {
            sb.AppendLine(ic, $"| {r.Path} | {r.Workload} | {r.Calls} | {r.Seconds:F2} | {r.CallsPerSecond:F0} | {Spread(r)} | {r.MicrosPerCall:F0} | {r.ServerRequests}, {r.ServerBytes:N0} | {r.Errors} |");
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
        foreach (var ours in new[] { "ours: tools execute (validated)", ParsedToolsPath, "ours: typed Kiota client", PipelinePath })
        {
            foreach (var (label, f) in new (string, Func<string, double>)[] { ($"{n} identify + {n} track", Combined), ($"batch ~495 KB ({(ours.Contains("tools") ? toolsBatchN : batchN)} calls)", Batch) })
            {
                var o = f(ours);
                var vsFloor = f(floor) / o;
                var vsNode = o / f(node);
                sb.AppendLine(ic, $"| {ours} | {label} | {o:F0} | {vsFloor:F2}x {(vsFloor <= 1.2 ? "met" : "NOT met")} | {(double.IsNaN(vsNode) ? "n/a" : $"{vsNode:F2}x {(vsNode >= 3 ? "met" : "NOT met")}")} |");
            }
        }

        // Paired per round: each round runs every path back to back, so a round's ratio cancels most of the drift between
        // rounds; the median of the rounds is the robust figure, the aggregate above the plain one.
        double PerCall(int round, string path, bool batch) =>
            perRound.Where(r => r.Round == round && r.Path == path && r.Workload.StartsWith("batch", StringComparison.Ordinal) == batch) is var part && part.Any()
                ? part.Sum(r => r.Seconds) / part.Sum(r => r.Calls)
                : double.NaN;
        static string Paired(List<double> ratios) => ratios.Count == 0 || ratios.Any(double.IsNaN)
            ? "n/a"
            : string.Create(CultureInfo.InvariantCulture, $"{ratios.Order().ElementAt(ratios.Count / 2):F2}x ({ratios.Min():F2}–{ratios.Max():F2})");
        sb.AppendLine();
        sb.AppendLine("Paired per round (median of the rounds' ratios, min–max in brackets):");
        sb.AppendLine();
        sb.AppendLine("| ours | workload | time per call vs floor (target ≤ 1.2x) | throughput vs customerio-node (target ≥ 3x) |");
        sb.AppendLine("|---|---|---:|---:|");
        foreach (var ours in new[] { "ours: tools execute (validated)", ParsedToolsPath, "ours: typed Kiota client", PipelinePath })
        {
            foreach (var (label, batch) in new[] { ("identify + track", false), ("batch ~495 KB", true) })
            {
                var vsFloor = Enumerable.Range(0, rounds).Select(r => PerCall(r, ours, batch) / PerCall(r, floor, batch)).Where(x => !double.IsNaN(x)).ToList();
                var vsNode = Enumerable.Range(0, rounds).Select(r => PerCall(r, node, batch) / PerCall(r, ours, batch)).Where(x => !double.IsNaN(x)).ToList();
                sb.AppendLine(ic, $"| {ours} | {label} | {Paired(vsFloor)} | {Paired(vsNode)} |");
            }
        }

        sb.AppendLine();
        sb.AppendLine("Floor and customerio-node send the body as given; our paths add a ULID `id` to each event (de-duplication on retry),");
        sb.AppendLine("and the tools paths also validate the body against the JSON Schema and check Track limits; the first tools path also");
        sb.AppendLine("parses the argument text, the second is given the arguments parsed, by name, as the MCP server passes them on.");
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
