using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace CustomerioTrack.Tools;

/// <summary>
/// The name a URL template gives each query parameter. Kiota (and the generator, which writes the same templates)
/// percent-encodes names in templates (<c>id-type</c> is <c>{?id%2Dtype}</c>, <c>$top</c> is <c>{?%24top}</c>), and a
/// value is expanded only under the exact name its variable has: keyed by the parameter's own name it would be left out.
/// On the wire <c>ParametersNameDecodingHandler</c> turns the encoded names back into the parameters' own.
/// </summary>
internal static class QueryVariableNames
{
    private const int MaxCached = 256;
    private static readonly ConcurrentDictionary<string, FrozenDictionary<string, string>> Cache = new(StringComparer.Ordinal);

    /// <summary>The template's variable for the query parameter <paramref name="apiName"/>; the name itself when it has none.</summary>
    public static string For(string? template, string apiName)
    {
        if (template is null)
        {
            return apiName;
        }

        if (!Cache.TryGetValue(template, out var names))
        {
            names = Read(template);
            if (Cache.Count < MaxCached)
            {
                Cache.TryAdd(template, names);
            }
        }

        return names.TryGetValue(apiName, out var variable) ? variable : apiName;
    }

    // Every variable of the {?...} and {&...} expressions, by its decoded name (first one wins, as the generator writes each name once).
    private static FrozenDictionary<string, string> Read(string template)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var position = 0;
        while ((position = template.IndexOf('{', position)) >= 0)
        {
            var close = template.IndexOf('}', position + 1);
            if (close < 0)
            {
                break;
            }

            var expression = template.AsSpan(position + 1, close - position - 1);
            if (expression.Length > 1 && expression[0] is '?' or '&')
            {
                foreach (var range in expression[1..].Split(','))
                {
                    var variable = expression[1..][range].ToString();
                    variable = variable.EndsWith('*') ? variable[..^1] : variable;
                    var colon = variable.IndexOf(':');
                    variable = colon >= 0 ? variable[..colon] : variable;
                    names.TryAdd(Uri.UnescapeDataString(variable), variable);
                }
            }

            position = close + 1;
        }

        return names.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
