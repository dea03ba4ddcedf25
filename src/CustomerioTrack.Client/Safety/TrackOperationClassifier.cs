namespace CustomerioTrack.Client;

/// <summary>What kind of Track operation a request is, as far as retries and event ids are concerned.</summary>
public enum TrackOperationKind
{
    /// <summary>Not a Track operation this client knows.</summary>
    Unknown,
    /// <summary>Repeating it leaves the same state: identify, delete, devices, suppress/unsuppress, segments, getRegion.</summary>
    Idempotent,
    /// <summary>v1 track or trackAnonymous.</summary>
    V1Event,
    /// <summary>v2 entity.</summary>
    V2Entity,
    /// <summary>v2 batch.</summary>
    V2Batch,
    /// <summary>Repeating it may act twice: merge, metrics, pushMetrics, unsubscribe, submitForm.</summary>
    NotRepeatable,
}

/// <summary>Classifies a request by method and path (paths of openapi/track.json).</summary>
public static class TrackOperationClassifier
{
    /// <summary>The kind of operation.</summary>
    public static TrackOperationKind Kind(string method, string path)
    {
        var segments = path.Trim('/').Split('/');
        var verb = method.ToUpperInvariant();
        return (verb, segments) switch
        {
            ("GET", ["api", "v1", "accounts", "region"]) => TrackOperationKind.Idempotent,
            ("PUT" or "DELETE", ["api", "v1", "customers", _]) => TrackOperationKind.Idempotent,
            ("PUT", ["api", "v1", "customers", _, "devices"]) => TrackOperationKind.Idempotent,
            ("DELETE", ["api", "v1", "customers", _, "devices", _]) => TrackOperationKind.Idempotent,
            ("POST", ["api", "v1", "customers", _, "suppress" or "unsuppress"]) => TrackOperationKind.Idempotent,
            ("POST", ["api", "v1", "segments", _, "add_customers" or "remove_customers"]) => TrackOperationKind.Idempotent,
            ("POST", ["api", "v1", "customers", _, "events"]) => TrackOperationKind.V1Event,
            ("POST", ["api", "v1", "events"]) => TrackOperationKind.V1Event,
            ("POST", ["api", "v2", "entity"]) => TrackOperationKind.V2Entity,
            ("POST", ["api", "v2", "batch"]) => TrackOperationKind.V2Batch,
            ("POST", ["api", "v1", "merge_customers"]) => TrackOperationKind.NotRepeatable,
            ("POST", ["api", "v1", "metrics"]) => TrackOperationKind.NotRepeatable,
            ("POST", ["api", "v1", "push", "events"]) => TrackOperationKind.NotRepeatable,
            ("POST", ["api", "v1", "forms", _, "submit"]) => TrackOperationKind.NotRepeatable,
            ("POST", ["unsubscribe", _]) => TrackOperationKind.NotRepeatable,
            _ => TrackOperationKind.Unknown,
        };
    }

    /// <summary>
    /// True when sending the request again after an ambiguous failure (timeout, 500/502/504, connection reset) cannot
    /// apply it twice. Events are repeatable once they carry an id (see <see cref="EventIdAugmenter"/>).
    /// </summary>
    public static bool IsRepeatable(string method, string path, byte[] body) => Kind(method, path) switch
    {
        TrackOperationKind.Idempotent => true,
        TrackOperationKind.V1Event or TrackOperationKind.V2Entity or TrackOperationKind.V2Batch =>
            !EventIdAugmenter.HasEventsWithoutId(method, path, body),
        _ => false,
    };
}
