using System.Globalization;

namespace CustomerioTrack.Client.Http;

/// <summary>
/// The answer's body was larger than <see cref="AttemptTimeoutHandler.MaxResponseBytes"/> (after decoding, when it came
/// compressed) and was not read. The request was sent and may have been processed; it is not retried.
/// </summary>
public sealed class TrackResponseTooLargeException : HttpRequestException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="method">The request's method.</param>
    /// <param name="path">The request's path.</param>
    /// <param name="statusCode">The status the answer came with.</param>
    /// <param name="limit">The limit in bytes.</param>
    /// <param name="inner">What the HTTP stack reported, if anything.</param>
    public TrackResponseTooLargeException(string method, string path, int statusCode, long limit, Exception? inner = null)
        : base(HttpRequestError.ConfigurationLimitExceeded, Describe(method, path, statusCode, limit), inner)
    {
        ResponseStatusCode = statusCode;
        Limit = limit;
    }

    /// <summary>The status the answer came with.</summary>
    public int ResponseStatusCode { get; }

    /// <summary>The limit in bytes.</summary>
    public long Limit { get; }

    private static string Describe(string method, string path, int statusCode, long limit) =>
        string.Create(CultureInfo.InvariantCulture,
            $"The answer to {method} {path} (HTTP {statusCode}) was larger than the {limit / (1024 * 1024)} MB limit for a Track API answer and was not read. The request was sent and may have been processed.");
}
