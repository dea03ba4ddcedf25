namespace CustomerioTrack.Tools;

/// <summary>Which tools a toolset exposes and whether it sends anything.</summary>
public sealed class TrackToolsOptions
{
    /// <summary>Validate and describe the request that would be sent, without sending it.</summary>
    public bool DryRun { get; set; }

    /// <summary>Expose only these tools (names); null exposes every tool enabled by default.</summary>
    public IReadOnlyCollection<string>? Include { get; set; }

    /// <summary>Hide these tools (names).</summary>
    public IReadOnlyCollection<string>? Exclude { get; set; }

    /// <summary>Hide every tool annotated destructive.</summary>
    public bool ExcludeDestructive { get; set; }

    /// <summary>A sentence added to every result as <c>notice</c> (e.g. that calls go to a local sandbox, not Customer.io).</summary>
    public string? Notice { get; set; }

    /// <summary>Also expose tools that are off by default (the deprecated push metrics tool).</summary>
    public bool IncludeDisabledByDefault { get; set; }
}
