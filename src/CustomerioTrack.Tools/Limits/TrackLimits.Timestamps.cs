using System.Globalization;
using System.Text.Json;

namespace CustomerioTrack.Tools.Limits;

// Timestamps: integer unix seconds, with the conversion to send when a value is in another unit or format.
public static partial class TrackLimits
{
    private static void CheckTimestamp(List<ToolProblem> problems, TimeProvider clock, string field, JsonElement parent, string name) =>
        CheckTimestamp(problems, clock, field, Property(parent, name), name);

    private static void CheckTimestamp(List<ToolProblem> problems, TimeProvider clock, string field, JsonElement? member, string name)
    {
        if (member is { } value && Timestamp(value, clock) is { } problem)
        {
            problems.Add(new ToolProblem(Field(field, name), problem.Rule, problem.Message));
        }
    }

    private const string SecondsRule = "Track timestamps are integer unix seconds";

    /// <summary>
    /// What is wrong with a timestamp value, or null when it is unix seconds (or not something we can advise on). A word
    /// such as "now" is answered with the current time from <paramref name="clock"/>: a model rarely knows it.
    /// </summary>
    internal static (string Rule, string Message)? Timestamp(JsonElement value, TimeProvider clock)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                var raw = value.GetRawText();
                if (value.TryGetInt64(out var whole))
                {
                    return whole > MaxUnixSeconds ? ("timestampUnit", Unit(raw, whole)) : null;
                }

                if (value.TryGetDecimal(out var number))
                {
                    var truncated = decimal.Truncate(number);
                    if (truncated > MaxUnixSeconds && truncated <= long.MaxValue)
                    {
                        return ("timestampUnit", Unit(raw, (long)truncated));
                    }

                    if (truncated == number && truncated >= 0 && truncated <= MaxUnixSeconds)
                    {
                        // 1700000000.0 or 1.7e9: a whole number of seconds, written so an integer parser refuses it.
                        return ("timestampFormat", Invariant($"{raw} is written with a decimal point or an exponent; {SecondsRule} written as plain digits: send {truncated}"));
                    }

                    if (truncated == number)
                    {
                        return ("timestampUnit", Invariant($"{raw} is not a unix timestamp; {SecondsRule} (at most {MaxUnixSeconds})"));
                    }

                    return ("timestampFormat", Invariant($"{raw} is not a whole number of seconds; {SecondsRule}: send {truncated}"));
                }

                return ("timestampUnit", Invariant($"{raw} is not a unix timestamp; {SecondsRule} (at most {MaxUnixSeconds})"));
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var quoted))
                {
                    var seconds = ToSeconds(quoted, out var unit);
                    var unitNote = unit is null ? string.Empty : " (it looks like " + unit + ")";
                    return ("timestampFormat", Invariant($"\"{text}\" is a string{unitNote}; {SecondsRule} sent as a JSON number: send {seconds} without quotes"));
                }

                var parsed = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var date);
                var missing = parsed ? DatePartsGiven.Missing(text, date) : null;
                if (parsed && missing is null)
                {
                    return ("timestampFormat", Invariant($"\"{Shorten(text)}\" is a date string; {SecondsRule}: send {date.ToUnixTimeSeconds()} (that date as unix seconds)"));
                }

                var now = clock.GetUtcNow();
                if (missing is not null)
                {
                    // Not converted: the parser would have filled the missing part in (from the system clock, for a year).
                    return ("timestampFormat", Invariant($"\"{Shorten(text)}\" is not a full date (it has no {missing}); {SecondsRule} of a full date and time, e.g. {now.ToUnixTimeSeconds()} for the current time ({now.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ})"));
                }

                if (text.Trim().Equals("now", StringComparison.OrdinalIgnoreCase))
                {
                    return ("timestampFormat", Invariant($"\"{Shorten(text)}\" is not a timestamp; {SecondsRule}: send {now.ToUnixTimeSeconds()} (the current time as unix seconds)"));
                }

                return ("timestampFormat", Invariant($"\"{Shorten(text)}\" is not a timestamp; {SecondsRule}, e.g. {now.ToUnixTimeSeconds()} for the current time ({now.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ})"));
            default:
                return null;
        }
    }

    private static string Unit(string raw, long value)
    {
        var seconds = ToSeconds(value, out var unit);
        return Invariant($"{raw} looks like {unit}; {SecondsRule}: send {seconds}");
    }

    private static long ToSeconds(long value, out string? unit)
    {
        (unit, var divisor) = value switch
        {
            <= MaxUnixSeconds => ((string?)null, 1L),
            <= 99_999_999_999_999 => ("milliseconds", 1_000L),
            <= 99_999_999_999_999_999 => ("microseconds", 1_000_000L),
            _ => ("nanoseconds", 1_000_000_000L),
        };
        return value / divisor;
    }
}
