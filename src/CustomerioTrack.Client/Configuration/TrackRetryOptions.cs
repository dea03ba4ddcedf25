namespace CustomerioTrack.Client;

/// <summary>Retries of transient failures (408, 429, 500, 502, 503, 504, timeouts, network errors).</summary>
public sealed class TrackRetryOptions
{
    /// <summary>Retries after the first attempt; 0 disables retries.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff delay; doubles each retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest single wait, including a server's Retry-After.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Total time for all attempts and waits of one call.</summary>
    public TimeSpan TotalBudget { get; set; } = TimeSpan.FromSeconds(90);
}
