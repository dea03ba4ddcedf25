using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CustomerioTrack.Mcp;

/// <summary>
/// Finds a string no .NET string can hold: an escaped lone surrogate (<c>"\ud800"</c>) is valid JSON, but reading it
/// throws, so the SDK cannot bind params that carry one. Only used once binding has failed: valid calls are never walked.
/// </summary>
internal static class UnreadableString
{
    /// <summary>
    /// The JSONPath (<c>$.params.arguments.request_body.plan</c>) of the first such string or member name in
    /// <paramref name="node"/>, and whether it is a member name; null when there is none.
    /// </summary>
    public static (string Path, bool IsName)? Find(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject members:
                KeyValuePair<string, JsonNode?>[] properties;
                try
                {
                    // The object reads all its member names the first time it is looked into.
                    properties = [.. members];
                }
                catch (InvalidOperationException)
                {
                    return (path, true);
                }

                foreach (var (name, value) in properties)
                {
                    if (Find(value, path + JsonPathStep.Member(name)) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonArray items:
                for (var i = 0; i < items.Count; i++)
                {
                    if (Find(items[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValue value when value.TryGetValue<JsonElement>(out var element) && element.ValueKind == JsonValueKind.String && !Readable(element):
                return (path, false);
            default:
                return null;
        }
    }

    /// <summary>
    /// A copy of <paramref name="node"/> as a document, with its strings as they were written (escapes included), which
    /// the tools can read and report on; throws <see cref="InvalidOperationException"/> for an unreadable member name.
    /// </summary>
    public static JsonDocument CopyAsWritten(JsonNode node)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, node);
        }

        return JsonDocument.Parse(buffer.WrittenMemory);
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject members:
                writer.WriteStartObject();
                foreach (var (name, value) in members)
                {
                    writer.WritePropertyName(name);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValue value when value.TryGetValue<JsonElement>(out var element):
                // Written as it came: writing the value would unescape it, which is what throws.
                writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(element), skipInputValidation: true);
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    private static bool Readable(JsonElement text)
    {
        try
        {
            _ = text.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
