namespace CustomerioTrack.Mcp;

/// <summary>What the command line asked for, before it is checked against the tools and the environment.</summary>
internal sealed class CliOptions
{
    public string Command { get; set; } = "serve";

    public bool Help { get; set; }

    public bool Version { get; set; }

    // Track API configuration (the key only ever comes from the environment).
    public string? SiteId { get; set; }

    public string? Region { get; set; }

    public string? TrackUrl { get; set; }

    // Sandbox: the local emulator instead of Customer.io.
    public bool Sandbox { get; set; }

    public string? Data { get; set; }

    public List<string> SandboxArguments { get; } = [];

    // Safety.
    public bool DryRun { get; set; }

    public List<string>? Tools { get; set; }

    public List<string>? ExcludeTools { get; set; }

    /// <summary>--all-tools: the default set plus the tools that are off by default.</summary>
    public bool AllTools { get; set; }

    public bool NoDestructive { get; set; }

    // Serving.
    public bool Http { get; set; }

    public int? Port { get; set; }

    public string? Host { get; set; }

    public string? Token { get; set; }

    public List<string> AllowedHosts { get; } = [];

    // schema / call.
    public string? ToolName { get; set; }

    public List<KeyValuePair<string, string?>> ToolArguments { get; } = [];
}

/// <summary>A usage error: printed on stderr, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
