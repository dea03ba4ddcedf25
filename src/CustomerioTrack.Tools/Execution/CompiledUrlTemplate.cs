using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace CustomerioTrack.Tools;

/// <summary>
/// A Kiota URL template of the forms the tools use (<c>{+baseurl}</c>, <c>{name}</c>, <c>{?name*}</c>, literal text),
/// parsed once and expanded as RFC 6570 says, to the same text Kiota's general expander produces from the template on
/// every call. Anything else (other operators, prefix modifiers, values other than strings, integers and booleans)
/// is left to Kiota. <c>UrlTemplateEquivalenceTests</c> compares the two on every template of the tools and the client.
/// </summary>
internal sealed class CompiledUrlTemplate
{
    // The tools' templates are a fixed set; the bound only keeps a stream of foreign templates from growing the cache.
    private const int MaxCached = 256;
    private const string BaseUrlName = "baseurl";
    private static readonly SearchValues<char> Unreserved = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~");
    private static readonly SearchValues<char> Reserved = SearchValues.Create(":/?#[]@!$&'()*+,;=");
    private static readonly ConcurrentDictionary<string, CompiledUrlTemplate?> Cache = new(StringComparer.Ordinal);
    private readonly Part[] _parts;

    private CompiledUrlTemplate(Part[] parts) => _parts = parts;

    private enum Kind
    {
        Literal,
        Simple,
        Reserved,
        FormQuery,
    }

    private readonly record struct Part(Kind Kind, string Text, string[] Names);

    /// <summary>The compiled template, or null when Kiota must expand it.</summary>
    public static CompiledUrlTemplate? For(string? template)
    {
        if (template is null)
        {
            return null;
        }

        if (Cache.TryGetValue(template, out var compiled))
        {
            return compiled;
        }

        compiled = Compile(template);
        if (Cache.Count < MaxCached)
        {
            Cache.TryAdd(template, compiled);
        }

        return compiled;
    }

    /// <summary>
    /// The URI for these parameters (<c>baseurl</c> is <paramref name="baseUrl"/>), or null when a value is of a kind
    /// only Kiota converts or holds a lone surrogate, or a name is given both as a path and as a query parameter.
    /// </summary>
    public Uri? Expand(string baseUrl, IDictionary<string, object> pathParameters, IDictionary<string, object> queryParameters)
    {
        var text = new StringBuilder(baseUrl.Length + 64);
        foreach (var part in _parts)
        {
            if (part.Kind == Kind.Literal)
            {
                text.Append(part.Text);
                continue;
            }

            var first = true;
            foreach (var name in part.Names)
            {
                if (!TryValue(name, baseUrl, pathParameters, queryParameters, out var value, out var defined))
                {
                    return null;
                }

                if (!defined)
                {
                    continue;
                }

                if (part.Kind == Kind.FormQuery)
                {
                    text.Append(first ? '?' : '&').Append(name).Append('=');
                }
                else if (!first)
                {
                    text.Append(',');
                }

                if (!Encode(text, value!, allowReserved: part.Kind == Kind.Reserved))
                {
                    return null;
                }

                first = false;
            }
        }

        return new Uri(text.ToString());
    }

    // As Kiota builds its substitutions: every path parameter, then every query parameter with a value; a name is
    // looked up exactly (the substitutions are an ordinal dictionary); a name given twice makes Kiota throw.
    private static bool TryValue(string name, string baseUrl, IDictionary<string, object> path, IDictionary<string, object> query, out string? value, out bool defined)
    {
        value = null;
        defined = false;
        var found = 0;
        object? raw = null;
        if (name == BaseUrlName)
        {
            raw = baseUrl;
            found++;
        }

        foreach (var (key, candidate) in path)
        {
            if (key == BaseUrlName)
            {
                continue;
            }

            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                raw = candidate;
                found++;
            }
        }

        foreach (var (key, candidate) in query)
        {
            if (candidate is not null && string.Equals(key, name, StringComparison.Ordinal))
            {
                raw = candidate;
                found++;
            }
        }

        if (found > 1)
        {
            return false;
        }

        switch (raw)
        {
            case null:
                return true;
            case string text:
                value = text;
                break;
            case int number:
                value = number.ToString(CultureInfo.InvariantCulture);
                break;
            case long number:
                value = number.ToString(CultureInfo.InvariantCulture);
                break;
            case bool flag:
                value = flag ? "true" : "false";
                break;
            default:
                return false;
        }

        defined = true;
        return true;
    }

    // False on a lone surrogate, which Kiota's expander refuses with its own exception.
    private static bool Encode(StringBuilder text, string value, bool allowReserved)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < 0x80)
            {
                if (Unreserved.Contains(c)
                    || (allowReserved && (Reserved.Contains(c) || IsPercentTriplet(value, i))))
                {
                    text.Append(c);
                }
                else
                {
                    AppendEscaped(text, (byte)c);
                }

                continue;
            }

            if (Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var consumed) != OperationStatus.Done)
            {
                return false;
            }

            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                AppendEscaped(text, b);
            }

            i += consumed - 1;
        }

        return true;
    }

    private static bool IsPercentTriplet(string value, int index) =>
        value[index] == '%' && index + 2 < value.Length && char.IsAsciiHexDigit(value[index + 1]) && char.IsAsciiHexDigit(value[index + 2]);

    private static void AppendEscaped(StringBuilder text, byte b) =>
        text.Append('%').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 0xF]);

    private static CompiledUrlTemplate? Compile(string template)
    {
        var parts = new List<Part>();
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf('{', position);
            var literalEnd = open < 0 ? template.Length : open;
            if (literalEnd > position)
            {
                var literal = template[position..literalEnd];
                if (!IsPlainLiteral(literal))
                {
                    return null;
                }

                parts.Add(new Part(Kind.Literal, literal, []));
            }

            if (open < 0)
            {
                break;
            }

            var close = template.IndexOf('}', open + 1);
            if (close < 0)
            {
                return null;
            }

            var expression = template[(open + 1)..close];
            var kind = expression.Length > 0 ? expression[0] switch
            {
                '+' => Kind.Reserved,
                '?' => Kind.FormQuery,
                _ => Kind.Simple,
            } : Kind.Simple;
            var names = (kind == Kind.Simple ? expression : expression[1..]).Split(',');
            for (var i = 0; i < names.Length; i++)
            {
                // An explode modifier changes nothing for a single string value; lists and maps go to Kiota anyway.
                var name = names[i].EndsWith('*') ? names[i][..^1] : names[i];
                if (!IsVariableName(name))
                {
                    return null;
                }

                names[i] = name;
            }

            parts.Add(new Part(kind, string.Empty, names));
            position = close + 1;
        }

        return new CompiledUrlTemplate([.. parts]);
    }

    private static bool IsPlainLiteral(string literal)
    {
        foreach (var c in literal)
        {
            if (c == '}' || !(Unreserved.Contains(c) || Reserved.Contains(c)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsVariableName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
