namespace CustomerioTrack.Client;

/// <summary>An HTTP answer as received: status, content type and body bytes.</summary>
/// <param name="StatusCode">HTTP status code.</param>
/// <param name="ContentType">Media type of the body, if any.</param>
/// <param name="Body">The body bytes (empty for 204).</param>
/// <param name="RetryAfter">The server's Retry-After, if any.</param>
public sealed record TrackRawResponse(int StatusCode, string? ContentType, ReadOnlyMemory<byte> Body, TimeSpan? RetryAfter)
{
    /// <summary>True for 2xx.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}
