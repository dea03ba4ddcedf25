using System.Text.Json;
using System.Text.Json.Nodes;

namespace CustomerioTrack.Mcp;

/// <summary>The shape tools/call params must have: <c>{"name": string, "arguments"?: object}</c>.</summary>
internal static class ToolCallParams
{
    /// <summary>Why the params do not have that shape, or null when they do.</summary>
    public static string? Problem(JsonNode? parameters)
    {
        if (parameters is not JsonObject body)
        {
            return "tools/call params must be an object with \"name\" (a string) and \"arguments\" (an object).";
        }

        if (!body.TryGetPropertyValue("name", out var name) || name?.GetValueKind() != JsonValueKind.String)
        {
            return "tools/call params need \"name\": the tool's name as a string (see tools/list).";
        }

        return body.TryGetPropertyValue("arguments", out var arguments) && arguments is not null and not JsonObject
            ? $"tools/call \"arguments\" must be an object of parameter names and values, not {arguments.GetValueKind().ToString().ToLowerInvariant()}."
            : null;
    }
}
