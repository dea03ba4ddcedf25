using System.Globalization;

namespace CustomerioTrack.Client.Http;

/// <summary>
/// The answer's status and headers arrived but its body broke off (connection closed or reset mid-body, a body that
/// cannot be decoded). The request was sent and may have been processed; like any ambiguous failure it is retried only
/// for operations safe to repeat.
/// </summary>
public sealed class TrackResponseIncompleteException : HttpRequestException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="method">The request's method.</param>
    /// <param name="path">The request's path.</param>
    /// <param name="statusCode">The status the answer came with.</param>
    /// <param name="inner">What the HTTP stack reported.</param>
    public TrackResponseIncompleteException(string method, string path, int statusCode, Exception inner)
        : base(HttpRequestError.ResponseEnded, Describe(method, path, statusCode, inner), inner)
    {
        ResponseStatusCode = statusCode;
    }

    /// <summary>The status the answer came with.</summary>
    public int ResponseStatusCode { get; }

    private static string Describe(string method, string path, int statusCode, Exception inner) =>
        string.Create(CultureInfo.InvariantCulture,
            $"The Track API's answer to {method} {path} (HTTP {statusCode}) broke off before its end ({inner.GetBaseException().Message.TrimEnd('.')}). The request was sent and may have been processed.");
}
