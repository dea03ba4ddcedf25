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
    // Properties of the objects on the current path; reused per thread so that the common case allocates nothing.
    [ThreadStatic]
    private static JsonProperty[]? t_scratch;

    /// <summary>Adds one problem per key given more than once anywhere in <paramref name="value"/>.</summary>
    public static void Find(JsonElement value, string field, List<ToolProblem> problems)
    {
        if (value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
        {
            return;
        }

        var scratch = t_scratch ?? new JsonProperty[64];
        t_scratch = null;
        try
        {
            // The first pass only answers yes or no and builds no field names: a body without duplicates is the rule.
            if (Walk(value, null, ref scratch, 0, problems))
            {
                Walk(value, field, ref scratch, 0, problems);
            }
        }
        finally
        {
            t_scratch = scratch;
        }
    }

    // With field == null: stops at the first duplicate and returns true. Otherwise reports every duplicate under field.
    private static bool Walk(JsonElement value, string? field, ref JsonProperty[] scratch, int start, List<ToolProblem> problems)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                    && Walk(item, field is null ? null : Child(field, index.ToString(CultureInfo.InvariantCulture)), ref scratch, start, problems)
                    && field is null)
                {
                    return true;
                }

                index++;
            }

            return false;
        }

        var count = 0;
        var escaped = false;
        foreach (var property in value.EnumerateObject())
        {
            if (start + count == scratch.Length)
            {
                Array.Resize(ref scratch, scratch.Length * 2);
            }

            scratch[start + count++] = property;
            escaped |= JsonMarshal.GetRawUtf8PropertyName(property).IndexOf((byte)'\\') >= 0;
        }

        try
        {
            var found = count > 1 && (field is null ? HasDuplicate(scratch.AsSpan(start, count), escaped) : Report(scratch.AsSpan(start, count), field, problems));
            if (found && field is null)
            {
                return true;
            }

            for (var i = 0; i < count; i++)
            {
                var child = scratch[start + i];
                if (child.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                    && Walk(child.Value, field is null ? null : Child(field, child.Name), ref scratch, start + count, problems)
                    && field is null)
                {
                    return true;
                }
            }

            return found;
        }
        finally
        {
            // The scratch array outlives the call: it must not keep the caller's document reachable.
            scratch.AsSpan(start, count).Clear();
        }
    }

    private static bool HasDuplicate(ReadOnlySpan<JsonProperty> properties, bool escaped)
    {
        if (escaped)
        {
            // Rare: "a" and "\u0061" are the same key. Compare decoded names.
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in properties)
            {
                if (!names.Add(property.Name))
                {
                    return true;
                }
            }

            return false;
        }

        for (var i = 1; i < properties.Length; i++)
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(properties[i]);
            for (var j = 0; j < i; j++)
            {
                if (name.SequenceEqual(JsonMarshal.GetRawUtf8PropertyName(properties[j])))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool Report(ReadOnlySpan<JsonProperty> properties, string field, List<ToolProblem> problems)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var property in properties)
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

        var any = false;
        foreach (var name in order.Where(n => counts[n] > 1))
        {
            any = true;
            problems.Add(new ToolProblem(Child(field, name), "duplicateKey",
                $"'{name}' is given {counts[name]} times in the same object; give each key once (which of the values would count is not defined)"));
        }

        return any;
    }

    private static string Child(string field, string token) => Limits.TrackLimits.Field(field, token);
}
