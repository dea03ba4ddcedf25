using System;
using System.Collections.Generic;
using System.Linq;
using CustomerioTrack.Generator.Json;

namespace CustomerioTrack.Generator.OpenApi;

/// <summary>
/// The value types JSON Schema 2020-12 gives its keywords. The runtime builds each tool's validator (JsonSchema.Net)
/// before the tool's first call and throws on a value of another type, which Kiota lets through.
/// </summary>
internal static class SchemaKeywordRules
{
    private static readonly HashSet<string> NonNegativeIntegers = new(StringComparer.Ordinal)
    {
        "maxLength", "minLength", "maxItems", "minItems", "maxProperties", "minProperties", "maxContains", "minContains",
    };

    private static readonly HashSet<string> Numbers = new(StringComparer.Ordinal) { "minimum", "maximum", "multipleOf" };

    private static readonly HashSet<string> Booleans = new(StringComparer.Ordinal) { "uniqueItems", "readOnly", "writeOnly", "deprecated" };

    private static readonly HashSet<string> Strings = new(StringComparer.Ordinal) { "pattern", "format", "title", "description", "$comment" };

    private static readonly string[] TypeNames = { "null", "boolean", "object", "array", "number", "string", "integer" };

    /// <summary>What is wrong with <paramref name="value"/> as the value of <paramref name="keyword"/>, or null.</summary>
    public static string? Problem(string keyword, JsonValue value)
    {
        if (NonNegativeIntegers.Contains(keyword))
        {
            return IsNonNegativeInteger(value) ? null : Expected("a non-negative integer", Describe(value));
        }

        if (Numbers.Contains(keyword))
        {
            return value.Kind == JsonKind.Number ? null : Expected("a number", Describe(value));
        }

        if (keyword is "exclusiveMinimum" or "exclusiveMaximum")
        {
            // A boolean is OpenAPI 3.0's form, which the converter rewrites.
            return value.Kind == JsonKind.Number || value.IsBoolean ? null : Expected("a number", Describe(value));
        }

        if (Booleans.Contains(keyword))
        {
            return value.IsBoolean ? null : Expected("true or false", Describe(value));
        }

        if (Strings.Contains(keyword))
        {
            return value.IsString ? null : Expected("a string", Describe(value));
        }

        if (keyword == "type")
        {
            var valid = value.IsString ? IsTypeName(value) : value.IsArray && value.Items.All(IsTypeName);
            return valid ? null : Expected("one of " + string.Join(", ", TypeNames) + " (or an array of them)", value.IsString || value.IsArray ? value.ToJson() : Describe(value));
        }

        if (keyword == "enum")
        {
            return value.IsArray ? null : Expected("an array", Describe(value));
        }

        if (keyword == "required")
        {
            return !value.IsArray ? Expected("an array of strings", Describe(value))
                : value.Items.FirstOrDefault(i => !i.IsString) is { } item ? Expected("an array of strings", "an array holding " + Describe(item))
                : null;
        }

        if (JsonSchemaRules.SchemaKeywords.Contains(keyword))
        {
            return IsSchema(value) ? null : Expected("a schema (an object or a boolean)", Describe(value));
        }

        if (JsonSchemaRules.SchemaArrayKeywords.Contains(keyword))
        {
            return !value.IsArray ? Expected("an array of schemas (objects or booleans)", Describe(value))
                : value.Items.FirstOrDefault(i => !IsSchema(i)) is { } item ? Expected("an array of schemas (objects or booleans)", "an array holding " + Describe(item))
                : null;
        }

        if (JsonSchemaRules.SchemaMapKeywords.Contains(keyword))
        {
            return !value.IsObject ? Expected("an object of schemas (objects or booleans)", Describe(value))
                : value.Properties.FirstOrDefault(p => !IsSchema(p.Value)) is { } entry ? Expected("an object of schemas (objects or booleans)", "an object holding " + Describe(entry.Value))
                : null;
        }

        return null;

        string Expected(string expected, string actual) => "'" + keyword + "' must be " + expected + ", not " + actual;
    }

    private static bool IsNonNegativeInteger(JsonValue value) =>
        value.Kind == JsonKind.Number && value.Text!.IndexOfAny(new[] { '.', 'e', 'E', '-' }) < 0;

    private static bool IsTypeName(JsonValue value) => value.AsString() is { } name && Array.IndexOf(TypeNames, name) >= 0;

    private static bool IsSchema(JsonValue value) => value.IsObject || value.IsBoolean;

    private static string Describe(JsonValue value) => value.Kind switch
    {
        JsonKind.Object => "an object",
        JsonKind.Array => "an array",
        JsonKind.String => "a string",
        JsonKind.Number => value.Text!,
        JsonKind.True or JsonKind.False => "a boolean",
        _ => "null",
    };
}
