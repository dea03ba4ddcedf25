namespace CustomerioTrack.Sandbox;

/// <summary>Where the sandbox keeps its state and which credentials it accepts.</summary>
public sealed class SandboxOptions
{
    /// <summary>The Site ID the sandbox accepts (Basic auth user name) when none is configured.</summary>
    public const string DefaultSiteId = "sandbox-site";

    /// <summary>The Track API key the sandbox accepts (Basic auth password) when none is configured.</summary>
    public const string DefaultApiKey = "sandbox-key";

    /// <summary>The SQLite database file. Null: <see cref="DefaultDataPath"/>. Ignored when <see cref="InMemory"/> is set.</summary>
    public string? DataPath { get; set; }

    /// <summary>Keep state in a named in-memory database (tests); it lives as long as a sandbox over it is open.</summary>
    public bool InMemory { get; set; }

    /// <summary>Name of the in-memory database; sandboxes opened with the same name share it. Null: a fresh unique name.</summary>
    public string? InMemoryName { get; set; }

    /// <summary>TCP port of the standalone server on 127.0.0.1; 0 picks a free port.</summary>
    public int Port { get; set; }

    /// <summary>The Site ID the sandbox accepts.</summary>
    public string SiteId { get; set; } = DefaultSiteId;

    /// <summary>The Track API key the sandbox accepts.</summary>
    public string ApiKey { get; set; } = DefaultApiKey;

    /// <summary>Clock used for timestamps (tests).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The default database file: <c>%LOCALAPPDATA%/CustomerioTrack/sandbox.db</c> (<c>~/.local/share/CustomerioTrack/sandbox.db</c> on Linux).</summary>
    public static string DefaultDataPath =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "CustomerioTrack", "sandbox.db");

    /// <summary>The database file this configuration uses, or null when in memory.</summary>
    public string? ResolvedDataPath => InMemory ? null : Path.GetFullPath(DataPath ?? DefaultDataPath);
}
