using System.Collections;
using CustomerioTrack.Client;
using CustomerioTrack.Sandbox;
using CustomerioTrack.Tools;

namespace CustomerioTrack.Mcp;

/// <summary>Resolves the Track configuration from the environment and the command line, and builds the toolset.</summary>
internal sealed class TrackEnvironment : IDisposable
{
    public const string SiteIdVariable = "CUSTOMERIO_SITE_ID";
    public const string ApiKeyVariable = "CUSTOMERIO_API_KEY";
    public const string RegionVariable = "CUSTOMERIO_REGION";
    public const string TrackUrlVariable = "CUSTOMERIO_TRACK_URL";
    public const string TokenVariable = "CUSTOMERIO_MCP_TOKEN";

    /// <summary>Comma-separated host names clients use to reach an HTTP server bound to every interface.</summary>
    public const string AllowedHostsVariable = "CUSTOMERIO_MCP_ALLOWED_HOSTS";

    /// <summary>The longest a tool call may take, in seconds; 0 for no limit.</summary>
    public const string CallTimeoutVariable = "CUSTOMERIO_MCP_CALL_TIMEOUT";

    /// <summary>
    /// Below the 60 s after which MCP clients commonly give up on a request (the TypeScript SDK's default): the agent gets
    /// this server's answer, with every batch item accounted for, instead of a bare client timeout.
    /// </summary>
    public static readonly TimeSpan DefaultCallTimeout = TimeSpan.FromSeconds(55);

    private TrackEnvironment(TrackClientOptions clientOptions, TrackToolsOptions toolsOptions)
    {
        ClientOptions = clientOptions;
        ToolsOptions = toolsOptions;
    }

    /// <summary>Options for the client; <see cref="TrackClientOptions.ToString"/> never shows the key.</summary>
    public TrackClientOptions ClientOptions { get; }

    public TrackToolsOptions ToolsOptions { get; }

    /// <summary>The handler under the client: the in-process sandbox, a test double, or null for sockets.</summary>
    public HttpMessageHandler? PrimaryHandler { get; set; }

    /// <summary>The local emulator, when started with --sandbox.</summary>
    public TrackSandbox? Sandbox { get; private init; }

    public void Dispose() => Sandbox?.Dispose();

    public static string? Get(IDictionary environment, string name) =>
        environment[name] is string { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>Reads and checks everything; a wrong region, URL or tool name is a <see cref="UsageException"/>.</summary>
    public static TrackEnvironment Resolve(CliOptions options, IDictionary environment)
    {
        if (options.Sandbox)
        {
            return ResolveSandbox(options);
        }

        if (options.Data is not null)
        {
            throw new UsageException("--data only applies with --sandbox.");
        }

        var client = new TrackClientOptions
        {
            SiteId = options.SiteId ?? Get(environment, SiteIdVariable),
            ApiKey = Get(environment, ApiKeyVariable),
        };

        var regionText = options.Region ?? Get(environment, RegionVariable);
        if (regionText is not null)
        {
            client.Region = TrackHosts.TryParseRegion(regionText, out var region)
                ? region
                : throw new UsageException(
                    $"{RegionVariable} (or --region) must be 'us' or 'eu', not '{regionText}'. Leave it unset to detect the workspace's region once through getRegion.");
        }

        var urlText = options.TrackUrl ?? Get(environment, TrackUrlVariable);
        if (urlText is not null)
        {
            if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                throw new UsageException($"{TrackUrlVariable} (or --track-url) must be an absolute http(s) URL such as http://127.0.0.1:8080, not '{(urlText.Contains('@', StringComparison.Ordinal) ? "(not shown: it holds an '@')" : urlText)}'.");
            }

            // The URL is written to the startup log: credentials in it would be too.
            client.BaseUrl = url.UserInfo.Length == 0
                ? url
                : throw new UsageException($"{TrackUrlVariable} (or --track-url) must not contain user info (the part before '@'): set the Site ID in {SiteIdVariable} and the Track API key in {ApiKeyVariable}.");
        }

        var tools = new TrackToolsOptions
        {
            DryRun = options.DryRun,
            Include = options.Tools,
            IncludeDisabledByDefault = options.AllTools,
            Exclude = options.ExcludeTools,
            ExcludeDestructive = options.NoDestructive,
            CallTimeout = CallTimeout(environment),
        };
        return new TrackEnvironment(client, tools);
    }

    private static TimeSpan? CallTimeout(IDictionary environment)
    {
        var text = Get(environment, CallTimeoutVariable);
        if (text is null)
        {
            return DefaultCallTimeout;
        }

        // A value under one tick (1e-9) is no time at all, which TrackTools.Create would refuse under the name of --tools.
        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && seconds <= 24 * 3600
            && (seconds == 0 || TimeSpan.FromSeconds(seconds) > TimeSpan.Zero)
            ? seconds == 0 ? null : TimeSpan.FromSeconds(seconds)
            : throw new UsageException($"{CallTimeoutVariable} must be a number of seconds (0 for no limit, at most 86400), not '{text}'.");
    }

    // Every call goes to the in-process emulator: no credentials needed, nothing leaves the machine.
    private static TrackEnvironment ResolveSandbox(CliOptions options)
    {
        if (options.SiteId is not null || options.Region is not null || options.TrackUrl is not null)
        {
            throw new UsageException("--sandbox cannot be combined with --site-id, --region or --track-url: the sandbox is its own Track API.");
        }

        var sandbox = TrackSandbox.Open(new SandboxOptions { DataPath = options.Data });
        var tools = new TrackToolsOptions
        {
            DryRun = options.DryRun,
            Include = options.Tools,
            IncludeDisabledByDefault = options.AllTools,
            Exclude = options.ExcludeTools,
            ExcludeDestructive = options.NoDestructive,
            Notice = $"Sandbox mode: calls go to the local CustomerioTrack sandbox ({sandbox.DataLocation}), never to Customer.io.",
        };
        return new TrackEnvironment(sandbox.CreateClientOptions(), tools) { Sandbox = sandbox, PrimaryHandler = sandbox.CreateHandler() };
    }

    /// <summary>Builds the toolset; unknown tool names in --tools / --exclude-tools are a usage error listing the valid ones.</summary>
    public TrackToolset CreateToolset()
    {
        try
        {
            return TrackTools.Create(CreateClient, ToolsOptions);
        }
        catch (ArgumentException exception)
        {
            throw new UsageException("--tools / --exclude-tools: " + exception.Message);
        }
    }

    /// <summary>Called on the first tool call, so the server lists its tools without credentials.</summary>
    private TrackApiClient CreateClient()
    {
        var missing = new List<string>(2);
        if (string.IsNullOrWhiteSpace(ClientOptions.SiteId))
        {
            missing.Add(SiteIdVariable);
        }

        if (string.IsNullOrWhiteSpace(ClientOptions.ApiKey))
        {
            missing.Add(ApiKeyVariable);
        }

        if (missing.Count > 0)
        {
            throw new TrackConfigurationException(
                $"Customer.io Track credentials are not configured: set the environment variable{(missing.Count > 1 ? "s" : "")} {string.Join(" and ", missing)} "
                + "in this MCP server's environment (the Site ID and the Track API key from Customer.io > Settings > API Credentials > Track API Keys), then restart the server. "
                + "This cannot be fixed by changing the tool arguments.");
        }

        ClientOptions.Retry.OnRetry ??= Retries.Report;
        return TrackClientFactory.Create(ClientOptions, PrimaryHandler);
    }

    /// <summary>Where the client's retries are reported (nowhere until the command says where).</summary>
    public RetryLog Retries { get; } = new();

    /// <summary>One line for the startup log: what is configured, never the key.</summary>
    public string Describe(TrackToolset toolset) =>
        $"{toolset.Definitions.Count} tools; site id {(ClientOptions.SiteId is null ? "NOT SET" : "set")}; api key {(ClientOptions.ApiKey is null ? "NOT SET" : "set")}; "
        + $"target {(Sandbox is not null ? "SANDBOX " + Sandbox.DataLocation + " (nothing reaches Customer.io)" : ClientOptions.BaseUrl?.ToString() ?? (ClientOptions.Region is { } r ? "region " + r.ToString().ToLowerInvariant() : "region auto-detected"))}"
        + (ToolsOptions.CallTimeout is { } limit ? $"; calls time out after {limit.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s" : "")
        + (ToolsOptions.DryRun ? "; DRY RUN (nothing is sent)" : "");
}
