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
    // The longest path the Track API has: /api/v1/customers/{id}/devices/{device_id}.
    private const int MaxSegments = 6;

    /// <summary>
    /// True for answers that say the request was not processed: 429, and 503 with a Retry-After header. The client
    /// retries these for every operation, even those not safe to repeat.
    /// </summary>
    public static bool AnswerSaysNotProcessed(int statusCode, bool hasRetryAfter) =>
        statusCode == 429 || (statusCode == 503 && hasRetryAfter);

    /// <summary>The kind of operation.</summary>
    public static TrackOperationKind Kind(string method, string path)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);

        // Every request is classified several times on its way out (limits, event ids, retries): no allocations here.
        var trimmed = path.AsSpan().Trim('/');
        Span<Range> ranges = stackalloc Range[MaxSegments + 1];
        var segments = new PathSegments(trimmed, ranges[..trimmed.Split(ranges, '/')]);
        if (Is(method, "GET"))
        {
            return segments.Matches("api", "v1", "accounts", "region") ? TrackOperationKind.Idempotent : TrackOperationKind.Unknown;
        }

        if (Is(method, "PUT"))
        {
            return segments.Matches("api", "v1", "customers", null) || segments.Matches("api", "v1", "customers", null, "devices")
                ? TrackOperationKind.Idempotent
                : TrackOperationKind.Unknown;
        }

        if (Is(method, "DELETE"))
        {
            return segments.Matches("api", "v1", "customers", null) || segments.Matches("api", "v1", "customers", null, "devices", null)
                ? TrackOperationKind.Idempotent
                : TrackOperationKind.Unknown;
        }

        if (!Is(method, "POST"))
        {
            return TrackOperationKind.Unknown;
        }

        if (segments.Matches("api", "v1", "customers", null, "suppress") || segments.Matches("api", "v1", "customers", null, "unsuppress")
            || segments.Matches("api", "v1", "segments", null, "add_customers") || segments.Matches("api", "v1", "segments", null, "remove_customers"))
        {
            return TrackOperationKind.Idempotent;
        }

        if (segments.Matches("api", "v1", "customers", null, "events") || segments.Matches("api", "v1", "events"))
        {
            return TrackOperationKind.V1Event;
        }

        if (segments.Matches("api", "v2", "entity"))
        {
            return TrackOperationKind.V2Entity;
        }

        if (segments.Matches("api", "v2", "batch"))
        {
            return TrackOperationKind.V2Batch;
        }

        return segments.Matches("api", "v1", "merge_customers") || segments.Matches("api", "v1", "metrics") || segments.Matches("api", "v1", "push", "events")
            || segments.Matches("api", "v1", "forms", null, "submit") || segments.Matches("unsubscribe", null)
            ? TrackOperationKind.NotRepeatable
            : TrackOperationKind.Unknown;
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

    private static bool Is(string method, string verb) => string.Equals(method, verb, StringComparison.OrdinalIgnoreCase);

    /// <summary>A path's segments (between slashes, empty ones included); a null pattern segment matches any segment.</summary>
    private readonly ref struct PathSegments(ReadOnlySpan<char> path, ReadOnlySpan<Range> segments)
    {
        private readonly ReadOnlySpan<char> _path = path;
        private readonly ReadOnlySpan<Range> _segments = segments;

        public bool Matches(params ReadOnlySpan<string?> pattern)
        {
            // A path longer than MaxSegments leaves its remainder in the last range, so it never has pattern.Length segments.
            if (_segments.Length != pattern.Length)
            {
                return false;
            }

            for (var i = 0; i < pattern.Length; i++)
            {
                if (pattern[i] is { } expected && !_path[_segments[i]].SequenceEqual(expected))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
