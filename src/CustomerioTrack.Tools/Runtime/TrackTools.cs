using CustomerioTrack.Client;

namespace CustomerioTrack.Tools;

/// <summary>Entry point: the generated Track tools over a client, usable without MCP.</summary>
public static class TrackTools
{
    /// <summary>Every generated tool definition, including those off by default.</summary>
    public static IReadOnlyList<ToolDefinition> AllDefinitions => TrackToolCatalog.Definitions;

    /// <summary>Creates a toolset over a client (taking a copy of <paramref name="options"/>).</summary>
    /// <exception cref="ArgumentException">A name in <see cref="TrackToolsOptions.Include"/> or <see cref="TrackToolsOptions.Exclude"/> is not a tool.</exception>
    public static TrackToolset Create(TrackApiClient client, TrackToolsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return Create(() => client, options);
    }

    /// <summary>
    /// Creates a toolset whose client is built on first use, so tools can be listed before credentials exist;
    /// a <see cref="TrackConfigurationException"/> from the factory becomes a tool error naming what to set (listing and
    /// <c>get_request_schema</c> never call it). Takes a copy of <paramref name="options"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A name in <see cref="TrackToolsOptions.Include"/> or <see cref="TrackToolsOptions.Exclude"/> is not a tool, or <see cref="TrackToolsOptions.CallTimeout"/> is not positive.</exception>
    public static TrackToolset Create(Func<TrackApiClient> clientFactory, TrackToolsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(clientFactory);
        // A copy: a host reusing its options object for another toolset must not turn this one live (or dry).
        options = options?.Snapshot() ?? new TrackToolsOptions();
        if (options.CallTimeout is { } limit && limit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), limit, "TrackToolsOptions.CallTimeout must be positive, or null for no limit.");
        }

        return new TrackToolset(Select(TrackToolCatalog.CreateAll(), options), clientFactory, options);
    }

    private static List<TrackTool> Select(IReadOnlyList<TrackTool> all, TrackToolsOptions options)
    {
        var names = all.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        CheckNames(options.Include, names, "include");
        CheckNames(options.Exclude, names, "exclude");
        return all
            .Where(t => options.Include is null ? t.Definition.EnabledByDefault || options.IncludeDisabledByDefault : options.Include.Contains(t.Name))
            .Where(t => options.Exclude is null || !options.Exclude.Contains(t.Name))
            .Where(t => !options.ExcludeDestructive || !t.Definition.Annotations.Destructive)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static void CheckNames(IReadOnlyCollection<string>? requested, HashSet<string> known, string what)
    {
        var unknown = requested?.Where(n => !known.Contains(n)).ToList();
        if (unknown is { Count: > 0 })
        {
            throw new ArgumentException($"Cannot {what} unknown tool(s) {string.Join(", ", unknown)}. Known tools: {string.Join(", ", known.Order(StringComparer.Ordinal))}.");
        }
    }
}
