using System;
using System.Collections.Generic;
using System.Globalization;
using CustomerioTrack.Generator.Json;
using CustomerioTrack.Generator.Model;

namespace CustomerioTrack.Generator.OpenApi;

/// <summary>One entry of <c>tools.json</c> (a transient view, never a pipeline model).</summary>
internal sealed class ManifestEntry
{
    public ManifestEntry(string operationId, JsonValue operationIdValue, JsonValue entry)
    {
        OperationId = operationId;
        OperationIdValue = operationIdValue;
        Entry = entry;
    }

    public string OperationId { get; }

    public JsonValue OperationIdValue { get; }

    public JsonValue Entry { get; }

    public string? Name => Entry.GetString("name");

    public string? Title => Entry.GetString("title");

    public string? Description => Entry.GetString("description");

    public bool? EnabledByDefault => Entry.GetBoolean("enabledByDefault");

    public JsonValue? Annotations => Entry["annotations"];

    /// <summary>OpenAPI parameter name → (tool parameter name, mapping property).</summary>
    public IEnumerable<JsonProperty> ParameterMappings => Entry["parameters"]?.ObjectProperties() ?? Array.Empty<JsonProperty>();

    public JsonValue? FlattenBody => Entry["flattenBody"];

    public bool Used { get; set; }
}

/// <summary>Reads the tool manifest.</summary>
internal static class ToolManifest
{
    /// <summary>Whether a manifest file's JSON has entries to read: an object with a <c>tools</c> array.</summary>
    public static bool HasToolList(JsonValue? root) => root is { IsObject: true } && root["tools"] is { IsArray: true };

    public static Dictionary<string, ManifestEntry> Read(JsonValue? root, string path, List<DiagnosticInfo> diagnostics)
    {
        var entries = new Dictionary<string, ManifestEntry>(StringComparer.Ordinal);
        if (root is null)
        {
            return entries;
        }

        var tools = root["tools"];
        if (!HasToolList(root))
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnexpectedStructure,
                (tools ?? root).Location,
                string.Format(CultureInfo.InvariantCulture, "The tool manifest '{0}' must be an object with a \"tools\" array", path)));
            return entries;
        }

        foreach (var entry in tools!.Items)
        {
            var operationIdValue = entry["operationId"];
            var operationId = operationIdValue?.AsString();
            if (!entry.IsObject || operationId is null || operationIdValue is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnexpectedStructure,
                    entry.Location,
                    "A tool manifest entry must be an object with a string \"operationId\""));
                continue;
            }

            if (entries.ContainsKey(operationId))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnexpectedStructure,
                    operationIdValue.Location,
                    string.Format(CultureInfo.InvariantCulture, "Duplicate operationId '{0}' in the tool manifest: only its first entry is used", operationId)));
                continue;
            }

            ManifestEntryRules.Check(operationId, entry, diagnostics);
            entries[operationId] = new ManifestEntry(operationId, operationIdValue, entry);
        }

        return entries;
    }
}
