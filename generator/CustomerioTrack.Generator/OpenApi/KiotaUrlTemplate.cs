using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace CustomerioTrack.Generator.OpenApi;

/// <summary>
/// Builds the same RFC 6570 URL template Kiota puts in a request builder (Kiota.Builder <c>OpenApiUrlTreeNodeExtensions.GetUrlTemplate</c>):
/// <c>{+baseurl}</c> + the path with sanitized variable names + <c>{?a*,b}</c> over the query parameters of the path item and all its
/// operations (distinct by name, first occurrence wins, <c>*</c> when exploded, ordered by name as Kiota orders them).
/// </summary>
internal static class KiotaUrlTemplate
{
    private static readonly Regex PathVariable = new("{(?<name>[^}]+)}", RegexOptions.CultureInvariant);

    public static string Create(string path, IEnumerable<(string Name, bool Explode)> queryParameters)
    {
        var template = "{+baseurl}" + SanitizePath(path.Replace('\\', '/'));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // Kiota writes the query variables ordered by name (ordinal, on the names as the description spells them).
        var query = queryParameters
            .Where(p => seen.Add(p.Name))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => SanitizeParameterName(p.Name) + (p.Explode ? "*" : string.Empty))
            .ToList();
        if (query.Count > 0)
        {
            template += "{?" + string.Join(",", query) + "}";
        }

        return template;
    }

    /// <summary>The variable names of a path template, in order.</summary>
    public static IEnumerable<string> PathVariables(string path) =>
        PathVariable.Matches(path).Cast<Match>().Select(m => m.Groups["name"].Value).Distinct(StringComparer.Ordinal);

    /// <summary>Kiota's <c>SanitizeParameterNameForUrlTemplate</c>: percent-encode, including <c>-</c>, <c>.</c> and <c>~</c>.</summary>
    public static string SanitizeParameterName(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return name;
        }

        return Uri.EscapeDataString(name.TrimStart('{').TrimEnd('}'))
            .Replace("-", "%2D")
            .Replace(".", "%2E")
            .Replace("~", "%7E");
    }

    private static string SanitizePath(string path)
    {
        if (path.IndexOf('{') < 0)
        {
            return path;
        }

        foreach (var name in PathVariable.Matches(path).Cast<Match>().Select(m => m.Groups["name"].Value).ToList())
        {
            path = path.Replace(name, SanitizeParameterName(name));
        }

        return path;
    }
}
