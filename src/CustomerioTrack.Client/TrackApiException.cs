using Microsoft.Kiota.Abstractions;

namespace CustomerioTrack.Client;

/// <summary>
/// The Track API answered a typed call with a status outside 2xx for which the description declares no error model
/// (401, 403, 404, 408, 413, 429, 5xx, …), or with a declared status (400) whose body is not that model (empty, not
/// JSON). Its <see cref="Exception.Message"/> names the status, Customer.io's own message or the body, and what to do.
/// </summary>
/// <remarks>
/// An <see cref="ApiException"/>, so <c>catch (ApiException)</c> still sees it, with <see cref="ApiException.ResponseStatusCode"/>
/// and <see cref="ApiException.ResponseHeaders"/> set. The message and <see cref="ResponseBody"/> have the client's
/// credentials replaced by <c>[redacted]</c>: an error body can echo what was sent.
/// </remarks>
public sealed class TrackApiException : ApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="responseBody">The answer's body as text.</param>
    /// <param name="apiMessages">Customer.io's messages read from the body, in order.</param>
    /// <param name="retryAfter">The wait the answer's <c>Retry-After</c> asked for.</param>
    public TrackApiException(string message, string responseBody, IReadOnlyList<string> apiMessages, TimeSpan? retryAfter)
        : base(message)
    {
        ResponseBody = responseBody;
        ApiMessages = apiMessages;
        RetryAfter = retryAfter;
    }

    /// <summary>
    /// The answer's body as text (UTF-8), credentials redacted; empty when there was none. At most
    /// <see cref="MaxResponseBodyChars"/> characters are kept: a Track API error body is a few hundred bytes.
    /// </summary>
    public string ResponseBody { get; }

    /// <summary>
    /// Customer.io's messages from a v1 (<c>meta.error</c>, <c>meta.errors</c>) or v2 (<c>errors[]</c>, as
    /// <c>field: message (reason)</c>) error body; empty when the body holds none.
    /// </summary>
    public IReadOnlyList<string> ApiMessages { get; }

    /// <summary>How long the answer's <c>Retry-After</c> asked to wait (from when it was read); null without one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>How much of the body <see cref="ResponseBody"/> keeps.</summary>
    public const int MaxResponseBodyChars = 64 * 1024;
}
