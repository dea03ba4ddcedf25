namespace CustomerioTrack.Tools;

/// <summary>
/// Which tools a toolset exposes and whether it sends anything. <see cref="TrackTools.Create(Func{CustomerioTrack.Client.TrackApiClient}, TrackToolsOptions?)"/>
/// takes a copy: changing this object (or the collections given to it) afterwards does not change a toolset already created.
/// </summary>
public sealed class TrackToolsOptions
{
    private TimeProvider _timeProvider = TimeProvider.System;

    /// <summary>Validate and describe the request that would be sent, without sending it.</summary>
    public bool DryRun { get; set; }

    /// <summary>
    /// Expose only these tools (names, case-sensitive), off-by-default ones included; null exposes every tool enabled by
    /// default (and, with <see cref="IncludeDisabledByDefault"/>, the others too). <see cref="Exclude"/> and
    /// <see cref="ExcludeDestructive"/> still apply. An unknown name makes <c>TrackTools.Create</c> throw an
    /// <see cref="ArgumentException"/> naming it and the known tools.
    /// </summary>
    public IReadOnlyCollection<string>? Include { get; set; }

    /// <summary>Hide these tools (names, case-sensitive); an unknown name makes <c>TrackTools.Create</c> throw an <see cref="ArgumentException"/>.</summary>
    public IReadOnlyCollection<string>? Exclude { get; set; }

    /// <summary>Hide every tool annotated destructive.</summary>
    public bool ExcludeDestructive { get; set; }

    /// <summary>A sentence added to every result as <c>notice</c> (e.g. that calls go to a local sandbox, not Customer.io).</summary>
    public string? Notice { get; set; }

    /// <summary>
    /// Also expose tools that are off by default (the deprecated push metrics tool). Has no effect when <see cref="Include"/>
    /// is set: name the tool there instead.
    /// </summary>
    public bool IncludeDisabledByDefault { get; set; }

    /// <summary>
    /// The longest a tool call may take, retries and every request of a split call included; null (the default) sets no
    /// limit beyond the client's own timeouts. A call that runs out returns a <c>transport_error</c> saying so, with every
    /// item of a batch accounted for (accepted, under way and possibly processed, or not sent), instead of being cut off
    /// by an MCP client's own request timeout with nothing to show. Must be positive.
    /// </summary>
    public TimeSpan? CallTimeout { get; set; }

    /// <summary>
    /// The clock the tools read: the current time a timestamp problem offers as the value to send, and the time that
    /// <see cref="CallTimeout"/> counts. <see cref="TimeProvider.System"/> by default; tests give a clock they control.
    /// </summary>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        set => _timeProvider = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>A copy that later changes to this object (or to its collections) cannot reach.</summary>
    internal TrackToolsOptions Snapshot() => new()
    {
        DryRun = DryRun,
        Include = Include?.ToArray(),
        Exclude = Exclude?.ToArray(),
        ExcludeDestructive = ExcludeDestructive,
        Notice = Notice,
        IncludeDisabledByDefault = IncludeDisabledByDefault,
        CallTimeout = CallTimeout,
        TimeProvider = TimeProvider,
    };
}
