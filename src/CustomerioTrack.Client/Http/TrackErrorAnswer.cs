using System.Globalization;

namespace CustomerioTrack.Client.Http;

/// <summary>Turns a failed answer into the <see cref="TrackApiException"/> a typed call throws.</summary>
internal static class TrackErrorAnswer
{
    /// <summary>Builds the exception from the answer and its body; every text passes through <paramref name="redact"/>.</summary>
    public static TrackApiException Describe(HttpResponseMessage response, byte[] body, Func<string, string> redact, Dictionary<string, IEnumerable<string>> headers)
    {
        var status = (int)response.StatusCode;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var retryAfter = RetryAfterHeader.Of(response);
        var text = redact(TrackErrorBody.Text(body));
        var messages = TrackErrorBody.Messages(body).Select(redact).ToList();

        var summary = string.Create(CultureInfo.InvariantCulture, $"The Track API answered {status}");
        if (!string.IsNullOrWhiteSpace(response.ReasonPhrase))
        {
            summary += " " + response.ReasonPhrase;
        }

        summary += messages.Count > 0 ? ": " + string.Join("; ", messages.Select(Quote))
            : string.IsNullOrWhiteSpace(text) ? " with an empty body"
            : $" with this body{(mediaType is null ? "" : $" ({mediaType})")}: {Quote(TrackErrorBody.Excerpt(text, mediaType))}";
        summary += ".";
        if (TrackErrorHints.For(status, retryAfter, response.RequestMessage?.RequestUri) is { } hint)
        {
            summary += " " + hint;
        }

        return new TrackApiException(redact(summary), text, messages, retryAfter)
        {
            ResponseStatusCode = status,
            ResponseHeaders = headers,
        };
    }

    private static string Quote(string text) => "\"" + text + "\"";
}
