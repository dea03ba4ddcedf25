using System;
using System.Collections.Generic;

namespace CustomerioTrack.Generator.OpenApi;

/// <summary>Which OpenAPI schema keywords survive the conversion to JSON Schema 2020-12.</summary>
internal static class JsonSchemaRules
{
    /// <summary>The formats defined by JSON Schema 2020-12 (others, e.g. <c>ulid</c> or <c>int64</c>, are dropped).</summary>
    public static readonly HashSet<string> StandardFormats = new(StringComparer.Ordinal)
    {
        "date-time", "date", "time", "duration", "email", "idn-email", "hostname", "idn-hostname", "ipv4", "ipv6",
        "uri", "uri-reference", "iri", "iri-reference", "uuid", "uri-template", "json-pointer", "relative-json-pointer",
        "regex",
    };

    /// <summary>Keywords whose value is a map of name to schema.</summary>
    public static readonly HashSet<string> SchemaMapKeywords = new(StringComparer.Ordinal)
    {
        "properties", "patternProperties", "$defs", "definitions", "dependentSchemas",
    };

    /// <summary>Keywords whose value is one schema.</summary>
    public static readonly HashSet<string> SchemaKeywords = new(StringComparer.Ordinal)
    {
        "items", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "contains", "propertyNames",
        "not", "if", "then", "else", "contentSchema",
    };

    /// <summary>Keywords whose value is an array of schemas.</summary>
    public static readonly HashSet<string> SchemaArrayKeywords = new(StringComparer.Ordinal)
    {
        "allOf", "anyOf", "oneOf", "prefixItems",
    };

    /// <summary>OpenAPI-only keywords removed from schemas (plus every <c>x-*</c> extension).</summary>
    public static readonly HashSet<string> OpenApiOnlyKeywords = new(StringComparer.Ordinal)
    {
        "discriminator", "example", "xml", "externalDocs", "nullable",
    };

    /// <summary>Keywords kept in a scalar parameter's schema (besides type and description).</summary>
    public static readonly HashSet<string> ParameterKeywords = new(StringComparer.Ordinal)
    {
        "format", "enum", "const", "default", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
        "minLength", "maxLength", "pattern", "multipleOf",
    };

    public static bool IsExtension(string keyword) => keyword.StartsWith("x-", StringComparison.Ordinal);
}
