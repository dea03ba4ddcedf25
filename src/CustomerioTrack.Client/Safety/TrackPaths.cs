namespace CustomerioTrack.Client;

/// <summary>Maps a request URI to the operation path of the description, ignoring a configured base URL's own path prefix.</summary>
public static class TrackPaths
{
    /// <summary>The path as the description spells it (e.g. <c>/api/v1/metrics</c>) for a request sent under <paramref name="baseUrl"/>.</summary>
    public static string OperationPath(Uri requestUri, Uri? baseUrl)
    {
        var path = requestUri.AbsolutePath;
        var prefix = baseUrl?.AbsolutePath.TrimEnd('/');
        return !string.IsNullOrEmpty(prefix) && path.StartsWith(prefix + "/", StringComparison.Ordinal) ? path[prefix.Length..] : path;
    }

    // Every literal segment of the Track API's paths; anything else in a path is an identifier (or a base URL's prefix).
    private static readonly HashSet<string> LiteralSegments = new(StringComparer.Ordinal)
    {
        "api", "v1", "v2", "accounts", "region", "customers", "devices", "suppress", "unsuppress", "events", "unsubscribe",
        "forms", "submit", "merge_customers", "metrics", "push", "segments", "add_customers", "remove_customers", "entity", "batch",
    };

    /// <summary>
    /// The path with every segment that is not a literal word of the Track API's paths replaced by <c>{…}</c>
    /// (<c>/api/v1/customers/ann%40example.com/devices</c> becomes <c>/api/v1/customers/{…}/devices</c>): for logs, which
    /// must not collect people's identifiers.
    /// </summary>
    public static string WithoutIdentifiers(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i].Length > 0 && !LiteralSegments.Contains(segments[i]))
            {
                segments[i] = "{…}";
            }
        }

        return string.Join('/', segments);
    }
}
