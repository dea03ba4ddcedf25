using CustomerioTrack.Client;

namespace CustomerioTrack.Mcp;

/// <summary>
/// Where the command reports the client's retries: the server's log once its host exists, stderr for a CLI call. The
/// client is built on the first tool call, before the log may exist, so it reports here and this forwards.
/// </summary>
internal sealed class RetryLog
{
    private volatile Action<string>? _write;

    /// <summary>Sends every later retry's line to <paramref name="write"/>.</summary>
    public void WriteTo(Action<string> write) => _write = write;

    /// <summary>The client's retry observer.</summary>
    public void Report(TrackRetryAttempt attempt) => _write?.Invoke(attempt.Describe());
}
