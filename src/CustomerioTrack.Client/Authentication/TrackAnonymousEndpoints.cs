namespace CustomerioTrack.Client;

/// <summary>
/// The Track operations the description marks <c>security: []</c>: they take no credentials, so none are sent.
/// A test compares this list with openapi/track.json. Requests that carry an <see cref="OperationSecurityOption"/> (every
/// tool call) follow that instead; this list serves requests built on the typed client.
/// </summary>
public static class TrackAnonymousEndpoints
{
    /// <summary>True when a request to this path must be sent without credentials.</summary>
    /// <param name="method">HTTP method.</param>
    /// <param name="absolutePath">The request URI's path (still percent-encoded).</param>
    public static bool IsAnonymous(string method, string absolutePath)
    {
        if (!string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return absolutePath.Equals("/api/v1/metrics", StringComparison.Ordinal)
            || absolutePath.Equals("/api/v1/push/events", StringComparison.Ordinal)
            || IsUnsubscribe(absolutePath);
    }

    private static bool IsUnsubscribe(string path)
    {
        const string prefix = "/unsubscribe/";
        return path.StartsWith(prefix, StringComparison.Ordinal)
            && path.Length > prefix.Length
            && path.IndexOf('/', prefix.Length) < 0;
    }
}
