using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;
using CustomerioTrack.Generator.Json;
using CustomerioTrack.Generator.Model;

namespace CustomerioTrack.Generator.OpenApi;

/// <summary>The OpenAPI document plus the diagnostics collected while reading it; resolves internal <c>$ref</c>s.</summary>
internal sealed class DocumentContext
{
    private const int MaxRefChain = 32;
    private readonly HashSet<LocationInfo> _reportedRefs = new();
    private readonly HashSet<LocationInfo> _checkedPatterns = new();
    private readonly HashSet<LocationInfo> _checkedKeywords = new();

    public DocumentContext(JsonValue root, List<DiagnosticInfo> diagnostics)
    {
        Root = root;
        Diagnostics = diagnostics;
        var schemas = root["components"]?["schemas"];
        if (schemas is { IsObject: true })
        {
            var index = 0;
            foreach (var property in schemas.Properties)
            {
                if (!ComponentSchemaOrder.ContainsKey(property.Name))
                {
                    ComponentSchemaOrder[property.Name] = index++;
                }
            }
        }
    }

    public JsonValue Root { get; }

    public List<DiagnosticInfo> Diagnostics { get; }

    /// <summary>Position of each component schema in <c>components.schemas</c>, for source-ordered <c>$defs</c>.</summary>
    public Dictionary<string, int> ComponentSchemaOrder { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Follows <c>$ref</c> (repeatedly) until a value without <c>$ref</c>. Returns null and reports CIOTRK003 when a
    /// reference cannot be resolved.
    /// </summary>
    public JsonValue? Resolve(JsonValue? value)
    {
        for (var i = 0; value is not null && i < MaxRefChain; i++)
        {
            var reference = value["$ref"];
            if (reference is null)
            {
                return value;
            }

            var target = reference.AsString() is { } pointer ? ResolvePointer(pointer) : null;
            if (target is null)
            {
                ReportUnresolvable(reference);
                return null;
            }

            value = target;
        }

        if (value is not null)
        {
            ReportUnresolvable(value["$ref"] ?? value, "starts a chain of more than " + MaxRefChain + " $refs (a cycle?)");
        }

        return null;
    }

    /// <summary>Resolves an internal reference <c>#/a/b</c>; null for external or dangling references.</summary>
    public JsonValue? ResolvePointer(string pointer)
    {
        if (!pointer.StartsWith("#", StringComparison.Ordinal))
        {
            return null;
        }

        var fragment = UnescapeUri(pointer.Substring(1));
        if (fragment.Length == 0)
        {
            return Root;
        }

        if (fragment[0] != '/')
        {
            return null;
        }

        JsonValue? current = Root;
        foreach (var rawSegment in fragment.Substring(1).Split('/'))
        {
            var segment = rawSegment.Replace("~1", "/").Replace("~0", "~");
            if (current is null)
            {
                return null;
            }

            if (current.IsObject)
            {
                current = current[segment];
            }
            else if (current.IsArray && int.TryParse(segment, out var index) && index >= 0 && index < current.Items.Count)
            {
                current = current.Items[index];
            }
            else
            {
                return null;
            }
        }

        return current;
    }

    /// <param name="reason">What is wrong with it; by default, what makes it unresolvable (external, or dangling).</param>
    public void ReportUnresolvable(JsonValue reference, string? reason = null)
    {
        if (_reportedRefs.Add(reference.Location))
        {
            var pointer = reference.AsString();
            reason ??= pointer is null ? "is not a string"
                : !pointer.StartsWith("#", StringComparison.Ordinal) ? "is external; only references into this document ('#/...') are supported"
                : "points to nothing in this document";
            Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnresolvableReference,
                reference.Location,
                pointer ?? reference.ToJson(),
                reason));
        }
    }

    /// <summary>
    /// Reports (once per position, however many tools share the schema) a pattern the runtime could not compile: it
    /// compiles every pattern of a tool's schemas, with the same options, before the tool's first call.
    /// </summary>
    public void CheckPattern(string pattern, LocationInfo location)
    {
        if (!_checkedPatterns.Add(location))
        {
            return;
        }

        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant);
        }
        catch (ArgumentException exception)
        {
            Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidPattern, location, pattern, exception.Message));
        }
    }

    /// <summary>Reports (once per position) a schema keyword whose value has a type JSON Schema 2020-12 does not allow.</summary>
    public void CheckKeyword(string keyword, JsonValue value)
    {
        if (_checkedKeywords.Add(value.Location) && SchemaKeywordRules.Problem(keyword, value) is { } problem)
        {
            Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnexpectedStructure,
                value.Location,
                "Schema keyword " + problem + "; the runtime cannot build a request validator from it"));
        }
    }

    private static string UnescapeUri(string value)
    {
        if (value.IndexOf('%') < 0)
        {
            return value;
        }

        try
        {
            return Uri.UnescapeDataString(value);
        }
        catch (UriFormatException)
        {
            return value;
        }
    }

    /// <summary>Unescapes one JSON pointer segment.</summary>
    public static string UnescapePointerSegment(string segment)
    {
        var builder = new StringBuilder(segment);
        builder.Replace("~1", "/").Replace("~0", "~");
        return builder.ToString();
    }
}
