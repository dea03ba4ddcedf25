using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CustomerioTrack.Client;

/// <summary>
/// Finds credentials in text however a server or a serializer may have written them: as they are, percent-encoded
/// (any subset of bytes, either hex case), JSON-escaped (<c>\u00XX</c>, <c>\/</c>), or any mix of these; and the
/// base64 of the key alone and of <c>site:key</c>, in the same spellings.
/// </summary>
internal sealed class SecretRedactor
{
    internal const string Redacted = "[redacted]";

    // Real keys and site ids are long; a very short one would mangle unrelated text.
    private const int MinimumLength = 8;

    private readonly Regex _pattern;
    private readonly string[] _plainForms;

    public SecretRedactor(string siteId, string apiKey)
    {
        var token = Base64(siteId + ":" + apiKey);
        var forms = new List<string> { "Basic " + token, token, token.TrimEnd('=') };
        if (apiKey.Length >= MinimumLength)
        {
            var keyToken = Base64(apiKey);
            forms.AddRange([keyToken, keyToken.TrimEnd('='), apiKey]);
        }

        if (siteId.Length >= MinimumLength)
        {
            forms.Add(siteId);
        }

        // Longest first: alternatives are tried in order, so the header goes whole before its parts.
        _plainForms = forms.Distinct(StringComparer.Ordinal).OrderByDescending(f => f.Length).ToArray();
        var alternatives = _plainForms.Select(AnySpelling);
        _pattern = new Regex(string.Join("|", alternatives), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    public string Redact(string text)
    {
        // Every encoded spelling holds a '%' or a '\\': without either, only the plain forms can occur, and a vectorized
        // search rules them out far faster than the pattern (which runs on every string of every result).
        return text.AsSpan().IndexOfAny('%', '\\') < 0 && !HoldsPlainForm(text) ? text : _pattern.Replace(text, Redacted);
    }

    private bool HoldsPlainForm(string text)
    {
        foreach (var form in _plainForms)
        {
            if (text.Contains(form, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string AnySpelling(string secret)
    {
        var pattern = new StringBuilder();
        Span<byte> utf8 = stackalloc byte[4];
        Span<char> utf16 = stackalloc char[2];
        foreach (var rune in secret.EnumerateRunes())
        {
            pattern.Append("(?:").Append(Regex.Escape(rune.ToString()));
            pattern.Append('|');
            foreach (var b in utf8[..rune.EncodeToUtf8(utf8)])
            {
                pattern.Append('%').Append(Hex(b, 2));
            }

            pattern.Append('|');
            foreach (var c in utf16[..rune.EncodeToUtf16(utf16)])
            {
                pattern.Append(@"\\u").Append(Hex(c, 4));
            }

            if (rune.Value is '"' or '\\' or '/')
            {
                pattern.Append(@"|\\").Append(Regex.Escape(rune.ToString()));
            }

            pattern.Append(')');
        }

        return pattern.ToString();
    }

    // Hex digits of either case.
    private static string Hex(int value, int digits)
    {
        var hex = new StringBuilder();
        foreach (var digit in value.ToString("X" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture))
        {
            hex.Append(char.IsLetter(digit) ? $"[{digit}{char.ToLowerInvariant(digit)}]" : digit.ToString());
        }

        return hex.ToString();
    }
}
