namespace CustomerioTrack.Client.Http;

/// <summary>The wait an answer's <c>Retry-After</c> asks for, in seconds or as an HTTP date.</summary>
internal static class RetryAfterHeader
{
    /// <summary>The wait from now; null without the header. A date in the past gives a negative span.</summary>
    public static TimeSpan? Of(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };
}
