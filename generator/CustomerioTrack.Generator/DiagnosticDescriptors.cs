using Microsoft.CodeAnalysis;

namespace CustomerioTrack.Generator;

/// <summary>Every diagnostic the generator reports. IDs are stable and never reused.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "CustomerioTrack";

    public static readonly DiagnosticDescriptor InvalidJson = new(
        "CIOTRK001",
        "File is not valid JSON",
        "'{0}' is not valid JSON: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MissingOperationId = new(
        "CIOTRK002",
        "Operation without operationId",
        "{0} {1} has no operationId; no tool is generated for it",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnresolvableReference = new(
        "CIOTRK003",
        "Unresolvable $ref",
        "$ref '{0}' {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NoJsonRequestBody = new(
        "CIOTRK004",
        "Request body without application/json content",
        "The request body of operation '{0}' has no application/json content; no tool is generated for it",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NoManifestEntry = new(
        "CIOTRK005",
        "Operation has no tool manifest entry",
        "Operation '{0}' has no entry in the tool manifest; the tool is named '{1}' and keeps the OpenAPI parameter names",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnknownManifestOperation = new(
        "CIOTRK006",
        "Manifest entry for an unknown operation",
        "The tool manifest has an entry for operationId '{0}', which the OpenAPI description does not define",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnknownManifestParameter = new(
        "CIOTRK007",
        "Manifest maps an unknown parameter",
        "The tool manifest maps parameter '{0}', but operation '{1}' declares no path or query parameter named '{0}'; the mapping is ignored",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NoDescription = new(
        "CIOTRK008",
        "No OpenAPI description",
        "No AdditionalFile has CustomerioTrackRole=\"OpenApi\"; no tools are generated. Add <AdditionalFiles Include=\"track.json\" CustomerioTrackRole=\"OpenApi\" /> and <CompilerVisibleItemMetadata Include=\"AdditionalFiles\" MetadataName=\"CustomerioTrackRole\" />.",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnknownFlattenedProperty = new(
        "CIOTRK009",
        "flattenBody names an unknown body property",
        "flattenBody of operation '{1}' names '{0}', which is not a property of its JSON request body; it is ignored",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateToolName = new(
        "CIOTRK010",
        "Duplicate tool name",
        "Tool name '{0}' (operation '{1}') is already used by operation '{2}'{3}; the tool is skipped",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateRole = new(
        "CIOTRK011",
        "More than one file with the same role",
        "More than one AdditionalFile has CustomerioTrackRole=\"{0}\"; '{1}' is used and '{2}' is ignored",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnexpectedStructure = new(
        "CIOTRK012",
        "Unexpected document structure",
        "{0}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor PathParameterMismatch = new(
        "CIOTRK013",
        "Path template and path parameters differ",
        "Operation '{0}' ({1} {2}): {3}; no tool is generated for it",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ParameterNameConflict = new(
        "CIOTRK014",
        "Parameter names conflict",
        "Operation '{0}' ({1} {2}): {3}; no tool is generated for it",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidPattern = new(
        "CIOTRK016",
        "Pattern is not a valid regular expression",
        "Pattern '{0}' is not a valid regular expression ({1}); requests cannot be validated against it",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NonScalarParameter = new(
        "CIOTRK015",
        "Path or query parameter of an array or object type",
        "Operation '{0}' ({1} {2}): {3}; no tool is generated for it",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);
}
