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
}
