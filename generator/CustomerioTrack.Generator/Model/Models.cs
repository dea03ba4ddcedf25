using CustomerioTrack.Generator.Json;

namespace CustomerioTrack.Generator.Model;

/// <summary>Roles an AdditionalFile can have (metadata <c>CustomerioTrackRole</c>).</summary>
internal static class FileRoles
{
    public const string OpenApi = nameof(OpenApi);
    public const string ToolManifest = nameof(ToolManifest);
}

/// <summary>An AdditionalFile with a role, as text.</summary>
internal sealed record InputFile(string Path, string Role, string? Text);

/// <summary>An AdditionalFile parsed to JSON (Root is null when it is not valid JSON; the error is in Diagnostics).</summary>
internal sealed record ParsedFile(string Path, string Role, JsonValue? Root, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>The description and the manifest chosen among the role files.</summary>
internal sealed record GenerationInput(ParsedFile? Description, ParsedFile? Manifest, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>Everything to emit: the tools (ordered by name) and the diagnostics.</summary>
/// <param name="HasDescription">A description file was given (even one that yields no tool), so the catalog is emitted.</param>
internal sealed record GenerationModel(EquatableArray<ToolSpec> Tools, EquatableArray<DiagnosticInfo> Diagnostics, bool HasDescription);

/// <summary>One tool to emit.</summary>
internal sealed record ToolSpec(
    string Name,
    string OperationId,
    string Title,
    string Description,
    string HttpMethod,
    string PathTemplate,
    string UrlTemplate,
    bool RequiresAuthentication,
    bool Deprecated,
    bool EnabledByDefault,
    bool ReadOnly,
    bool Destructive,
    bool Idempotent,
    bool OpenWorld,
    EquatableArray<ParameterSpec> Parameters,
    BodySpec? Body,
    string InputSchemaJson,
    EquatableArray<int> SuccessStatusCodes,
    EquatableArray<PathArgumentSpec> PathArguments);

/// <summary>One scalar tool parameter (mirrors <c>ToolParameter</c>).</summary>
internal sealed record ParameterSpec(
    string Name,
    string ApiName,
    string Location,
    string Type,
    bool Required,
    string Description,
    EquatableArray<string>? EnumValues,
    string? DefaultJson,
    string SchemaJson);

/// <summary>The JSON request body (mirrors <c>ToolRequestBody</c>).</summary>
internal sealed record BodySpec(bool Required, bool Flattened, string SchemaJson);

/// <summary>How one URL template variable gets its value: <c>request.PathParameters[TemplateName] = arguments.Getter(ToolParameterName)</c>.</summary>
internal sealed record PathArgumentSpec(string TemplateName, string ToolParameterName, string Getter);
