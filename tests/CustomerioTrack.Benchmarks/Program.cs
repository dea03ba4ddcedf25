using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using CustomerioTrack.Benchmarks;

// Commands:
//   (BenchmarkDotNet arguments, e.g. --filter *)   micro-benchmarks; add --smoke for a dry in-process run in seconds
//   compare [--n N] [--batch-n N] [--rounds N] [--alternate-n N] [--smoke] [--no-node]   side by side: floor, typed client, tools, customerio-node
//   startup [--runs N] [--dll PATH] [--aot PATH] [--smoke]  MCP cold start to the first tools/list over stdio, peak RSS
//   server [--port N]                                 the loopback server alone (answers 200 {})
//   loop [--path tools|parsed|typed|floor] [--n N]    in-memory identify calls in a loop, for a profiler to attach to
var command = args.FirstOrDefault();
switch (command)
{
    case "server":
        return await LoopbackServer.RunAsync(args[1..]);
    case "compare":
        return await Compare.RunAsync(args[1..]);
    case "startup":
        return await Startup.RunAsync(args[1..]);
    case "loop":
        return await ProfileLoop.RunAsync(args[1..]);
    case "help" or "--help" or "-h":
        Console.WriteLine("""
            CustomerioTrack.Benchmarks: see docs/benchmarks.md.
              --filter *                      BenchmarkDotNet micro-benchmarks (any BenchmarkDotNet argument works)
              --filter * --smoke              the same, one dry in-process iteration each (seconds)
              compare [--n 10000] [--batch-n 1000] [--rounds 5] [--alternate-n 2000] [--alternate-batch-n 200] [--smoke] [--no-node]
              startup [--runs 20] [--dll PATH] [--aot PATH] [--smoke]
              server [--port N]
              loop [--path tools|parsed|typed|floor] [--n 1000000]
            """);
        return 0;
}

var smoke = args.Contains("--smoke");
var rest = args.Where(a => a != "--smoke").ToArray();
IConfig config = rest.Contains("--job") || rest.Contains("-j")
    ? DefaultConfig.Instance
    : DefaultConfig.Instance.AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(5).WithId("short"));
if (smoke)
{
    config = DefaultConfig.Instance
        .AddJob(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("smoke"))
        .WithOptions(ConfigOptions.DisableOptimizationsValidator);
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(MicroBenchmarks).Assembly).Run(rest.Length == 0 ? ["--filter", "*"] : rest, config);
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
