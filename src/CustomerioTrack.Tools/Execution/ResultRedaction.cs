using System.Text.Json;
using System.Text.Json.Nodes;

namespace CustomerioTrack.Tools;

/// <summary>
/// Removes credentials from a result's strings (values and names), not from its JSON text: a replacement inside an
/// escape sequence of the text (a literal <c>\u0073…</c> is written <c>\\u0073…</c>) would break the JSON.
/// </summary>
internal static class ResultRedaction
{
    public static ToolCallResult Apply(ToolCallResult result, Func<string, string> redact) =>
        Holds(result.Content, redact) ? new ToolCallResult(result.IsError, (JsonObject)Clean(result.Content, redact)!) : result;

    // Most results hold no credentials: looking first spares them a copy.
    private static bool Holds(JsonNode? node, Func<string, string> redact) => node switch
    {
        JsonObject obj => obj.Any(p => redact(p.Key) != p.Key || Holds(p.Value, redact)),
        JsonArray array => array.Any(item => Holds(item, redact)),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>() is var text && redact(text) != text,
        _ => false,
    };

    private static JsonNode? Clean(JsonNode? node, Func<string, string> redact) => node switch
    {
        JsonObject obj => CleanObject(obj, redact),
        JsonArray array => new JsonArray(array.Select(item => Clean(item, redact)).ToArray()),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => JsonValue.Create(redact(value.GetValue<string>())),
        _ => node?.DeepClone(),
    };

    private static JsonObject CleanObject(JsonObject obj, Func<string, string> redact)
    {
        var clean = new JsonObject();
        foreach (var (name, value) in obj)
        {
            // Two names may redact to the same text; an indexer keeps the last instead of throwing.
            clean[redact(name)] = Clean(value, redact);
        }

        return clean;
    }
}
