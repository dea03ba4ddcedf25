using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using CustomerioTrack.Generator.Json;
using CustomerioTrack.Generator.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace CustomerioTrack.Generator.OpenApi;

/// <summary>Turns the OpenAPI description plus the tool manifest into <see cref="ToolSpec"/>s and diagnostics.</summary>
internal sealed partial class ToolModelBuilder
{
    private static readonly string[] HttpMethods = { "get", "put", "post", "delete", "options", "head", "patch", "trace" };

    private readonly DocumentContext _context;
    private readonly Dictionary<string, ManifestEntry> _manifest;
    private readonly bool _documentRequiresAuthentication;
    private readonly bool _reportMissingEntries;
    private readonly HashSet<string> _operationIds = new(StringComparer.Ordinal);

    private ToolModelBuilder(DocumentContext context, Dictionary<string, ManifestEntry> manifest, bool reportMissingEntries)
    {
        _context = context;
        _manifest = manifest;
        _reportMissingEntries = reportMissingEntries;
        _documentRequiresAuthentication = context.Root["security"] is { IsArray: true, Items.Count: > 0 };
    }

    public static GenerationModel Build(GenerationInput input, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>(input.Diagnostics);
        if (input.Description is { } d)
        {
            diagnostics.AddRange(d.Diagnostics);
        }

        if (input.Manifest is { } m)
        {
            diagnostics.AddRange(m.Diagnostics);
        }

        var root = input.Description?.Root;
        if (root is null)
        {
            return new GenerationModel(EquatableArray<ToolSpec>.Empty, diagnostics.ToEquatableArray(), input.Description is not null);
        }

        if (!root.IsObject || root["paths"] is not { IsObject: true } || root.GetString("openapi") is not { } version
            || !(version.StartsWith("3.0", StringComparison.Ordinal) || version.StartsWith("3.1", StringComparison.Ordinal)))
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnexpectedStructure,
                (root["openapi"] ?? root).Location,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "'{0}' is not an OpenAPI 3.0 or 3.1 description (expected \"openapi\": \"3.x.y\" and a \"paths\" object)",
                    input.Description!.Path)));
            return new GenerationModel(EquatableArray<ToolSpec>.Empty, diagnostics.ToEquatableArray(), HasDescription: true);
        }

        var manifest = ToolManifest.Read(input.Manifest?.Root, input.Manifest?.Path ?? string.Empty, diagnostics);
        var context = new DocumentContext(root, diagnostics);
        // A manifest that is there but unreadable has already been reported (CIOTRK001/CIOTRK012); saying of every
        // operation that it has no entry (CIOTRK005) would be false and would bury that one error.
        var builder = new ToolModelBuilder(context, manifest, input.Manifest is null || ToolManifest.HasToolList(input.Manifest.Root));
        var tools = builder.BuildTools(cancellationToken);

        foreach (var entry in manifest.Values.Where(e => !e.Used))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownManifestOperation, entry.OperationIdValue.Location, entry.OperationId));
        }

        return new GenerationModel(tools.ToEquatableArray(), diagnostics.ToEquatableArray(), HasDescription: true);
    }

    private List<ToolSpec> BuildTools(CancellationToken cancellationToken)
    {
        var tools = new List<ToolSpec>();
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pathProperty in _context.Root["paths"]!.Properties)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = pathProperty.Name;
            var pathItem = _context.Resolve(pathProperty.Value);
            if (pathItem is not { IsObject: true })
            {
                continue;
            }

            var pathLevel = ReadParameters(pathItem["parameters"]);
            var operations = new List<(JsonProperty Method, JsonValue Operation, List<ParameterInfo> Parameters)>();
            foreach (var property in pathItem.Properties)
            {
                if (Array.IndexOf(HttpMethods, property.Name) >= 0 && property.Value.IsObject)
                {
                    operations.Add((property, property.Value, Merge(pathLevel, ReadParameters(property.Value["parameters"]))));
                }
            }

            var urlTemplate = KiotaUrlTemplate.Create(
                path,
                pathLevel.Concat(operations.SelectMany(o => o.Parameters)).Where(p => p.In == "query").Select(p => (p.Name, p.Explode)));

            var templateQuery = pathLevel.Concat(operations.SelectMany(o => o.Parameters)).Where(p => p.In == "query").ToList();
            foreach (var (method, operation, parameters) in operations)
            {
                var tool = BuildTool(pathProperty, urlTemplate, templateQuery, method, operation, parameters);
                if (tool is null)
                {
                    continue;
                }

                if (owners.TryGetValue(tool.Name, out var owner))
                {
                    _context.Diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.DuplicateToolName,
                        (operation["operationId"] ?? method.Value).Location,
                        tool.Name,
                        tool.OperationId,
                        owner,
                        string.Empty));
                    continue;
                }

                owners[tool.Name] = tool.OperationId;
                tools.Add(tool);
            }
        }

        tools.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return tools;
    }

    private ToolSpec? BuildTool(JsonProperty pathKey, string urlTemplate, List<ParameterInfo> templateQuery, JsonProperty methodProperty, JsonValue operation, List<ParameterInfo> parameters)
    {
        var path = pathKey.Name;
        var httpMethod = methodProperty.Name.ToUpperInvariant();
        var operationIdValue = operation["operationId"];
        var operationId = operationIdValue?.AsString();
        if (operationIdValue is null || string.IsNullOrWhiteSpace(operationId))
        {
            _context.Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingOperationId, methodProperty.NameLocation, httpMethod, path));
            return null;
        }

        // The operation exists, so its manifest entry is not an unknown one (CIOTRK006), even when a reason reported on its
        // own (CIOTRK013, CIOTRK004, an unresolvable body) skips the tool below.
        _manifest.TryGetValue(operationId!, out var entry);
        if (entry is not null)
        {
            entry.Used = true;
        }

        // A second operation with the same id is skipped before its manifest entry is applied to it: the entry was written
        // for the first, and checking its mappings against the second only adds misleading CIOTRK007 warnings.
        if (!_operationIds.Add(operationId!))
        {
            var duplicateName = entry?.Name is { } named && SyntaxFacts.IsValidIdentifier(named) ? named : ToPascalCase(operationId!);
            _context.Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.DuplicateToolName, operationIdValue.Location, duplicateName, operationId!, operationId!, " (duplicate operationId)"));
            return null;
        }

        if (!PathParametersMatchTemplate(path, pathKey, httpMethod, operationId!, parameters)
            | !TemplateVariablesAreDistinct(pathKey, httpMethod, operationId!, templateQuery)
            | !ParametersAreScalar(pathKey, httpMethod, operationId!, parameters))
        {
            return null;
        }

        // Request body.
        JsonValue? bodySchema = null;
        var hasBody = false;
        var bodyRequired = false;
        if (operation["requestBody"] is { } requestBodyValue)
        {
            var requestBody = _context.Resolve(requestBodyValue);
            if (requestBody is null)
            {
                return null;
            }

            var media = FindJsonMediaType(requestBody["content"]);
            if (media is null)
            {
                _context.Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoJsonRequestBody, requestBodyValue.Location, operationId!));
                return null;
            }

            hasBody = true;
            bodyRequired = requestBody.GetBoolean("required") == true;
            bodySchema = media["schema"];
        }

        string name;
        if (entry is null)
        {
            name = ToPascalCase(operationId!);
            if (_reportMissingEntries)
            {
                _context.Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoManifestEntry, operationIdValue.Location, operationId!, name));
            }
        }
        else
        {
            entry.Used = true;
            name = entry.Name ?? ToPascalCase(operationId!);
            if (!SyntaxFacts.IsValidIdentifier(name))
            {
                var derived = ToPascalCase(operationId!);
                _context.Diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnexpectedStructure,
                    (entry.Entry["name"] ?? entry.Entry).Location,
                    string.Format(CultureInfo.InvariantCulture, "Tool name '{0}' is not a valid C# identifier; '{1}' is used", name, derived)));
                name = derived;
            }
        }

        // Parameter name mapping.
        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        if (entry is not null)
        {
            foreach (var map in entry.ParameterMappings)
            {
                if (!parameters.Any(p => p.Name == map.Name))
                {
                    _context.Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownManifestParameter, map.NameLocation, map.Name, operationId!));
                    continue;
                }

                if (map.Value.AsString() is { Length: > 0 } toolName)
                {
                    mapping[map.Name] = toolName;
                }
            }
        }

        var parameterSpecs = new List<ParameterSpec>();
        var pathArguments = new List<PathArgumentSpec>();
        foreach (var parameter in parameters)
        {
            var toolName = mapping.TryGetValue(parameter.Name, out var mapped) ? mapped : parameter.Name;
            var isPath = parameter.In == "path";
            var spec = BuildScalarParameter(
                toolName,
                parameter.Name,
                isPath ? "Path" : "Query",
                isPath || parameter.Required,
                parameter.Description,
                parameter.Schema,
                string.Format(CultureInfo.InvariantCulture, "The {0} {1} parameter.", parameter.Name, parameter.In),
                out var format);
            parameterSpecs.Add(spec);
            if (isPath)
            {
                pathArguments.Add(new PathArgumentSpec(KiotaUrlTemplate.SanitizeParameterName(parameter.Name), toolName, Getter(spec.Type, format)));
            }
        }

        // Flattened body properties.
        var flattened = false;
        if (entry?.FlattenBody is { IsObject: true } flatten)
        {
            var resolvedBody = hasBody ? _context.Resolve(bodySchema) : null;
            var bodyProperties = resolvedBody?["properties"];
            var required = new HashSet<string>((resolvedBody?["required"]?.ArrayItems() ?? Enumerable.Empty<JsonValue>()).Select(v => v.AsString() ?? string.Empty), StringComparer.Ordinal);
            flattened = hasBody;
            foreach (var property in flatten.Properties)
            {
                var propertySchema = bodyProperties?[property.Name];
                if (!hasBody || propertySchema is null)
                {
                    _context.Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownFlattenedProperty, property.NameLocation, property.Name, operationId!));
                    continue;
                }

                var resolved = _context.Resolve(propertySchema);
                var toolName = property.Value.AsString() is { Length: > 0 } n ? n : property.Name;
                parameterSpecs.Add(BuildScalarParameter(
                    toolName,
                    property.Name,
                    "Body",
                    required.Contains(property.Name),
                    resolved?.GetString("description"),
                    resolved,
                    string.Format(CultureInfo.InvariantCulture, "The {0} property of the request body.", property.Name),
                    out _));
            }
        }

        BodySpec? body = hasBody ? new BodySpec(bodyRequired, flattened, SchemaConverter.ConvertDocument(_context, bodySchema)) : null;

        var summary = Trimmed(operation.GetString("summary"));
        var description = Trimmed(entry?.Description) ?? Trimmed(operation.GetString("description")) ?? summary ?? name;
        var title = Trimmed(entry?.Title) ?? summary ?? name;

        var annotations = entry?.Annotations;
        var readOnly = annotations?.GetBoolean("readOnly") ?? httpMethod == "GET";
        var destructive = annotations?.GetBoolean("destructive") ?? httpMethod == "DELETE";
        var idempotent = annotations?.GetBoolean("idempotent") ?? httpMethod is "GET" or "PUT" or "DELETE" or "HEAD" or "OPTIONS";
        var openWorld = annotations?.GetBoolean("openWorld") ?? true;

        var security = operation["security"];
        var requiresAuthentication = security is { IsArray: true } ? security.Items.Count > 0 : _documentRequiresAuthentication;

        var hasMode = body is { Flattened: false };
        if (!ToolParameterNamesAreDistinct(pathKey, httpMethod, operationId!, parameterSpecs, hasMode, entry))
        {
            return null;
        }

        var inputSchema = BuildInputSchema(parameterSpecs, hasMode);

        return new ToolSpec(
            name,
            operationId!,
            title,
            description,
            httpMethod,
            path,
            urlTemplate,
            requiresAuthentication,
            operation.GetBoolean("deprecated") == true,
            entry?.EnabledByDefault ?? true,
            readOnly,
            destructive,
            idempotent,
            openWorld,
            parameterSpecs.ToEquatableArray(),
            body,
            inputSchema,
            SuccessCodes(operation["responses"]).ToEquatableArray(),
            pathArguments.ToEquatableArray());
    }
}
