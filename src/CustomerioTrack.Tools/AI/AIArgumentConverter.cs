using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;

namespace CustomerioTrack.Tools;

/// <summary>
/// Turns <see cref="AIFunctionArguments"/> values, in whatever shape a chat client or middleware delivers them, into the
/// JsonElements the MCP path binds: JsonElement as is; JsonNode, boxed primitives, dictionaries and lists written by
/// hand (compact, relaxed escaping: no indentation and no reflection); anything else only through metadata
/// <see cref="AIJsonUtilities.DefaultOptions"/> already has (with <see cref="CheckedSerializerOptions"/>' checks), else a
/// <c>type</c> problem naming the argument.
/// </summary>
internal static class AIArgumentConverter
{
    private const int MaxDepth = 64;

    private static readonly JsonWriterOptions s_writer = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
        MaxDepth = MaxDepth + 1,
    };

    private static readonly JsonElement s_null = JsonDocument.Parse("null").RootElement.Clone();

    public static (Dictionary<string, JsonElement> ByName, List<ToolProblem> Problems) Convert(AIFunctionArguments arguments)
    {
        var byName = new Dictionary<string, JsonElement>(arguments.Count, StringComparer.Ordinal);
        var problems = new List<ToolProblem>();
        foreach (var (name, value) in arguments)
        {
            if (value is JsonElement element)
            {
                // default(JsonElement) carries no value: the same as null, i.e. left out.
                byName[name] = element.ValueKind == JsonValueKind.Undefined ? s_null : element;
                continue;
            }

            var buffer = new ArrayBufferWriter<byte>();
            string? problem;
            using (var writer = new Utf8JsonWriter(buffer, s_writer))
            {
                try
                {
                    problem = Write(writer, value, 0);
                    writer.Flush();
                }
                catch (InvalidOperationException exception)
                {
                    // A JsonElement or parsed JsonNode inside a dictionary or node holding "\ud800": writing it
                    // unescapes the text, which System.Text.Json refuses (as the MCP path refuses it in a body).
                    problem = "cannot be written as JSON: " + exception.Message;
                }
            }

            if (problem is not null)
            {
                problems.Add(new ToolProblem(name, "type", $"'{name}' {problem}"));
                continue;
            }

            using var document = JsonDocument.Parse(buffer.WrittenMemory);
            byName[name] = document.RootElement.Clone();
        }

        return (byName, problems);
    }

    // Null when written; otherwise what is wrong, as the end of a sentence starting with the argument's name.
    private static string? Write(Utf8JsonWriter writer, object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            return $"nests deeper than {MaxDepth} levels";
        }

        switch (value)
        {
            case null:
                writer.WriteNullValue();
                return null;
            case JsonElement element:
                if (element.ValueKind == JsonValueKind.Undefined)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    element.WriteTo(writer);
                }

                return null;
            case JsonDocument document:
                document.RootElement.WriteTo(writer);
                return null;
            case JsonObject members:
                return WriteObject(writer, members.Select(m => new KeyValuePair<string, object?>(m.Key, m.Value)), depth);
            case JsonArray items:
                return WriteArray(writer, items, depth);
            case JsonValue scalar when !scalar.TryGetValue<JsonElement>(out _) && scalar.TryGetValue<object>(out var held) && held is string or char or double or float or Half or BigInteger:
                // A value parsed from JSON text is written below from that text; these are checked as given boxed, where
                // the node's own writing would throw (NaN), replace a lone surrogate or write properties (BigInteger).
                return Write(writer, held, depth);
            case JsonNode node:
                node.WriteTo(writer);
                return null;
            case string text:
                // The writer would put U+FFFD in place of a lone surrogate and send another identifier than the one
                // given; the MCP path rejects "\ud800" in JSON text, and so do we.
                if (LoneSurrogateAt(text) is { } at)
                {
                    return $"holds a lone UTF-16 surrogate at index {at} of a string; give well-formed text";
                }

                writer.WriteStringValue(text);
                return null;
            case char character:
                // As System.Text.Json writes it, a one-character string, checked as one (a lone surrogate).
                return Write(writer, character.ToString(), depth);
            case bool flag:
                writer.WriteBooleanValue(flag);
                return null;
            case int or long or short or byte or sbyte or ushort or uint:
                writer.WriteNumberValue(System.Convert.ToInt64(value, CultureInfo.InvariantCulture));
                return null;
            case ulong number:
                writer.WriteNumberValue(number);
                return null;
            case decimal number:
                writer.WriteNumberValue(number);
                return null;
            case BigInteger number:
                // Reflection would write its properties ({"isPowerOfTwo":false,...,"sign":1}), an object the body accepts.
                writer.WriteRawValue(number.ToString(CultureInfo.InvariantCulture));
                return null;
            case double number:
                if (!double.IsFinite(number))
                {
                    return $"is {number.ToString(CultureInfo.InvariantCulture)}, which is not a JSON number; give a finite number";
                }

                writer.WriteNumberValue(number);
                return null;
            case float number:
                if (!float.IsFinite(number))
                {
                    return $"is {number.ToString(CultureInfo.InvariantCulture)}, which is not a JSON number; give a finite number";
                }

                writer.WriteNumberValue(number);
                return null;
            case Half number:
                if (!Half.IsFinite(number))
                {
                    return $"is {number.ToString(CultureInfo.InvariantCulture)}, which is not a JSON number; give a finite number";
                }

                // Written here, not through metadata: a source-generated context (Native AOT) may have none for Half.
                writer.WriteRawValue(number.ToString(CultureInfo.InvariantCulture));
                return null;
            case IEnumerable<KeyValuePair<string, object?>> members:
                return WriteObject(writer, members, depth);
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (entry.Key is not string key)
                    {
                        return $"holds a dictionary whose keys are not strings ({entry.Key.GetType().Name}); JSON object keys are strings";
                    }

                    if ((WriteName(writer, key) ?? Write(writer, entry.Value, depth + 1)) is { } problem)
                    {
                        return problem;
                    }
                }

                writer.WriteEndObject();
                return null;
            case IEnumerable items:
                return WriteArray(writer, items, depth);
            default:
                return WriteKnownType(writer, value);
        }
    }

    private static string? WriteObject(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, object?>> members, int depth)
    {
        writer.WriteStartObject();
        foreach (var (key, member) in members)
        {
            if ((WriteName(writer, key) ?? Write(writer, member, depth + 1)) is { } problem)
            {
                return problem;
            }
        }

        writer.WriteEndObject();
        return null;
    }

    private static string? WriteArray(Utf8JsonWriter writer, IEnumerable items, int depth)
    {
        writer.WriteStartArray();
        foreach (var item in items)
        {
            if (Write(writer, item, depth + 1) is { } problem)
            {
                return problem;
            }
        }

        writer.WriteEndArray();
        return null;
    }

    private static string? WriteName(Utf8JsonWriter writer, string key)
    {
        if (LoneSurrogateAt(key) is { } at)
        {
            return $"holds a lone UTF-16 surrogate at index {at} of the key '{key[..at]}…'; give well-formed text";
        }

        writer.WritePropertyName(key);
        return null;
    }

    private static int? LoneSurrogateAt(string text) => CheckedSerializerOptions.LoneSurrogateAt(text);

    // Types such as DateTimeOffset, Guid or an application's own classes: only through metadata the options can
    // give. Under Native AOT that is their source-generated context alone (no reflection fallback exists there), so an
    // unknown type is a problem naming the argument instead of a NotSupportedException.
    private static string? WriteKnownType(Utf8JsonWriter writer, object value)
    {
        var type = value.GetType();
        if (CheckedSerializerOptions.Instance.TryGetTypeInfo(type, out JsonTypeInfo? info))
        {
            if (info.Kind == JsonTypeInfoKind.Object && info.Properties.Count == 0)
            {
                // A value tuple or a class with fields only would go out as {} and lose what it holds.
                return $"is a {type.Name}, which has no properties to write as JSON (fields are not written); give an object with properties, a dictionary, a string, number, boolean or array";
            }

            try
            {
                JsonSerializer.Serialize(writer, value, info);
                return null;
            }
            catch (LoneSurrogateException exception)
            {
                return exception.Message;
            }
            catch (Exception exception) when (exception is NotSupportedException or ArgumentException or InvalidOperationException or JsonException)
            {
                return $"is a {type.Name}, which cannot be written as JSON ({exception.Message}); give a string, number, boolean, object or array";
            }
        }

        return $"is a {type.Name}, which cannot be written as JSON; give a string, number, boolean, object or array (a JsonElement, JsonNode, primitive, dictionary or list)";
    }
}
