using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CustomerioTrack.Client.Models;
using Microsoft.Kiota.Serialization.Json;

namespace CustomerioTrack.Client.Http;

/// <summary>What an error answer's body says: Customer.io's messages, or a short excerpt of whatever else it is.</summary>
internal static partial class TrackErrorBody
{
    private const int ExcerptChars = 300;

    /// <summary>
    /// The messages of a v1 or v2 error body, read through the generated error models so they read exactly as their
    /// <c>Messages</c> do for a 400; empty for a body that is neither (or not JSON).
    /// </summary>
    public static IReadOnlyList<string> Messages(byte[] body)
    {
        var start = body.AsSpan().IndexOfAnyExcept(" \t\r\n"u8);
        if (start < 0 || body[start] != (byte)'{')
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = new JsonParseNode(document.RootElement);
            var v1 = root.GetObjectValue(V1ErrorResponse.CreateFromDiscriminatorValue)?.Messages ?? [];
            var v2 = root.GetObjectValue(V2ErrorResponse.CreateFromDiscriminatorValue)?.Messages ?? [];
            return [.. v1, .. v2];
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // Not JSON, or JSON whose values have other types than the models': the excerpt speaks for it instead.
            return [];
        }
    }

    /// <summary>The body on one line, an HTML page reduced to its text, cut at 300 characters.</summary>
    public static string Excerpt(string text, string? mediaType)
    {
        text = mediaType?.Contains("html", StringComparison.OrdinalIgnoreCase) == true || text.TrimStart().StartsWith('<')
            ? HtmlText.Visible(text)
            : Whitespace().Replace(text, " ").Trim();
        return text.Length <= ExcerptChars ? text : text[..ExcerptChars] + "…";
    }

    /// <summary>The body as text, at most <see cref="TrackApiException.MaxResponseBodyChars"/> characters.</summary>
    public static string Text(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        return text.Length <= TrackApiException.MaxResponseBodyChars ? text : text[..TrackApiException.MaxResponseBodyChars];
    }

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Whitespace();
}
