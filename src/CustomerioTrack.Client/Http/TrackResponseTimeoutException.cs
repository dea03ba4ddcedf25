namespace CustomerioTrack.Client.Http;

/// <summary>
/// The answer's status and headers arrived, but its body did not arrive in full within the attempt timeout. Unlike a
/// plain <see cref="TimeoutException"/> (no answer at all), the status line proves the request was sent: it may have been
/// processed. Retried only for operations safe to repeat, like any timeout.
/// </summary>
public sealed class TrackResponseTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What timed out, for whom.</param>
    /// <param name="statusCode">The status the answer came with.</param>
    public TrackResponseTimeoutException(string message, int statusCode)
        : base(message)
    {
        ResponseStatusCode = statusCode;
    }

    /// <summary>The status the answer came with.</summary>
    public int ResponseStatusCode { get; }
}
