namespace CustomerioTrack.Client.Http;

/// <summary>
/// The call was cancelled while the workspace's region was being detected (getRegion is asked before the first request
/// when no region or base URL is configured): the request waiting for it was not sent. Still a cancellation, so code
/// that handles <see cref="OperationCanceledException"/> handles it; an HttpClient may hand it on as the inner exception
/// of its own <see cref="TaskCanceledException"/>.
/// </summary>
public sealed class TrackRegionDetectionCancelledException : OperationCanceledException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="inner">The lookup's own cancellation.</param>
    /// <param name="token">The token that was cancelled.</param>
    public TrackRegionDetectionCancelledException(Exception? inner, CancellationToken token)
        : base("The call was cancelled while the workspace's region was being detected (GET /api/v1/accounts/region); the request was not sent.", inner, token)
    {
    }

    /// <summary>True when <paramref name="exception"/> or an exception it wraps is this one: the request was not sent.</summary>
    public static bool IsIn(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is TrackRegionDetectionCancelledException)
            {
                return true;
            }
        }

        return false;
    }
}
