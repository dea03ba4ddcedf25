using System.Text;

namespace CustomerioTrack.Client.Http;

/// <summary>
/// The visible text of an HTML page (a proxy's error or sign-in page standing in for the Track API's JSON), for messages.
/// </summary>
/// <remarks>
/// One forward pass: a pattern such as <c>&lt;[^&gt;]*&gt;</c> takes time quadratic in the length of a body full of unclosed
/// tags, which an 8 MB answer turns into minutes.
/// </remarks>
public static class HtmlText
{
    /// <summary>
    /// Drops tags and the contents of <c>script</c> and <c>style</c> elements, and collapses every run of whitespace to
    /// one space (trimmed). A <c>&lt;</c> that no <c>&gt;</c> follows is text.
    /// </summary>
    public static string Visible(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var text = new StringBuilder(Math.Min(html.Length, 4096));
        var closersMissing = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        while (i < html.Length)
        {
            if (html[i] != '<')
            {
                Append(text, html[i]);
                i++;
                continue;
            }

            var tagEnd = html.IndexOf('>', i + 1);
            if (tagEnd < 0)
            {
                // No tag closes after here: the rest is text.
                foreach (var c in html.AsSpan(i))
                {
                    Append(text, c);
                }

                break;
            }

            i = (ElementWithHiddenText(html, i) is { } name ? EndOfElement(html, tagEnd + 1, name, closersMissing) : -1) is var end and >= 0 ? end : tagEnd + 1;
            Append(text, ' ');
        }

        return text.ToString().Trim();
    }

    private static string? ElementWithHiddenText(string html, int open)
    {
        foreach (var name in (ReadOnlySpan<string>)["script", "style"])
        {
            var after = open + 1 + name.Length;
            if (after <= html.Length
                && html.AsSpan(open + 1, name.Length).Equals(name, StringComparison.OrdinalIgnoreCase)
                && (after == html.Length || !char.IsAsciiLetterOrDigit(html[after])))
            {
                return name;
            }
        }

        return null;
    }

    // The index after the element's closing tag, or -1 when it has none (then only its opening tag is dropped). Once a
    // closing tag was not found, it is not looked for again: a page of unclosed elements stays linear.
    private static int EndOfElement(string html, int from, string name, HashSet<string> closersMissing)
    {
        if (closersMissing.Contains(name))
        {
            return -1;
        }

        var closer = html.IndexOf("</" + name, from, StringComparison.OrdinalIgnoreCase);
        var end = closer < 0 ? -1 : html.IndexOf('>', closer);
        if (end < 0)
        {
            closersMissing.Add(name);
            return -1;
        }

        return end + 1;
    }

    private static void Append(StringBuilder text, char c)
    {
        if (!char.IsWhiteSpace(c))
        {
            text.Append(c);
        }
        else if (text.Length > 0 && text[^1] != ' ')
        {
            text.Append(' ');
        }
    }
}
