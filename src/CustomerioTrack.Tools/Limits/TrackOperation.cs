using System.Runtime.CompilerServices;
using CustomerioTrack.Client;

namespace CustomerioTrack.Tools.Limits;

/// <summary>The Track operations whose bodies carry limits or are split into several requests.</summary>
internal enum TrackOperation
{
    /// <summary>No limits beyond the schema (delete, suppress, forms, unsubscribe, region…).</summary>
    Other,
    /// <summary>v1 identify: <c>PUT /api/v1/customers/{identifier}</c>.</summary>
    Identify,
    /// <summary>v1 add device: <c>PUT /api/v1/customers/{identifier}/devices</c>.</summary>
    AddDevice,
    /// <summary>v1 track or trackAnonymous.</summary>
    V1Event,
    /// <summary>metrics or the deprecated pushMetrics.</summary>
    Metrics,
    /// <summary>v1 merge_customers.</summary>
    Merge,
    /// <summary>Add people to / remove people from a manual segment.</summary>
    Segment,
    /// <summary>v2 <c>/entity</c>.</summary>
    Entity,
    /// <summary>v2 <c>/batch</c>.</summary>
    Batch,
}

/// <summary>Which <see cref="TrackOperation"/> a tool calls, by method and path template (the classifier of the client, refined).</summary>
internal static class TrackOperations
{
    // A definition never changes, and every call asks several times (limits, chunking, the executor).
    private static readonly ConditionalWeakTable<ToolDefinition, StrongBox<TrackOperation>> Known = new();

    public static TrackOperation Of(ToolDefinition definition) =>
        Known.GetValue(definition, static d => new StrongBox<TrackOperation>(Classify(d))).Value;

    private static TrackOperation Classify(ToolDefinition definition)
    {
        var method = definition.HttpMethod.ToUpperInvariant();
        var path = definition.PathTemplate;
        var segments = path.Trim('/').Split('/');
        return (TrackOperationClassifier.Kind(method, path), method, segments) switch
        {
            (TrackOperationKind.V1Event, _, _) => TrackOperation.V1Event,
            (TrackOperationKind.V2Entity, _, _) => TrackOperation.Entity,
            (TrackOperationKind.V2Batch, _, _) => TrackOperation.Batch,
            (_, "PUT", ["api", "v1", "customers", _]) => TrackOperation.Identify,
            (_, "PUT", ["api", "v1", "customers", _, "devices"]) => TrackOperation.AddDevice,
            (_, "POST", ["api", "v1", "segments", _, "add_customers" or "remove_customers"]) => TrackOperation.Segment,
            (_, "POST", ["api", "v1", "metrics"] or ["api", "v1", "push", "events"]) => TrackOperation.Metrics,
            (_, "POST", ["api", "v1", "merge_customers"]) => TrackOperation.Merge,
            _ => TrackOperation.Other,
        };
    }
}
