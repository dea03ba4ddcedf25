using Microsoft.Extensions.Logging;

namespace CustomerioTrack.Client;

/// <summary>Writes each retry of a client registered with dependency injection to the host's log, unless its options observe retries themselves.</summary>
internal static class TrackRetryLog
{
    /// <summary>The category retries are logged under.</summary>
    public const string Category = "CustomerioTrack.Client";

    private static readonly Action<ILogger, string, Exception?> Retry =
        LoggerMessage.Define<string>(LogLevel.Warning, new EventId(1, "TrackRetry"), "{Retry}");

    private static readonly Action<ILogger, string, string, Exception?> KeyedRetry =
        LoggerMessage.Define<string, string>(LogLevel.Warning, new EventId(1, "TrackRetry"), "{Retry} (client '{Key}')");

    /// <summary>The observer for the client under <paramref name="key"/> (null: the default client); null without a logger factory.</summary>
    public static Action<TrackRetryAttempt>? For(ILoggerFactory? loggers, string? key)
    {
        if (loggers is null)
        {
            return null;
        }

        var logger = loggers.CreateLogger(Category);
        return key is null
            ? attempt => Retry(logger, attempt.Describe(), null)
            : attempt => KeyedRetry(logger, attempt.Describe(), key, null);
    }
}
