using System.Collections;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerioTrack.Tools;

namespace CustomerioTrack.Mcp;

/// <summary>
/// The <c>customerio-track-mcp</c> command: an MCP server by default, plus <c>tools</c>, <c>schema</c> and <c>call</c> for humans.
/// Exit codes: 0 success, 1 a tool or API error, 2 bad usage or configuration.
/// </summary>
public static class CliApp
{
    internal static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Runs the command in-process. <paramref name="protocolInput"/>/<paramref name="protocolOutput"/> replace the process's stdin/stdout for the stdio server.</summary>
    public static async Task<int> RunAsync(
        string[] args,
        TextWriter stdout,
        TextWriter stderr,
        IDictionary environment,
        CancellationToken cancellationToken = default,
        Stream? protocolInput = null,
        Stream? protocolOutput = null,
        HttpMessageHandler? trackHandler = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        CliOptions options;
        try
        {
            options = CliParser.Parse(args);
            if (options.Version)
            {
                await stdout.WriteLineAsync(TrackMcpServer.Version).ConfigureAwait(false);
                return 0;
            }

            if (options.Help)
            {
                var help = options is { Command: "call", ToolName: { } tool } ? ToolHelp.For(ToolHelp.Find(tool)) : HelpText.For(options);
                await stdout.WriteAsync(help).ConfigureAwait(false);
                return 0;
            }

            if (options.Command == "sandbox")
            {
                return await CustomerioTrack.Sandbox.SandboxCli.RunAsync(options.SandboxArguments, stdout, stderr, cancellationToken).ConfigureAwait(false);
            }

            using var environmentConfig = TrackEnvironment.Resolve(options, environment);
            environmentConfig.PrimaryHandler = trackHandler ?? environmentConfig.PrimaryHandler;
            var toolset = environmentConfig.CreateToolset();
            if (options.Command == "call")
            {
                // The server logs retries once its host exists; a one-off call tells its human on stderr.
                environmentConfig.Retries.WriteTo(line => stderr.WriteLine("customerio-track-mcp: " + line));
            }

            return options.Command switch
            {
                "tools" => await ListToolsAsync(toolset, stdout).ConfigureAwait(false),
                "schema" => await SchemaAsync(toolset, options, stdout).ConfigureAwait(false),
                "call" => await CallAsync(toolset, options, stdout, stderr, cancellationToken).ConfigureAwait(false),
                _ => await ServeAsync(toolset, environmentConfig, options, environment, stderr, protocolInput, protocolOutput, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (UsageException exception)
        {
            await stderr.WriteLineAsync("customerio-track-mcp: " + exception.Message).ConfigureAwait(false);
            return 2;
        }
    }

    private static async Task<int> ServeAsync(TrackToolset toolset, TrackEnvironment environment, CliOptions options, IDictionary variables, TextWriter stderr, Stream? input, Stream? output, CancellationToken cancellationToken)
    {
        var startupLine = environment.Describe(toolset);
        if (!options.Http)
        {
            if (options.Port is not null || options.Host is not null || options.Token is not null || options.AllowedHosts.Count > 0)
            {
                throw new UsageException("--port, --host, --token and --allowed-host only apply with --http.");
            }

            await McpTransports.RunStdioAsync(toolset, startupLine, input, output, cancellationToken, environment.Sandbox, environment.Retries).ConfigureAwait(false);
            return 0;
        }

        var host = options.Host ?? "127.0.0.1";
        if (!HttpGuard.IsWildcard(host) && !string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) && !System.Net.IPAddress.TryParse(host.Trim('[', ']'), out _))
        {
            throw new UsageException($"--host must be an IP address, localhost, or 0.0.0.0 / :: for every interface, not '{host}'.");
        }

        if (options.Token is { } given && string.IsNullOrWhiteSpace(given))
        {
            throw new UsageException($"--token must not be empty: give a long random string, or leave it out to use {TrackEnvironment.TokenVariable}.");
        }

        // Trimmed like the variable, since the guard compares against the trimmed Authorization value.
        var token = options.Token?.Trim() ?? TrackEnvironment.Get(variables, TrackEnvironment.TokenVariable);
        if (token is null && !HttpGuard.IsLoopback(host))
        {
            throw new UsageException(
                $"Refusing to serve on non-loopback address {host} without a bearer token: anyone who can reach it could write to your Customer.io workspace. "
                + $"Set {TrackEnvironment.TokenVariable} (a long random string) or bind to 127.0.0.1.");
        }

        var allowedHosts = options.AllowedHosts
            .Concat((TrackEnvironment.Get(variables, TrackEnvironment.AllowedHostsVariable) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        if (allowedHosts.FirstOrDefault(h => h.Contains(':', StringComparison.Ordinal) && !h.StartsWith('[') || h.Contains('/', StringComparison.Ordinal)) is { } badHost)
        {
            throw new UsageException($"--allowed-host takes a host name or address without port or path (IPv6 in brackets), not '{badHost}'.");
        }

        await McpTransports.RunHttpAsync(toolset, startupLine, host, options.Port ?? McpTransports.DefaultPort, token, stderr, cancellationToken, environment.Sandbox, allowedHosts, environment.Retries).ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> ListToolsAsync(TrackToolset toolset, TextWriter stdout)
    {
        var rows = toolset.Definitions
            .Select(d => (d.Name, d.Title, Hints: Hints(d), Parameters: ParameterSummary(d)))
            .ToList();
        var nameWidth = Math.Max(4, rows.Max(r => r.Name.Length));
        var titleWidth = Math.Max(5, rows.Max(r => r.Title.Length));
        var hintWidth = Math.Max(11, rows.Max(r => r.Hints.Length));
        await stdout.WriteLineAsync($"{"TOOL".PadRight(nameWidth)}  {"TITLE".PadRight(titleWidth)}  {"ANNOTATIONS".PadRight(hintWidth)}  PARAMETERS").ConfigureAwait(false);
        foreach (var row in rows)
        {
            await stdout.WriteLineAsync($"{row.Name.PadRight(nameWidth)}  {row.Title.PadRight(titleWidth)}  {row.Hints.PadRight(hintWidth)}  {row.Parameters}".TrimEnd()).ConfigureAwait(false);
        }

        await stdout.WriteLineAsync($"{rows.Count} tools. `schema <TOOL>` shows a request body schema; `call <TOOL> --help` shows how to call one.").ConfigureAwait(false);
        return 0;
    }

    internal static string Hints(ToolDefinition definition)
    {
        var hints = new List<string>();
        if (definition.Annotations.ReadOnly)
        {
            hints.Add("read-only");
        }

        if (definition.Annotations.Destructive)
        {
            hints.Add("destructive");
        }

        if (definition.Annotations.Idempotent)
        {
            hints.Add("idempotent");
        }

        if (definition.Annotations.OpenWorld)
        {
            hints.Add("open-world");
        }

        return string.Join(",", hints);
    }

    private static string ParameterSummary(ToolDefinition definition)
    {
        var names = new List<string>();
        if (definition.HasMode)
        {
            names.Add("mode");
        }

        names.AddRange(definition.Parameters.Select(p => p.Required && !definition.HasMode ? p.Name + "*" : p.Name));
        if (definition.HasMode)
        {
            names.Add("request_body");
        }

        return string.Join(" ", names);
    }

    private static ToolDefinition FindTool(TrackToolset toolset, string? name, string command)
    {
        if (name is null)
        {
            throw new UsageException($"`{command}` needs a tool name. Tools: {string.Join(", ", toolset.Definitions.Select(d => d.Name))}.");
        }

        return toolset.Find(name)
            ?? toolset.Definitions.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new UsageException($"Unknown tool '{name}'. Tools: {string.Join(", ", toolset.Definitions.Select(d => d.Name))}.");
    }

    private static async Task<int> SchemaAsync(TrackToolset toolset, CliOptions options, TextWriter stdout)
    {
        var definition = FindTool(toolset, options.ToolName, "schema");
        var schema = toolset.GetRequestSchema(definition.Name);
        if (schema is null)
        {
            var parameters = definition.Parameters.Count == 0
                ? "it takes no parameters"
                : "its parameters are " + string.Join(", ", definition.Parameters.Select(p => $"--{p.Name} ({p.Type.ToString().ToLowerInvariant()}{(p.Required ? ", required" : "")})"));
            await stdout.WriteLineAsync($"{definition.Name} has no request body: {parameters}. Run: customerio-track-mcp call {definition.Name}{string.Concat(definition.Parameters.Where(p => p.Required).Select(p => $" --{p.Name} <{p.Name}>"))}").ConfigureAwait(false);
            return 0;
        }

        await stdout.WriteLineAsync(schema.ToJsonString(Pretty)).ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> CallAsync(TrackToolset toolset, CliOptions options, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var definition = FindTool(toolset, options.ToolName, "call");
        var arguments = new JsonObject();
        foreach (var (name, value) in options.ToolArguments)
        {
            if (name == "mode" && definition.HasMode)
            {
                arguments["mode"] = value ?? throw new UsageException("--mode needs a value: get_request_schema or execute.");
            }
            else if (name == "request_body" && definition.HasMode)
            {
                arguments["request_body"] = ReadBody(value);
            }
            else if (definition.Parameters.FirstOrDefault(p => p.Name == name) is { } parameter)
            {
                arguments[parameter.Name] = Convert(parameter, value);
            }
            else
            {
                var valid = (definition.HasMode ? new[] { "--mode", "--request-body" } : []).Concat(definition.Parameters.Select(p => "--" + p.Name)).ToList();
                throw new UsageException($"{definition.Name} has no parameter --{name}. {(valid.Count == 0 ? "It takes no parameters." : "Its parameters: " + string.Join(", ", valid) + ".")}");
            }
        }

        if (definition.HasMode && !arguments.ContainsKey("mode"))
        {
            arguments["mode"] = "execute";
        }

        // Ctrl+C (or SIGTERM) stops the call instead of ending the process: a batch split into several requests then
        // still says which of its items Customer.io accepted.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var signals = CustomerioTrack.Sandbox.SandboxStopSignals.Register(stop);
        ToolCallResult result;
        try
        {
            result = await toolset.InvokeAsync(definition.Name, arguments.ToJsonString(), stop.Token).ConfigureAwait(false);
        }
        catch (ToolCallCancelledException cancelled)
        {
            result = cancelled.PartialResult;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await stderr.WriteLineAsync($"customerio-track-mcp: {definition.Name} was cancelled before an answer arrived; the request may or may not have been processed.").ConfigureAwait(false);
            return 1;
        }

        await stdout.WriteLineAsync(result.Content.ToJsonString(Pretty)).ConfigureAwait(false);
        return result.IsError ? 1 : 0;
    }

    private static string ReadBody(string? value)
    {
        if (value is null)
        {
            throw new UsageException("--request-body needs a value: JSON text, or @path to read it from a file (@- for stdin).");
        }

        if (!value.StartsWith('@'))
        {
            return value;
        }

        var path = value[1..];
        try
        {
            return path == "-" ? Console.In.ReadToEnd() : File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Cannot read the request body from '{path}': {exception.Message}");
        }
    }

    private static JsonNode? Convert(ToolParameter parameter, string? value)
    {
        // Values the type does not admit are passed through as strings so the tool's own validation explains the problem.
        switch (parameter.Type)
        {
            case ToolParameterType.Boolean:
                return value is null ? true : bool.TryParse(value, out var b) ? b : value;
            case ToolParameterType.Integer when long.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var l):
                return l;
            case ToolParameterType.Number when double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d):
                return d;
            default:
                return value ?? throw new UsageException($"--{parameter.Name} needs a value.");
        }
    }
}
