using System.Text.Encodings.Web;
using System.Text.Json;

namespace CustomerioTrack.Tools.Validation;

/// <summary>
/// Explains a body that no alternative of a discriminated <c>oneOf</c>/<c>anyOf</c> admits (the v2 operations: by
/// <c>type</c>, then <c>action</c>). Picking one alternative's complaint would list only that alternative's values
/// ("must be one of \"identify\""); this names the first discriminator that rules out every alternative still standing,
/// with the values those alternatives allow.
/// </summary>
internal static class DiscriminatorExplainer
{
    /// <summary>A problem at one discriminator (with the value given, when there is one), or null when the composite is not discriminated or its discriminators match.</summary>
    /// <param name="schema">The whole schema document (for <c>$ref</c>s).</param>
    /// <param name="alternatives">The composite's array of alternatives.</param>
    /// <param name="instance">The value the composite was applied to.</param>
    /// <param name="location">That value's JSON Pointer in the body.</param>
    public static (string Location, string Rule, string Message, string? Given)? Explain(JsonElement schema, JsonElement alternatives, JsonElement? instance, string location)
    {
        if (instance is not { ValueKind: JsonValueKind.Object } body || Discriminators(schema, alternatives) is not { } table)
        {
            return null;
        }

        var (names, values) = table;
        var standing = Enumerable.Range(0, values.Count).ToList();
        var chosen = new List<string>();
        foreach (var name in names)
        {
            var allowed = standing.SelectMany(b => values[b][name]).Distinct().ToList();
            var listed = string.Join(", ", allowed.Select(Quote));
            var context = chosen.Count == 0 ? "" : " when " + string.Join(" and ", chosen);
            var at = Limits.TrackLimits.Field(location, name);
            if (!body.TryGetProperty(name, out var value))
            {
                return (at, "required", $"missing required property '{name}'; it must be one of {listed}{context}", null);
            }

            var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            if (text is null || !allowed.Contains(text, StringComparer.Ordinal))
            {
                return (at, "enum", $"must be one of {listed}{context}, not {value.GetRawText()}", value.GetRawText());
            }

            standing.RemoveAll(b => !values[b][name].Contains(text, StringComparer.Ordinal));
            chosen.Add($"{name} is {Quote(text)}");
        }

        return null;
    }

    /// <summary>
    /// The indices of the alternatives whose discriminators all match the value, or null when the composite is not
    /// discriminated or the value is not an object.
    /// </summary>
    public static IReadOnlyList<int>? Admitting(JsonElement schema, JsonElement alternatives, JsonElement? instance)
    {
        if (instance is not { ValueKind: JsonValueKind.Object } body || Discriminators(schema, alternatives) is not { } table)
        {
            return null;
        }

        var (names, values) = table;
        return Enumerable.Range(0, values.Count)
            .Where(b => names.All(name => body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                && values[b][name].Contains(value.GetString(), StringComparer.Ordinal)))
            .ToList();
    }

    // The property names every alternative constrains to fixed strings (enum or const), in the first alternative's
    // order, and per alternative the strings it allows for each; null when there is none or an alternative is not an object schema.
    private static (List<string> Names, List<Dictionary<string, string[]>> Values)? Discriminators(JsonElement schema, JsonElement alternatives)
    {
        if (alternatives.ValueKind != JsonValueKind.Array || alternatives.GetArrayLength() < 2)
        {
            return null;
        }

        var values = new List<Dictionary<string, string[]>>();
        foreach (var alternative in alternatives.EnumerateArray())
        {
            if (Follow(schema, alternative) is not { } node || !node.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var fixedValues = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var property in properties.EnumerateObject())
            {
                if (Strings(Follow(schema, property.Value)) is { } allowed)
                {
                    fixedValues[property.Name] = allowed;
                }
            }

            values.Add(fixedValues);
        }

        var names = values[0].Keys.Where(name => values.All(v => v.ContainsKey(name))).ToList();
        return names.Count == 0 ? null : (names, values);
    }

    private static string[]? Strings(JsonElement? node)
    {
        if (node is not { ValueKind: JsonValueKind.Object } schema)
        {
            return null;
        }

        if (schema.TryGetProperty("const", out var constant))
        {
            return constant.ValueKind == JsonValueKind.String ? [constant.GetString()!] : null;
        }

        return schema.TryGetProperty("enum", out var allowed) && allowed.ValueKind == JsonValueKind.Array
            && allowed.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String)
            ? allowed.EnumerateArray().Select(v => v.GetString()!).ToArray()
            : null;
    }

    // Follows a chain of in-document $refs to the schema that holds the checks.
    private static JsonElement? Follow(JsonElement schema, JsonElement node)
    {
        for (var hops = 0; hops < 32; hops++)
        {
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty("$ref", out var reference) || reference.GetString() is not { } target || !target.StartsWith('#'))
            {
                return node;
            }

            if (SchemaProblemExplainer.Resolve(schema, Uri.UnescapeDataString(target[1..])) is not { } next)
            {
                return null;
            }

            node = next;
        }

        return null;
    }

    private static string Quote(string text) => "\"" + JsonEncodedText.Encode(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";
}
