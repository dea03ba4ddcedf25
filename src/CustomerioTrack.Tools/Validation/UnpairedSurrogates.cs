using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace CustomerioTrack.Tools.Validation;

/// <summary>
/// Finds <c>\uD800</c>–<c>\uDFFF</c> escapes that are not half of a pair. JSON's grammar admits them, but they are not
/// Unicode: reading such a string throws, and encoding it for a URL would send U+FFFD, naming another resource. Raw UTF-8
/// cannot hold them (the parser rejects it), so the escapes in the raw text are all there is to check.
/// </summary>
internal static class UnpairedSurrogates
{
    /// <summary>The rule of the problems reported here.</summary>
    public const string Rule = "unicode";

    /// <summary>Adds a problem naming the first string or key of <paramref name="value"/> that holds an unpaired surrogate.</summary>
    /// <param name="value">An argument, or the arguments object.</param>
    /// <param name="field">The field <paramref name="value"/> is; empty for the arguments object itself.</param>
    /// <param name="problems">Where the problem goes.</param>
    /// <returns>True when a problem was added.</returns>
    public static bool Find(JsonElement value, string field, List<ToolProblem> problems)
    {
        // One scan of the raw text answers for the whole value; only a value that fails it is walked to name the field.
        if (value.ValueKind == JsonValueKind.Undefined || FirstUnpaired(JsonMarshal.GetRawUtf8Value(value)) is null)
        {
            return false;
        }

        Report(value, field, problems);
        return true;
    }

    private static bool Report(JsonElement value, string field, List<ToolProblem> problems)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    var rawName = JsonMarshal.GetRawUtf8PropertyName(property);
                    var name = Encoding.UTF8.GetString(rawName);
                    var child = field.Length == 0 ? name : field + "/" + name;
                    if (FirstUnpaired(rawName) is { } inName)
                    {
                        problems.Add(Problem(child, "the key " + child, inName));
                        return true;
                    }

                    if (Report(property.Value, child, problems))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (Report(item, field + "/" + index.ToString(CultureInfo.InvariantCulture), problems))
                    {
                        return true;
                    }

                    index++;
                }

                return false;
            case JsonValueKind.String when FirstUnpaired(JsonMarshal.GetRawUtf8Value(value)) is { } inValue:
                problems.Add(Problem(field, $"'{field}'", inValue));
                return true;
            default:
                return false;
        }
    }

    private static ToolProblem Problem(string field, string what, int surrogate) =>
        new(field, Rule, string.Create(CultureInfo.InvariantCulture,
            $"{what} contains \\u{surrogate:X4}, half of a UTF-16 surrogate pair without its other half; it is not a Unicode character and cannot be sent. Send the real characters (one outside the Basic Multilingual Plane is a pair, such as \\uD83D\\uDE00)"));

    // Escape-aware: "\\u" is an escaped backslash followed by 'u', not an escape. Outside strings JSON has no backslash.
    // Jumps from backslash to backslash with a vectorised search: a 500 KB body with a few escapes is not walked byte by byte.
    private static int? FirstUnpaired(ReadOnlySpan<byte> raw)
    {
        var i = 0;
        while (true)
        {
            var next = raw[i..].IndexOf((byte)'\\');
            if (next < 0)
            {
                return null;
            }

            i += next;
            if (i + 1 >= raw.Length)
            {
                return null;
            }

            if (raw[i + 1] != 'u' || !TryHex(raw, i + 2, out var unit))
            {
                i += 2;
                continue;
            }

            i += 6;
            if (char.IsHighSurrogate((char)unit))
            {
                if (i + 1 < raw.Length && raw[i] == '\\' && raw[i + 1] == 'u' && TryHex(raw, i + 2, out var low) && char.IsLowSurrogate((char)low))
                {
                    i += 6;
                    continue;
                }

                return unit;
            }

            if (char.IsLowSurrogate((char)unit))
            {
                return unit;
            }
        }
    }

    private static bool TryHex(ReadOnlySpan<byte> raw, int at, out int value)
    {
        value = 0;
        if (at + 4 > raw.Length)
        {
            return false;
        }

        for (var k = at; k < at + 4; k++)
        {
            var digit = HexDigit(raw[k]);
            if (digit < 0)
            {
                return false;
            }

            value = (value * 16) + digit;
        }

        return true;
    }

    private static int HexDigit(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
