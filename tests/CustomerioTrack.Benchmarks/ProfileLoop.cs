using System.Diagnostics;
using System.Text.Json;
using CustomerioTrack.Client;
using CustomerioTrack.Tools;

namespace CustomerioTrack.Benchmarks;

/// <summary>
/// <c>loop [--path tools|parsed|typed|floor] [--body identify|batch] [--n N]</c>: in-memory calls in a loop, for a sampling profiler to
/// attach to (e.g. <c>DOTNET_PerfMapEnabled=1 perf record -g</c>); prints the time and allocation per call.
/// </summary>
public static class ProfileLoop
{
    public static async Task<int> RunAsync(string[] args)
    {
        var path = Cli.Value(args, "--path") ?? "parsed";
        var body = Cli.Value(args, "--body") ?? "identify";
        var n = Cli.Int(args, "--n", body == "batch" ? 3_000 : 1_000_000);
        var options = new TrackClientOptions
        {
            SiteId = Workload.SiteId,
            ApiKey = Workload.ApiKey,
            BaseUrl = new Uri("http://127.0.0.1:9/"),
            Retry = new TrackRetryOptions { MaxRetries = 0 },
        };
        var tools = TrackTools.Create(TrackClientFactory.Create(options, new InMemoryTransport()));
        var client = TrackClientFactory.Create(options, new InMemoryTransport());
        var floor = new HttpClient(new InMemoryTransport());
        var model = Workload.IdentifyModel();
        var bytes = System.Text.Encoding.UTF8.GetBytes(Workload.IdentifyBody);
        var batchBytes = System.Text.Encoding.UTF8.GetBytes(Workload.BatchBody);
        var batchModel = Workload.BatchModel();
        using var arguments = JsonDocument.Parse(Workload.IdentifyArguments);
        using var batchArguments = JsonDocument.Parse(Workload.BatchArguments);
        var batchByName = batchArguments.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        var byName = arguments.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        Func<Task> call = (body, path) switch
        {
            ("batch", "tools") => () => tools.InvokeAsync("BatchProcessRequests", Workload.BatchArguments),
            ("batch", "parsed") => () => tools.InvokeAsync("BatchProcessRequests", batchByName),
            ("batch", "typed") => () => client.Api.V2.Batch.PostAsync(batchModel),
            ("batch", "floor") => async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:9/api/v2/batch") { Content = new ByteArrayContent(batchBytes) };
                using var response = await floor.SendAsync(request).ConfigureAwait(false);
            },
            ("identify", _) => path switch
            {
                "tools" => () => tools.InvokeAsync("UpdateOrAddPerson", Workload.IdentifyArguments),
                "parsed" => () => tools.InvokeAsync("UpdateOrAddPerson", byName),
                "typed" => () => client.Api.V1.Customers[Workload.PersonId].PutAsync(model),
                "floor" => async () =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Put, "http://127.0.0.1:9/api/v1/customers/" + Workload.PersonId) { Content = new ByteArrayContent(bytes) };
                    using var response = await floor.SendAsync(request).ConfigureAwait(false);
                },
                _ => throw new ArgumentException($"--path must be tools, parsed, typed or floor; it is '{path}'."),
            },
            _ => throw new ArgumentException($"--body must be identify or batch, and --path tools, parsed, typed or floor; they are '{body}' and '{path}'."),
        };

        for (var i = 0; i < Math.Min(n, 50_000); i++)
        {
            await call().ConfigureAwait(false);
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            await call().ConfigureAwait(false);
        }

        Console.WriteLine($"loop {path}: {n} in-memory {body} calls, {clock.Elapsed.TotalMicroseconds / n:F2} µs and {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / n} B per call");
        return 0;
    }
}
