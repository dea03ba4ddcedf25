using System.Globalization;
using System.Text.Json;

namespace CustomerioTrack.Tools.Validation;

/// <summary>
/// Messages for value constraints (<c>pattern</c>, lengths, bounds, item counts, <c>format</c>) that say what was sent and
/// what to send instead, in place of JsonSchema.Net's generic wording. Null when the schema or value is not at hand.
/// </summary>
internal static class ConstraintMessages
{
    // The patterns our description uses, in words a model can act on; any other pattern is quoted as it is.
    private static readonly Dictionary<string, string> KnownPatterns = new(StringComparer.Ordinal)
    {
        [@"^[1-9][0-9]*$"] = "a positive whole number written as a string, e.g. \"1\"",
        [@"^\+[1-9][0-9]{1,14}$"] = "an E.164 phone number: + then the country code and number, digits only, e.g. \"+14155550100\"",
        // No example value: a model may copy it into several events, and Customer.io drops each event whose id it has seen.
        [@"^[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}$"] = "a 26-character ULID (Crockford base32) unique to this event (Customer.io drops any event whose id it has already seen), or left out: the tools assign one",
        [@"^(?!cio_)"] = "the id without its \"cio_\" prefix",
    };

    public static string? For(string rule, JsonElement? subschema, JsonElement? instance)
    {
        if (subschema is not { ValueKind: JsonValueKind.Object } schema || instance is not { } value)
        {
            return null;
        }

        return rule switch
        {
            "pattern" when value.ValueKind == JsonValueKind.String && Text(schema, "pattern") is { } pattern =>
                KnownPatterns.TryGetValue(pattern, out var words)
                    ? $"must be {words}, not {value.GetRawText()}"
                    : $"must match the pattern {pattern}, not {value.GetRawText()}",
            "minLength" when value.ValueKind == JsonValueKind.String && Number(schema, "minLength") is { } min =>
                min == 1 ? "must not be empty" : Invariant($"must be at least {min} characters long, not {Length(value)}"),
            "maxLength" when value.ValueKind == JsonValueKind.String && Number(schema, "maxLength") is { } max =>
                Invariant($"must be at most {max} characters long, not {Length(value)}"),
            "minimum" when value.ValueKind == JsonValueKind.Number && Raw(schema, "minimum") is { } low =>
                $"must be at least {low}, not {value.GetRawText()}",
            "maximum" when value.ValueKind == JsonValueKind.Number && Raw(schema, "maximum") is { } high =>
                $"must be at most {high}, not {value.GetRawText()}",
            "minItems" when value.ValueKind == JsonValueKind.Array && Number(schema, "minItems") is { } fewest =>
                fewest == 1 ? "must not be empty: give at least one item" : Invariant($"must have at least {fewest} items, not {value.GetArrayLength()}"),
            "maxItems" when value.ValueKind == JsonValueKind.Array && Number(schema, "maxItems") is { } most =>
                Invariant($"must have at most {most} items, not {value.GetArrayLength()}"),
            "format" when value.ValueKind == JsonValueKind.String && Text(schema, "format") == "email" =>
                $"must be an email address (name@domain), not {value.GetRawText()}",
            _ => null,
        };
    }

    private static string? Text(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Number(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var value) && value.TryGetInt64(out var number) ? number : null;

    private static string? Raw(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetRawText() : null;

    // Text elements, as the length keywords count them.
    private static int Length(JsonElement text) => new StringInfo(text.GetString()!).LengthInTextElements;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
