using System.Globalization;
using System.Text.RegularExpressions;

namespace CustomerioTrack.Tools.Limits;

/// <summary>
/// Whether a date string that parsed gives the whole date. The parser fills a missing date or year from the system
/// clock ("12:00" is today's noon, "Nov 14" this year's) and a missing day with the 1st: converting such a string
/// would send a date the caller never gave.
/// </summary>
internal static partial class DatePartsGiven
{
    private static readonly HashSet<string> MonthNames = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames
        .Concat(CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedMonthNames)
        .Where(name => name.Length > 0)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The part of the date a string leaves out ("date", "four-digit year", "day"), or null when it gives all of it.</summary>
    /// <param name="text">The date string as given.</param>
    /// <param name="parsed">What the parser made of <paramref name="text"/>.</param>
    public static string? Missing(string text, DateTimeOffset parsed)
    {
        // What is left without the time of day holds the date's numbers: the year and the day, and the month unless named.
        var date = TimeOfDay().Replace(text, " ");
        var numbers = Number().Matches(date).Select(m => m.Value).ToList();
        var monthNamed = Word().Matches(date).Any(m => MonthNames.Contains(m.Value));
        if (numbers.Count == 0 && !monthNamed)
        {
            return "date";
        }

        // A two-digit year is left out too: its century is the parser's guess.
        if (!numbers.Remove(parsed.Year.ToString("0000", CultureInfo.InvariantCulture)))
        {
            return "four-digit year";
        }

        return numbers.Count < (monthNamed ? 1 : 2) ? "day" : null;
    }

    // 22:13, 22:13:20.123, 10:00 PM, 10 PM, each with an optional zone (Z, +01:00, +0100).
    [GeneratedRegex(@"[0-9]{1,2}(?:(?::[0-9]{2}){1,2}(?:[.,][0-9]+)?(?:\s*[AaPp]\.?[Mm]\.?)?|\s*[AaPp]\.?[Mm]\.?)(?:\s*(?:Z|[+-][0-9]{1,2}(?::?[0-9]{2})?))?", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TimeOfDay();

    [GeneratedRegex("[0-9]+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Number();

    [GeneratedRegex(@"\p{L}+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Word();
}
