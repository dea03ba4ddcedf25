namespace CustomerioTrack.Client.Http;

/// <summary>
/// The workspace's region could not be detected (no region or base URL is configured, so getRegion is asked first);
/// the request waiting for it was not sent.
/// </summary>
public sealed class TrackRegionDetectionException : HttpRequestException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, that the request was not sent, and how to skip the lookup.</param>
    /// <param name="isTransient">True when the lookup failed on the way (no connection, no answer in time): asking again may work.</param>
    /// <param name="inner">The lookup's own failure, if any.</param>
    public TrackRegionDetectionException(string message, bool isTransient, Exception? inner = null)
        : base(message, inner)
    {
        IsTransient = isTransient;
    }

    /// <summary>True when the lookup failed on the way (no connection, no answer in time) rather than by its answer.</summary>
    public bool IsTransient { get; }
}
