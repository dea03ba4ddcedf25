// CustomerioTrack build: dotnet tool restore && dotnet cake [--target=<Task>]
// Default target: CheckGenerated -> Build -> Test -> PackSmoke.

var target = Argument("target", "Default");
var configuration = Argument("configuration", "Release");
// Not --description: Cake 7 owns that flag (it lists task descriptions and takes no value).
var description = Argument("openapi", "openapi/track.json");
var generatedOutput = Argument("output", "src/CustomerioTrack.Client/Generated");

var solution = File("./CustomerioTrack.sln");
var artifacts = Directory("./artifacts");
var packages = artifacts + Directory("packages");

// Kiota must never reach the network (update checks) or send telemetry.
var kiotaEnvironment = new Dictionary<string, string>
{
    ["KIOTA_OFFLINE_ENABLED"] = "true",
    ["KIOTA_CLI_TELEMETRY_OPTOUT"] = "true",
    ["KIOTA_TUTORIAL_ENABLED"] = "false",
    ["KIOTA_CONSOLE_COLORS_ENABLED"] = "false",
};

void RunKiota(string descriptionPath, string outputPath)
{
    var arguments = new ProcessArgumentBuilder()
        .Append("kiota").Append("generate")
        .Append("--language").Append("CSharp")
        .Append("--openapi").AppendQuoted(descriptionPath)
        .Append("--class-name").Append("TrackApiClient")
        .Append("--namespace-name").Append("CustomerioTrack.Client")
        .Append("--output").AppendQuoted(outputPath)
        .Append("--exclude-backward-compatible")
        .Append("--clean-output")
        .Append("--log-level").Append("Warning")
        .Append("--serializer").Append("Microsoft.Kiota.Serialization.Json.JsonSerializationWriterFactory")
        .Append("--deserializer").Append("Microsoft.Kiota.Serialization.Json.JsonParseNodeFactory");
    var exitCode = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = arguments,
        EnvironmentVariables = kiotaEnvironment,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    }, out var standardOutput, out var standardError);
    var output = standardOutput.Concat(standardError).ToList();
    foreach (var line in output)
    {
        Console.WriteLine(line);
    }

    if (exitCode != 0)
    {
        throw new CakeException($"Kiota failed with exit code {exitCode} for {descriptionPath}.");
    }

    var log = System.IO.Path.Combine(outputPath, ".kiota.log");
    if (System.IO.File.Exists(log))
    {
        System.IO.File.Delete(log);
    }

    CheckKiotaReport(descriptionPath, KiotaLogEntries(output));
}

// Kiota exits 0 even when it reports an invalid description ("OpenAPI error: ...", dangling $ref warnings), so a broken
// client could be committed. For our own description every error and every warning not listed in openapi/README.md fails.
var expectedKiotaWarnings = new[]
{
    "Multiple servers entries were found in the OpenAPI description.",
    "The schema EntityRequest is a polymorphic type but does not define a discriminator.",
    "The format email is not supported by Kiota and the string type will be used.",
};

void CheckKiotaReport(string descriptionPath, List<(string Level, string Message)> entries)
{
    var errors = entries.Where(e => e.Level is "fail" or "crit").ToList();
    var warnings = entries.Where(e => e.Level == "warn").ToList();
    var ours = string.Equals(
        System.IO.Path.GetFullPath(descriptionPath),
        System.IO.Path.GetFullPath("openapi/track.json"),
        StringComparison.Ordinal);
    if (!ours)
    {
        Information($"Kiota reported {errors.Count} error(s) and {warnings.Count} warning(s) for {descriptionPath} (not failing: not openapi/track.json).");
        return;
    }

    var unexpected = errors
        .Concat(warnings.Where(w => !expectedKiotaWarnings.Any(expected => w.Message.Contains(expected, StringComparison.Ordinal))))
        .ToList();
    if (unexpected.Count > 0)
    {
        throw new CakeException(
            $"Kiota reported {errors.Count} error(s) and {unexpected.Count - errors.Count} unexpected warning(s) for {descriptionPath}:\n"
            + string.Join("\n", unexpected.Select(e => $"  {e.Level}: {e.Message}"))
            + "\nFix the description (expected warnings are listed in openapi/README.md).");
    }
}

// Kiota's console logger writes "warn: Category[id]" (or fail:/crit:) followed by the indented message line(s).
List<(string Level, string Message)> KiotaLogEntries(IEnumerable<string> lines)
{
    var entries = new List<(string Level, string Message)>();
    string level = null;
    var message = new List<string>();
    void Flush()
    {
        if (level is not null)
        {
            entries.Add((level, string.Join(" ", message)));
        }

        level = null;
        message.Clear();
    }

    foreach (var line in lines)
    {
        var header = System.Text.RegularExpressions.Regex.Match(line, @"^(trce|dbug|info|warn|fail|crit): ");
        if (header.Success)
        {
            Flush();
            level = header.Groups[1].Value;
        }
        else if (level is not null && line.StartsWith(" ", StringComparison.Ordinal))
        {
            message.Add(line.Trim());
        }
        else
        {
            Flush();
        }
    }

    Flush();
    return entries;
}

Task("Clean")
    .Description("Deletes build outputs and artifacts.")
    .Does(() =>
{
    CleanDirectory(artifacts);
    DotNetClean(solution, new DotNetCleanSettings { Configuration = configuration, Verbosity = DotNetVerbosity.Quiet });
});

Task("Generate")
    .Description("Regenerates the Kiota client from the description (--openapi=FILE, default openapi/track.json; --output=DIR, default src/CustomerioTrack.Client/Generated). Fails, leaving the output as it was, when Kiota reports errors or unexpected warnings for openapi/track.json.")
    .Does(() =>
{
    // Kiota empties its output folder before it parses the description, and writes whatever it could make of a broken
    // one, so it writes into a scratch folder and the output is replaced only once the run passed its checks. The
    // scratch folder is a sibling of the output (same depth, so the same descriptionLocation in kiota-lock.json), and
    // its name starts with a dot, so no project's default globs pick it up.
    var output = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(generatedOutput));
    var scratch = System.IO.Path.Combine(
        System.IO.Path.GetDirectoryName(output),
        "." + System.IO.Path.GetFileName(output) + "-" + Guid.NewGuid().ToString("N"));
    try
    {
        RunKiota(description, scratch);
        if (System.IO.Directory.Exists(output))
        {
            System.IO.Directory.Delete(output, recursive: true);
        }

        System.IO.Directory.Move(scratch, output);
    }
    finally
    {
        if (System.IO.Directory.Exists(scratch))
        {
            System.IO.Directory.Delete(scratch, recursive: true);
        }
    }

    Information($"Generated {generatedOutput} from {description}.");
});

Task("CheckGenerated")
    .Description("Fails when the committed Kiota output differs from what the description produces.")
    .Does(() =>
{
    var scratch = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "customeriotrack-check-" + Guid.NewGuid().ToString("N"));
    try
    {
        RunKiota(description, scratch);
        var expected = ListFiles(scratch);
        var actual = ListFiles(generatedOutput);
        var problems = new List<string>();
        foreach (var file in expected.Keys.Union(actual.Keys).OrderBy(f => f, StringComparer.Ordinal))
        {
            if (!actual.ContainsKey(file))
            {
                problems.Add($"  missing: {file}");
            }
            else if (!expected.ContainsKey(file))
            {
                problems.Add($"  not produced by the description (delete it): {file}");
            }
            else if (Normalize(expected[file]) != Normalize(actual[file]))
            {
                problems.Add($"  stale: {file}");
            }
        }

        if (problems.Count > 0)
        {
            throw new CakeException(
                $"The committed Kiota client in {generatedOutput} does not match {description}:\n"
                + string.Join("\n", problems)
                + "\nRun 'dotnet cake --target=Generate' and commit the result (never edit generated files by hand).");
        }

        Information($"{generatedOutput} is up to date with {description} ({actual.Count} files).");
    }
    finally
    {
        if (System.IO.Directory.Exists(scratch))
        {
            System.IO.Directory.Delete(scratch, recursive: true);
        }
    }
});

Dictionary<string, string> ListFiles(string root)
{
    var full = System.IO.Path.GetFullPath(root);
    if (!System.IO.Directory.Exists(full))
    {
        return new Dictionary<string, string>();
    }

    return System.IO.Directory.GetFiles(full, "*", System.IO.SearchOption.AllDirectories)
        .Where(path => System.IO.Path.GetFileName(path) != ".kiota.log")
        .ToDictionary(
            path => System.IO.Path.GetRelativePath(full, path).Replace('\\', '/'),
            path => System.IO.File.ReadAllText(path));
}

// The lock file records the description's path relative to the output folder, which differs for the scratch copy.
string Normalize(string text) => System.Text.RegularExpressions.Regex.Replace(
    text.Replace("\r\n", "\n"), "\"descriptionLocation\": \"[^\"]*\"", "\"descriptionLocation\": \"\"");

Task("Build")
    .Description("Builds the solution; warnings are errors in our code.")
    .Does(() =>
{
    DotNetBuild(solution, new DotNetBuildSettings
    {
        Configuration = configuration,
        NoLogo = true,
        MSBuildSettings = new DotNetMSBuildSettings().TreatAllWarningsAs(MSBuildTreatAllWarningsAs.Error)
            .WithProperty("ContinuousIntegrationBuild", "true"),
    });
});

Task("Test")
    .Description("Runs every test project and prints one closing line: 'N passed, N failed, N skipped'.")
    .IsDependentOn("Build")
    .Does(() =>
{
    var results = artifacts + Directory("test-results");
    CleanDirectory(results);
    try
    {
        DotNetTest(solution, new DotNetTestSettings
        {
            Configuration = configuration,
            NoBuild = true,
            NoRestore = true,
            NoLogo = true,
            ResultsDirectory = results,
            Loggers = new[] { "console;verbosity=minimal", "trx" },
        });
    }
    finally
    {
        int passed = 0, failed = 0, skipped = 0;
        foreach (var trx in GetFiles(results.Path.FullPath + "/**/*.trx"))
        {
            var counters = System.Xml.Linq.XDocument.Load(trx.FullPath).Descendants()
                .FirstOrDefault(e => e.Name.LocalName == "Counters");
            if (counters is null)
            {
                continue;
            }

            int Count(string name) => int.TryParse(counters.Attribute(name)?.Value, out var value) ? value : 0;
            passed += Count("passed");
            failed += Count("failed") + Count("error") + Count("timeout") + Count("aborted");
            skipped += Count("total") - Count("executed");
        }

        // Plain text (Cake colours its own log lines), alone on its line.
        Console.WriteLine($"{passed} passed, {failed} failed, {skipped} skipped");
    }
});

Task("Pack")
    .Description("Packs the NuGet packages (every packable project of the solution: CustomerioTrack.Client, .Tools, .Mcp.Hosting, and the .Mcp tool) into ./artifacts/packages.")
    .IsDependentOn("Build")
    .Does(() =>
{
    CleanDirectory(packages);
    DotNetPack(solution, new DotNetPackSettings
    {
        Configuration = configuration,
        NoBuild = true,
        NoRestore = true,
        OutputDirectory = packages,
    });
});

// The version Directory.Packages.props pins, so the consumer restores what the repository already uses (no new download).
string CentralPackageVersion(string id) =>
    System.Xml.Linq.XDocument.Load("Directory.Packages.props").Descendants("PackageVersion")
        .Single(p => (string)p.Attribute("Include") == id).Attribute("Version").Value;

Task("PackSmoke")
    .Description("Packs Client, Tools, Mcp.Hosting and the Mcp tool under a unique version; builds and runs a throwaway consumer of the packages (a tool call, then the tools hosted in its own MCP server and called over MCP) against a local stub; installs and runs the tool.")
    .IsDependentOn("Build")
    .Does(() =>
{
    var version = "0.1.0-smoke." + DateTime.UtcNow.ToString("yyyyMMddHHmmss");
    var root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "customeriotrack-consumer-" + Guid.NewGuid().ToString("N"));
    var feed = System.IO.Path.Combine(root, "feed");
    var app = System.IO.Path.Combine(root, "app");
    System.IO.Directory.CreateDirectory(feed);
    System.IO.Directory.CreateDirectory(app);
    try
    {
        foreach (var project in new[] { "src/CustomerioTrack.Client/CustomerioTrack.Client.csproj", "src/CustomerioTrack.Tools/CustomerioTrack.Tools.csproj", "src/CustomerioTrack.Mcp.Hosting/CustomerioTrack.Mcp.Hosting.csproj", "src/CustomerioTrack.Mcp/CustomerioTrack.Mcp.csproj" })
        {
            DotNetPack(project, new DotNetPackSettings
            {
                Configuration = configuration,
                OutputDirectory = feed,
                NoLogo = true,
                MSBuildSettings = new DotNetMSBuildSettings().WithProperty("Version", version),
            });
        }

        // The consumer sits outside the repository's build props and central package management.
        System.IO.File.WriteAllText(System.IO.Path.Combine(app, "Directory.Build.props"), "<Project />");
        System.IO.File.WriteAllText(System.IO.Path.Combine(app, "Directory.Packages.props"), "<Project />");
        System.IO.File.WriteAllText(System.IO.Path.Combine(app, "nuget.config"), $@"<?xml version=""1.0"" encoding=""utf-8""?>
<configuration>
  <packageSources>
    <clear />
    <add key=""local"" value=""{feed}"" />
    <add key=""nuget.org"" value=""https://api.nuget.org/v3/index.json"" />
  </packageSources>
</configuration>");
        System.IO.File.WriteAllText(System.IO.Path.Combine(app, "Consumer.csproj"), $@"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <NoWarn>NU1603</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include=""CustomerioTrack.Tools"" Version=""{version}"" />
    <PackageReference Include=""CustomerioTrack.Mcp.Hosting"" Version=""{version}"" />
    <PackageReference Include=""Microsoft.Extensions.Hosting"" Version=""{CentralPackageVersion("Microsoft.Extensions.Hosting")}"" />
  </ItemGroup>
</Project>");
        foreach (var source in GetFiles("build/consumer/*.cs"))
        {
            System.IO.File.Copy(source.FullPath, System.IO.Path.Combine(app, source.GetFilename().FullPath));
        }

        DotNetRun(System.IO.Path.Combine(app, "Consumer.csproj"), new DotNetRunSettings { Configuration = "Release" });

        // The MCP package installs as a .NET tool and works as shipped (sandbox mode: no network, no account).
        var toolPath = System.IO.Path.Combine(root, "tool");
        var installed = StartProcess("dotnet", new ProcessSettings
        {
            Arguments = new ProcessArgumentBuilder().Append("tool").Append("install").Append("CustomerioTrack.Mcp")
                .Append("--version").Append(version).Append("--tool-path").AppendQuoted(toolPath).Append("--add-source").AppendQuoted(feed),
        });
        if (installed != 0)
        {
            throw new CakeException($"dotnet tool install of the packed CustomerioTrack.Mcp failed (exit {installed}).");
        }

        var output = new List<string>();
        var exitCode = StartProcess(System.IO.Path.Combine(toolPath, "customerio-track-mcp"), new ProcessSettings
        {
            Arguments = new ProcessArgumentBuilder().Append("call").Append("UpdateOrAddPerson").Append("--sandbox")
                .Append("--data").AppendQuoted(System.IO.Path.Combine(root, "sandbox.db"))
                .Append("--person_identifier").Append("42").Append("--request-body").AppendQuoted("{\"plan\":\"pro\"}"),
            RedirectStandardOutput = true,
        }, out var lines);
        output.AddRange(lines);
        var text = string.Join("\n", output);
        if (exitCode != 0 || !text.Contains("never to Customer.io"))
        {
            throw new CakeException($"The installed customerio-track-mcp tool failed (exit {exitCode}):\n{text}");
        }

        Console.WriteLine("mcp tool smoke passed: customerio-track-mcp call UpdateOrAddPerson --sandbox -> exit 0");
    }
    finally
    {
        System.IO.Directory.Delete(root, recursive: true);
    }
});

Task("Bench")
    .Description("Benchmarks (not tests, never part of Default/CI): micro-benchmarks, side by side with customerio-node and the raw floor, MCP cold start, cost to the model. --smoke: tiny N, seconds. --aot: also publish and time a Native AOT build (needs clang). Results: artifacts/bench/. See docs/benchmarks.md.")
    .Does(() =>
{
    var smoke = HasArgument("smoke");
    var benchProject = "./tests/CustomerioTrack.Benchmarks/CustomerioTrack.Benchmarks.csproj";
    var benchDll = "./tests/CustomerioTrack.Benchmarks/bin/Release/net10.0/CustomerioTrack.Benchmarks.dll";
    var mcpDll = System.IO.Path.GetFullPath("./src/CustomerioTrack.Mcp/bin/Release/net10.0/CustomerioTrack.Mcp.dll");
    var nodeDir = "./tests/bench-node";

    // The benchmark project is not in the solution: build it (and the MCP server it measures) on their own, in Release.
    DotNetBuild(benchProject, new DotNetBuildSettings { Configuration = "Release", NoLogo = true });
    DotNetBuild("./src/CustomerioTrack.Mcp/CustomerioTrack.Mcp.csproj", new DotNetBuildSettings { Configuration = "Release", NoLogo = true });
    if (StartProcess("npm", new ProcessSettings { Arguments = "ci --no-audit --no-fund", WorkingDirectory = nodeDir }) != 0)
    {
        throw new CakeException("npm ci in tests/bench-node failed.");
    }

    if (HasArgument("aot"))
    {
        var published = StartProcess("dotnet", new ProcessSettings
        {
            Arguments = new ProcessArgumentBuilder().Append("publish").AppendQuoted("./src/CustomerioTrack.Mcp/CustomerioTrack.Mcp.csproj")
                .Append("-c").Append("Release").Append("-r").Append("linux-x64").Append("-p:PublishAot=true")
                .Append("-o").AppendQuoted("./artifacts/bench/aot").Append("-nologo"),
        });
        if (published != 0)
        {
            Warning($"Native AOT publish failed (exit {published}); the AOT start-up row stays pending.");
        }
    }

    void Run(string file, ProcessArgumentBuilder arguments)
    {
        var exitCode = StartProcess(file, new ProcessSettings { Arguments = arguments });
        if (exitCode != 0)
        {
            throw new CakeException($"{file} {arguments.Render()} exited with {exitCode}.");
        }
    }

    ProcessArgumentBuilder Bench(params string[] args)
    {
        var builder = new ProcessArgumentBuilder().AppendQuoted(benchDll);
        foreach (var arg in args) builder.Append(arg);
        if (smoke) builder.Append("--smoke");
        return builder;
    }

    var compare = new List<string> { "compare" };
    foreach (var name in new[] { "n", "batch-n", "tools-batch-n", "rounds" })
    {
        if (HasArgument(name)) { compare.Add("--" + name); compare.Add(Argument<string>(name)); }
    }

    Run("dotnet", Bench(compare.ToArray()));
    Run("dotnet", Bench("startup", "--runs", Argument("runs", smoke ? "2" : "20")));
    // --arcade-docs=FILE: Arcade's published toolkit data (not in this repo) to measure its tools/list; without it, an estimate.
    var modelCost = new ProcessArgumentBuilder().AppendQuoted(nodeDir + "/model-cost.mjs").Append("--dll").AppendQuoted(mcpDll)
        .Append("--out").AppendQuoted(System.IO.Path.GetFullPath("./artifacts/bench"));
    if (HasArgument("arcade-docs"))
    {
        modelCost.Append("--arcade-docs").AppendQuoted(System.IO.Path.GetFullPath(Argument<string>("arcade-docs")));
    }

    Run("node", modelCost);
    Run("dotnet", Bench("--filter", "*", "--artifacts", System.IO.Path.GetFullPath(smoke ? "./artifacts/bench/micro-smoke" : "./artifacts/bench/micro")));
    Information("Benchmark results: artifacts/bench/ (compare.md, startup.md, model-cost.md, micro/results/).");
});

Task("AotSmoke")
    .Description("Publishes the MCP server as Native AOT (needs clang) to ./artifacts/aot and runs it: tools, schema, call --dry-run, call --sandbox, sandbox people --json, and initialize/tools/list/tools/call over stdio. Not in Default (minutes). --rid=RID (default: this machine's).")
    .Does(() =>
{
    var rid = Argument("rid", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier);
    var output = System.IO.Path.GetFullPath("./artifacts/aot");
    var exe = System.IO.Path.Combine(output, OperatingSystem.IsWindows() ? "CustomerioTrack.Mcp.exe" : "CustomerioTrack.Mcp");
    var watch = System.Diagnostics.Stopwatch.StartNew();
    var published = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder().Append("publish").AppendQuoted("./src/CustomerioTrack.Mcp/CustomerioTrack.Mcp.csproj")
            .Append("-c").Append("Release").Append("-r").Append(rid).Append("-p:PublishAot=true").Append("-o").AppendQuoted(output).Append("-nologo"),
    });
    if (published != 0)
    {
        throw new CakeException($"Native AOT publish failed (exit {published}).");
    }

    Information($"Published {exe} ({new System.IO.FileInfo(exe).Length / (1024 * 1024)} MB) in {watch.Elapsed.TotalSeconds:0} s.");

    // Dummy credentials and a fixed region: --dry-run and --sandbox send nothing to Customer.io.
    var environment = new Dictionary<string, string>
    {
        ["CUSTOMERIO_SITE_ID"] = "aot-smoke-site",
        ["CUSTOMERIO_API_KEY"] = "aot-smoke-key",
        ["CUSTOMERIO_REGION"] = "us",
    };
    var data = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "customeriotrack-aot-" + Guid.NewGuid().ToString("N"));
    System.IO.Directory.CreateDirectory(data);
    var database = System.IO.Path.Combine(data, "sandbox.db");

    void Check(string what, string expected, params string[] args)
    {
        var arguments = new ProcessArgumentBuilder();
        foreach (var arg in args) arguments.AppendQuoted(arg);
        var exitCode = StartProcess(exe, new ProcessSettings { Arguments = arguments, EnvironmentVariables = environment, RedirectStandardOutput = true }, out var lines);
        var text = string.Join("\n", lines);
        if (exitCode != 0 || !text.Contains(expected, StringComparison.Ordinal))
        {
            throw new CakeException($"AOT smoke '{what}' failed (exit {exitCode}; expected output containing {expected}):\n{text}");
        }

        Console.WriteLine($"aot smoke passed: {what}");
    }

    try
    {
        const string body = "{\"email\":\"aot@example.com\",\"plan\":\"pro\"}";
        Check("tools", "17 tools.", "tools");
        Check("schema UpdateOrAddPerson", "\"$defs\"", "schema", "UpdateOrAddPerson");
        Check("call --dry-run", "\"dry_run\": true", "call", "UpdateOrAddPerson", "--person_identifier", "aot@example.com", "--request-body", body, "--dry-run");
        Check("call --sandbox", "never to Customer.io", "call", "UpdateOrAddPerson", "--person_identifier", "aot@example.com", "--request-body", body, "--sandbox", "--data", database);
        Check("sandbox people --json", "\"email\": \"aot@example.com\"", "sandbox", "people", "--json", "--data", database);

        // MCP over stdio: one JSON-RPC message per line.
        var start = new System.Diagnostics.ProcessStartInfo(exe) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--sandbox", "--data", database }) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var server = System.Diagnostics.Process.Start(start)!;
        server.ErrorDataReceived += (_, _) => { };
        server.BeginErrorReadLine();
        string Ask(int id, string method, string parameters)
        {
            server.StandardInput.WriteLine($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"{method}\",\"params\":{parameters}}}");
            server.StandardInput.Flush();
            System.Text.Json.JsonElement answer;
            do
            {
                // Skips notifications and anything else that is not the answer to this request.
                var read = server.StandardOutput.ReadLineAsync();
                if (!read.Wait(TimeSpan.FromSeconds(30)) || read.Result is null)
                {
                    throw new CakeException($"AOT smoke: no answer to MCP {method}.");
                }

                answer = System.Text.Json.JsonDocument.Parse(read.Result).RootElement;
            }
            while (!answer.TryGetProperty("id", out var answerId) || answerId.ValueKind != System.Text.Json.JsonValueKind.Number || answerId.GetInt32() != id);

            if (!answer.TryGetProperty("result", out var result))
            {
                throw new CakeException($"AOT smoke: MCP {method} failed: {answer.GetRawText()}");
            }

            Console.WriteLine($"aot smoke passed: MCP {method}");
            return result.GetRawText();
        }

        try
        {
            Ask(1, "initialize", "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"aot-smoke\",\"version\":\"1\"}}");
            server.StandardInput.WriteLine("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            if (!Ask(2, "tools/list", "{}").Contains("\"UpdateOrAddPerson\"", StringComparison.Ordinal))
            {
                throw new CakeException("AOT smoke: tools/list does not list UpdateOrAddPerson.");
            }

            var call = Ask(3, "tools/call", "{\"name\":\"UpdateOrAddPerson\",\"arguments\":{\"mode\":\"execute\",\"person_identifier\":\"aot@example.com\",\"request_body\":" + body + "}}");
            if (!call.Contains("\"isError\":false", StringComparison.Ordinal) || !call.Contains("never to Customer.io", StringComparison.Ordinal))
            {
                throw new CakeException($"AOT smoke: MCP tools/call failed: {call}");
            }
        }
        finally
        {
            server.StandardInput.Close();
            if (!server.WaitForExit(10_000))
            {
                server.Kill();
            }
        }
    }
    finally
    {
        System.IO.Directory.Delete(data, recursive: true);
    }
});

Task("Default")
    .IsDependentOn("CheckGenerated")
    .IsDependentOn("Build")
    .IsDependentOn("Test")
    .IsDependentOn("PackSmoke");

RunTarget(target);
