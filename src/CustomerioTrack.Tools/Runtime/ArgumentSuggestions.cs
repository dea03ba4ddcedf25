using System.Collections.Concurrent;
using System.Text.Json;

namespace CustomerioTrack.Tools;

/// <summary>
/// For an argument a tool does not take, what the caller most likely meant: the tool's own name for an HTTP API
/// parameter (<c>identifier</c>, <c>segment_id</c>, <c>id_type</c>), another tool's name for the same parameter, or a
/// request body property given as an argument. Models make these mistakes more than any other naming slip.
/// </summary>
internal static class ArgumentSuggestions
{
    private const string PathIdentifier = "identifier";

    // Names models use for the person in a v1 path that neither the API nor any tool uses.
    private static readonly HashSet<string> PersonSynonyms = new(StringComparer.Ordinal)
    {
        "customer_id", "person_id", "user_id", "customer", "person", "user",
    };

    private static readonly ConcurrentDictionary<string, HashSet<string>> s_bodyProperties = new(StringComparer.Ordinal);

    /// <summary>The advice to append to an "is not a parameter" problem, or null when there is no likely intent.</summary>
    public static string? For(ToolDefinition tool, string name)
    {
        if (Parameter(tool, name) is { } meant)
        {
            return $"use '{meant}' instead";
        }

        if (tool.HasMode && s_bodyProperties.GetOrAdd(tool.RequestBody!.SchemaJson, TopLevelProperties).Contains(name))
        {
            return $"it belongs inside '{ArgumentBinder.RequestBodyParameter}': {{\"{name}\": …}}";
        }

        if (tool.HasMode && Squash(name) is "requestbody" or "body" or "payload" or "data")
        {
            return $"use '{ArgumentBinder.RequestBodyParameter}' instead";
        }

        return null;
    }

    private static string? Parameter(ToolDefinition tool, string name)
    {
        var squashed = Squash(name);
        foreach (var parameter in tool.Parameters)
        {
            if (parameter.ApiName == name || Squash(parameter.Name) == squashed
                || (parameter.ApiName == PathIdentifier && PersonSynonyms.Contains(name)))
            {
                return parameter.Name;
            }
        }

        if (tool.HasMode && squashed == ArgumentBinder.ModeParameter)
        {
            return ArgumentBinder.ModeParameter;
        }

        // Another tool's name for the same API parameter (customer_identifier where this one says person_identifier).
        var apiNames = TrackTools.AllDefinitions.SelectMany(t => t.Parameters).Where(p => p.Name == name).Select(p => p.ApiName).ToHashSet(StringComparer.Ordinal);
        var matches = tool.Parameters.Where(p => apiNames.Contains(p.ApiName)).ToList();
        return matches.Count == 1 ? matches[0].Name : null;
    }

    // The properties the body's root object declares, across the alternatives of a root oneOf/anyOf. Keys that are only
    // allowed by additionalProperties (identify's custom attributes) are left out: "put it in the body" would turn a
    // misspelt option into an attribute.
    private static HashSet<string> TopLevelProperties(string schemaJson)
    {
        using var document = JsonDocument.Parse(schemaJson);
        var root = document.RootElement;
        var names = new HashSet<string>(StringComparer.Ordinal);
        var node = Follow(root, root);
        Collect(node, names);
        foreach (var keyword in (string[])["oneOf", "anyOf"])
        {
            if (node.TryGetProperty(keyword, out var alternatives) && alternatives.ValueKind == JsonValueKind.Array)
            {
                foreach (var alternative in alternatives.EnumerateArray())
                {
                    Collect(Follow(root, alternative), names);
                }
            }
        }

        return names;
    }

    private static void Collect(JsonElement node, HashSet<string> names)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (node.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject())
            {
                names.Add(property.Name);
            }
        }
    }

    private static JsonElement Follow(JsonElement root, JsonElement node)
    {
        for (var hops = 0; hops < 8 && node.ValueKind == JsonValueKind.Object && node.TryGetProperty("$ref", out var reference)
            && reference.GetString() is { } target && target.StartsWith("#/", StringComparison.Ordinal); hops++)
        {
            if (Validation.SchemaProblemExplainer.Resolve(root, target[1..]) is not { } next)
            {
                break;
            }

            node = next;
        }

        return node;
    }

    private static string Squash(string name) => name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
}
