using Microsoft.Kiota.Abstractions;

namespace CustomerioTrack.Client.Models;

/// <summary>
/// The text of a Track API error model as loggers print it (<c>ToString()</c>). Kiota's generated error models keep
/// <c>Exception.Message</c> at "Exception of type … was thrown." (only a top-level string property can become the message,
/// and Customer.io's error bodies have none), so a logged 400 would not say what Customer.io objected to.
/// </summary>
internal static class TrackErrorText
{
    public static string Describe(ApiException error, IReadOnlyList<string> messages, string baseText)
    {
        var summary = $"{error.GetType().FullName}: the Track API answered {error.ResponseStatusCode}"
            + (messages.Count == 0 ? " with no message" : ": " + string.Join("; ", messages));

        // Keep what Exception.ToString adds after its first line: inner exceptions and the stack trace.
        var firstLineEnd = baseText.IndexOf('\n', StringComparison.Ordinal);
        return firstLineEnd < 0 ? summary : summary + baseText[firstLineEnd..].TrimEnd('\r');
    }
}
