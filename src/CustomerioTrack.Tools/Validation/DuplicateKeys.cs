using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace CustomerioTrack.Tools.Validation;

/// <summary>
/// Finds object keys given more than once. JSON parsers disagree on which of the values counts (the schema checks see
/// one, the API may keep another), so such a body is refused before anything is sent.
/// </summary>
internal static class DuplicateKeys
{
    /// <summary>The rule of the problems reported here.</summary>
    public const string Rule = "duplicateKey";

    /// <summary>Adds one problem per key given more than once anywhere in <paramref name="value"/>.</summary>
    public static void Find(JsonElement value, string field, List<ToolProblem> problems)
    {
        // The first pass only answers yes or no, allocates nothing and builds no field names: a body without duplicates
        // is the rule. Only a body that has one is walked again to name every duplicate.
        if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array && HasDuplicate(value))
        {
            Report(value, field, problems);
        }
    }

    private static bool HasDuplicate(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array && HasDuplicate(item))
                {
                    return true;
                }
            }

            return false;
        }

        // Each name sets one of 64 bits chosen from its length and bytes. Distinct bits prove distinct names; a shared bit
        // (or an escaped name, whose bytes are not its value) sends the object to the exact comparison.
        var seen = 0UL;
        var exact = false;
        foreach (var property in value.EnumerateObject())
        {
            if (!exact)
            {
                var name = JsonMarshal.GetRawUtf8PropertyName(property);
                var bit = 1UL << Bucket(name);
                exact = (seen & bit) != 0 || name.Contains((byte)'\\');
                seen |= bit;
            }

            var child = property.Value;
            if (child.ValueKind is JsonValueKind.Object or JsonValueKind.Array && HasDuplicate(child))
            {
                return true;
            }
        }

        return exact && NamesRepeat(value);
    }

    private static int Bucket(ReadOnlySpan<byte> name) =>
        name.IsEmpty ? 0 : (name.Length * 7 + name[0] + (name[^1] * 3) + (name.Length > 2 ? name[name.Length / 2] * 5 : 0)) & 63;

    private static bool NamesRepeat(JsonElement obj)
    {
        var index = 0;
        foreach (var property in obj.EnumerateObject())
        {
            var earlier = 0;
            foreach (var other in obj.EnumerateObject())
            {
                if (earlier++ == index)
                {
                    break;
                }

                if (SameName(property, other))
                {
                    return true;
                }
            }

            index++;
        }

        return false;
    }

    private static bool SameName(JsonProperty a, JsonProperty b)
    {
        var rawA = JsonMarshal.GetRawUtf8PropertyName(a);
        var rawB = JsonMarshal.GetRawUtf8PropertyName(b);
        return rawA.SequenceEqual(rawB)
            || ((rawA.Contains((byte)'\\') || rawB.Contains((byte)'\\')) && string.Equals(a.Name, b.Name, StringComparison.Ordinal));
    }

    private static void Report(JsonElement value, string field, List<ToolProblem> problems)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                {
                    Report(item, Child(field, index.ToString(CultureInfo.InvariantCulture)), problems);
                }

                index++;
            }

            return;
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var property in value.EnumerateObject())
        {
            var name = property.Name;
            if (counts.TryGetValue(name, out var seen))
            {
                counts[name] = seen + 1;
            }
            else
            {
                counts[name] = 1;
                order.Add(name);
            }
        }

        foreach (var name in order.Where(n => counts[n] > 1))
        {
            problems.Add(new ToolProblem(Child(field, name), Rule,
                $"'{name}' is given {counts[name]} times in the same object; give each key once (which of the values would count is not defined)"));
        }

        foreach (var property in value.EnumerateObject())
        {
            if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            {
                Report(property.Value, Child(field, property.Name), problems);
            }
        }
    }

    private static string Child(string field, string token) => Limits.TrackLimits.Field(field, token);
}
