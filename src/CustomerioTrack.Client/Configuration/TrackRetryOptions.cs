using System.Globalization;

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

    /// <summary>Called before each retry (for logging); never receives credentials.</summary>
    public Action<TrackRetryAttempt>? OnRetry { get; set; }
}

/// <summary>One retry about to happen.</summary>
/// <param name="Attempt">1 for the first retry.</param>
/// <param name="Delay">The wait before it (a server's Retry-After when given, capped).</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Request path.</param>
/// <param name="StatusCode">The status that triggered it, if an answer came.</param>
/// <param name="Failure">The exception type that triggered it, if no answer came.</param>
public sealed record TrackRetryAttempt(int Attempt, TimeSpan Delay, string Method, string Path, int? StatusCode, string? Failure)
{
    /// <summary>
    /// One line for a log, e.g. <c>Track API retry 1 in 0.2 s: PUT /api/v1/customers/{…} was answered 503.</c> The path's
    /// identifiers (people's e-mail addresses among them) are left out.
    /// </summary>
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"Track API retry {Attempt} in {Delay.TotalSeconds:0.0##} s: {Method} {TrackPaths.WithoutIdentifiers(Path)} ")
        + (StatusCode is { } status ? string.Create(CultureInfo.InvariantCulture, $"was answered {status}.") : $"failed ({Failure ?? "no answer"}).");
}
