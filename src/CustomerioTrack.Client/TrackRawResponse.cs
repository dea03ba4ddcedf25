namespace CustomerioTrack.Client;

/// <summary>An HTTP answer as received: status, content type and body bytes.</summary>
/// <param name="StatusCode">HTTP status code.</param>
/// <param name="ContentType">Media type of the body, if any.</param>
/// <param name="Body">The body bytes (empty for 204).</param>
/// <param name="RetryAfter">The server's Retry-After, if any.</param>
public sealed record TrackRawResponse(int StatusCode, string? ContentType, ReadOnlyMemory<byte> Body, TimeSpan? RetryAfter)
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoHeaders =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>True for 2xx.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>The response and content headers, by name (any case), each with its values in the order received.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; init; } = NoHeaders;

    /// <summary>The URI of the request that got this answer (after any redirect or region switch), when known.</summary>
    public Uri? RequestUri { get; init; }

    /// <summary>The values of one header; empty when it is absent.</summary>
    public IReadOnlyList<string> HeaderValues(string name) => Headers.TryGetValue(name, out var values) ? values : [];
}
