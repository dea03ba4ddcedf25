using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CustomerioTrack.Tools.Limits;

// Byte sizes and counts: ids, names, attribute values, event data, segment ids.
public static partial class TrackLimits
{
    private static readonly JsonWriterOptions s_compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    private static void CheckSegmentIds(List<ToolProblem> problems, ToolDefinition definition, JsonElement body, ToolArguments arguments)
    {
        // Only person ids have the 150-byte limit; email addresses and cio_ids follow their own rules.
        var typeParameter = definition.Parameters.FirstOrDefault(p => p.ApiName == "id_type");
        var idType = typeParameter is not null && arguments.Has(typeParameter.Name)
            ? Text(arguments.GetJson(typeParameter.Name))
            : "id";
        if (Property(body, "ids") is not { ValueKind: JsonValueKind.Array } ids)
        {
            return;
        }

        CheckIdType(problems, typeParameter?.Name, idType, ids);
        if (idType != "id")
        {
            return;
        }

        var index = 0;
        foreach (var id in ids.EnumerateArray())
        {
            if (id.ValueKind == JsonValueKind.String)
            {
                var bytes = Encoding.UTF8.GetByteCount(id.GetString()!);
                if (bytes > IdentifierMaxBytes)
                {
                    problems.Add(new ToolProblem(Field(Body, "ids", index.ToString(CultureInfo.InvariantCulture)), "maxBytes",
                        Invariant($"person id {Quote(id.GetString()!)} is {bytes:N0} bytes (UTF-8); Customer.io allows at most {IdentifierMaxBytes} bytes per person id: check that this is an id and not other data")));
                }
            }

            index++;
        }
    }

    // Customer.io answers 200 and ignores every id that is not of the chosen type, so a list that is all email
    // addresses under "id" (the default), or has none under "email", would do nothing without saying so.
    private static void CheckIdType(List<ToolProblem> problems, string? typeParameter, string? idType, JsonElement ids)
    {
        if (typeParameter is null || ids.GetArrayLength() == 0 || ids.EnumerateArray().Any(id => id.ValueKind != JsonValueKind.String))
        {
            return;
        }

        var emails = ids.EnumerateArray().Count(id => Validation.PlainEmail.IsMatch(id.GetString()!));
        if (idType == "id" && emails == ids.GetArrayLength())
        {
            problems.Add(new ToolProblem(Field(Body, "ids"), "idType",
                $"every id is an email address but {typeParameter} is \"id\" (the default), so Customer.io would ignore them all: set {typeParameter} to \"email\""));
        }
        else if (idType == "email" && emails == 0 && ids.EnumerateArray().All(id => !id.GetString()!.Contains('@', StringComparison.Ordinal)))
        {
            problems.Add(new ToolProblem(Field(Body, "ids"), "idType",
                $"{typeParameter} is \"email\" but no id is an email address, so Customer.io would ignore them all: set {typeParameter} to \"id\" (or \"cio_id\")"));
        }
    }

    private static void CheckIdentifier(List<ToolProblem> problems, string field, JsonElement parent, string name, string what)
    {
        if (Property(parent, name) is { ValueKind: JsonValueKind.String } value)
        {
            var bytes = Utf8Bytes(value, IdentifierMaxBytes);
            if (bytes > IdentifierMaxBytes)
            {
                problems.Add(new ToolProblem(Field(field, name), "maxBytes",
                    Invariant($"the {what} is {bytes:N0} bytes (UTF-8); Customer.io allows at most {IdentifierMaxBytes} bytes: use a shorter {what} (ids are keys, not data)")));
            }
        }
    }

    private static void CheckEventName(List<ToolProblem> problems, string field, JsonElement parent) =>
        CheckEventName(problems, field, Property(parent, "name"));

    private static void CheckEventName(List<ToolProblem> problems, string field, JsonElement? name)
    {
        if (name is { ValueKind: JsonValueKind.String } value)
        {
            // Customer.io trims the name's surrounding spaces and answers 400 "event name must not be blank"; the
            // schema's minLength only catches "".
            if (IsBlank(value))
            {
                problems.Add(new ToolProblem(Field(field, "name"), "minLength",
                    "the event name is only whitespace; Customer.io trims it and rejects a blank name: give the event a name (for a page view, the page's URL or path)"));
                return;
            }

            var bytes = Utf8Bytes(value, EventNameMaxBytes);
            if (bytes > EventNameMaxBytes)
            {
                problems.Add(new ToolProblem(Field(field, "name"), "maxBytes",
                    Invariant($"the event name is {bytes:N0} bytes (UTF-8); Customer.io allows at most {EventNameMaxBytes} bytes: use a shorter name and put the details in the event data")));
            }
        }
    }

    private static void CheckAttributes(List<ToolProblem> problems, string field, JsonElement parent, string name, byte[][] notCounted, byte[][] notValueChecked) =>
        CheckAttributes(problems, field, Property(parent, name), name, notCounted, notValueChecked);

    private static void CheckAttributes(List<ToolProblem> problems, string field, JsonElement? value, string name, byte[][] notCounted, byte[][] notValueChecked)
    {
        if (value is { ValueKind: JsonValueKind.Object } attributes)
        {
            CheckAttributes(problems, Field(field, name), attributes, notCounted, notValueChecked);
        }
    }

    private static void CheckAttributes(List<ToolProblem> problems, string field, JsonElement attributes, byte[][] notCounted, byte[][] notValueChecked)
    {
        var count = 0;
        foreach (var attribute in attributes.EnumerateObject())
        {
            var name = new PropertyName(attribute);
            if (!name.IsAny(notCounted))
            {
                count++;
            }

            // As for values, the raw (escaped) name bounds its UTF-8 length from above: most names need no decoding.
            var nameBytes = name.RawLength <= AttributeNameMaxBytes ? name.RawLength : Encoding.UTF8.GetByteCount(attribute.Name);
            if (nameBytes > AttributeNameMaxBytes)
            {
                problems.Add(new ToolProblem(Field(field, attribute.Name), "maxBytes",
                    Invariant($"the attribute name {Quote(attribute.Name)} is {nameBytes:N0} bytes (UTF-8); Customer.io allows at most {AttributeNameMaxBytes} bytes per attribute name: use a shorter name")));
                continue;
            }

            if (name.IsAny(notValueChecked))
            {
                continue;
            }

            var valueBytes = ValueBytes(attribute.Value, AttributeValueMaxBytes);
            if (valueBytes > AttributeValueMaxBytes)
            {
                var measured = attribute.Value.ValueKind == JsonValueKind.String ? "UTF-8" : "serialized as JSON";
                problems.Add(new ToolProblem(Field(field, attribute.Name), "maxBytes",
                    Invariant($"the value of attribute '{Shorten(attribute.Name)}' is {valueBytes:N0} bytes ({measured}); Customer.io allows at most {AttributeValueMaxBytes:N0} bytes per attribute value: shorten it or split it across several attributes")));
            }
        }

        if (count > MaxAttributes)
        {
            problems.Add(new ToolProblem(field, "maxAttributes",
                Invariant($"has {count} attributes; Customer.io accepts at most {MaxAttributes} attributes in one call: send them in several calls of at most {MaxAttributes}")));
        }
    }

    private static void CheckSerializedSize(List<ToolProblem> problems, string field, JsonElement parent, string name, int max, string what, string todo) =>
        CheckSerializedSize(problems, field, Property(parent, name), name, max, what, todo);

    private static void CheckSerializedSize(List<ToolProblem> problems, string field, JsonElement? member, string name, int max, string what, string todo)
    {
        if (member is { ValueKind: JsonValueKind.Object } value)
        {
            var bytes = ValueBytes(value, max);
            if (bytes > max)
            {
                problems.Add(new ToolProblem(Field(field, name), "maxBytes",
                    Invariant($"the {what} is {bytes:N0} bytes serialized as JSON; Customer.io allows at most {max:N0} bytes: {todo}")));
            }
        }
    }

    /// <summary>
    /// Writing a value back as compact JSON never makes it more than this many times longer than its text as read: the
    /// widest case is one byte (DEL, a literal in JSON text) written as the six-byte escape <c>\u007F</c>.
    /// </summary>
    internal const int MaxSerializedExpansion = 6;

    // The size of a value as the limits measure it, exact whenever it exceeds the limit: a value whose text is too short
    // to reach the limit even at the widest expansion is not written out again.
    private static int ValueBytes(JsonElement value, int limit)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return Utf8Bytes(value, limit);
        }

        var raw = JsonMarshal.GetRawUtf8Value(value).Length;
        if (value.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null)
        {
            // A literal is written back exactly as it was read.
            return raw;
        }

        return (long)raw * MaxSerializedExpansion <= limit ? raw : SerializedBytes(value);
    }

    /// <summary>The UTF-8 size of a value written as compact JSON (relaxed escaping): how the limits measure objects and arrays.</summary>
    internal static int SerializedBytes(JsonElement value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_compact))
        {
            value.WriteTo(writer);
        }

        return buffer.WrittenCount;
    }

    // Only ASCII whitespace counts: what every trim removes. The raw text is read first so that a name that does not
    // start with a space or an escape (nearly all) is decided without decoding it.
    private static bool IsBlank(JsonElement text)
    {
        var raw = JsonMarshal.GetRawUtf8Value(text);
        return raw.Length > 2 && raw[1] is (byte)' ' or (byte)'\\' && text.GetString()!.All(c => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v');
    }

    // The UTF-8 size of a string value, exact whenever it exceeds the limit. Unescaping never lengthens a string, so
    // the raw token (less its quotes) bounds the value from above and settles short values without decoding them.
    private static int Utf8Bytes(JsonElement text, int limit)
    {
        var raw = JsonMarshal.GetRawUtf8Value(text).Length - 2;
        return raw <= limit ? raw : Encoding.UTF8.GetByteCount(text.GetString()!);
    }
}
