namespace CustomerioTrack.Tools;

/// <summary>Where a tool parameter goes in the HTTP request.</summary>
public enum ToolParameterLocation
{
    /// <summary>A path segment, percent-encoded by the URL template.</summary>
    Path,
    /// <summary>A query string parameter.</summary>
    Query,
    /// <summary>A property of a flattened JSON request body.</summary>
    Body,
}

/// <summary>JSON type of a scalar tool parameter.</summary>
public enum ToolParameterType
{
    /// <summary>JSON string.</summary>
    String,
    /// <summary>JSON integer (fits in 64 bits).</summary>
    Integer,
    /// <summary>JSON number.</summary>
    Number,
    /// <summary>JSON boolean.</summary>
    Boolean,
}

/// <summary>One scalar tool parameter.</summary>
/// <param name="Name">Tool parameter name, e.g. <c>person_identifier</c>.</param>
/// <param name="ApiName">Name in the API: the path/query parameter name or the flattened body property.</param>
/// <param name="Location">Where the value goes.</param>
/// <param name="Type">JSON type.</param>
/// <param name="Required">Required to execute the tool.</param>
/// <param name="Description">Description for a model.</param>
/// <param name="EnumValues">Allowed values, or null.</param>
/// <param name="DefaultJson">The default as a JSON literal (e.g. <c>"id"</c> with quotes, <c>true</c>), or null.</param>
/// <param name="SchemaJson">The parameter's JSON Schema as minified JSON (includes description, enum, limits).</param>
public sealed record ToolParameter(
    string Name,
    string ApiName,
    ToolParameterLocation Location,
    ToolParameterType Type,
    bool Required,
    string Description,
    IReadOnlyList<string>? EnumValues,
    string? DefaultJson,
    string SchemaJson);
