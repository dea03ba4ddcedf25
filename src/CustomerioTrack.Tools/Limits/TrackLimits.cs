using System.Collections.Frozen;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CustomerioTrack.Tools.Limits;

/// <summary>
/// Customer.io's Track limits (track-api-facts §3.5/§3.6), checked before anything is sent. Each problem names the
/// field (<c>request_body</c> + JSON pointer), the limit, and what to send instead. Rules: <c>maxBytes</c>,
/// <c>maxAttributes</c>, <c>timestampUnit</c> (milliseconds/microseconds/nanoseconds instead of seconds) and
/// <c>timestampFormat</c> (a date string, a quoted number or a fraction instead of an integer).
/// </summary>
/// <remarks>
/// <para>Sizes are UTF-8 bytes. A string value is measured as its UTF-8 text (without quotes or escapes); any other
/// value as its compact JSON serialization. Whole requests and batch items are measured as the JSON text that is sent
/// (the caller's text byte for byte, plus the <c>"id":"…",</c> the executor inserts into events that have none).</para>
/// <para>Customer.io writes "32kb" and "500kb" without saying which kilobyte. We read them as decimal kilobytes
/// (1 KB = 1000 bytes), the smaller reading: whatever we accept is under the limit under either reading.</para>
/// <para>Attribute counts (at most 300 per call) cover every key of the attribute object except the control keys that are
/// not stored as attributes: v1 identify <c>_update</c>, <c>_timestamp</c> and <c>cio_relationships</c>; v2 attributes
/// <c>_update</c>. Reserved attributes (<c>id</c>, <c>email</c>, <c>created_at</c>, <c>anonymous_id</c>,
/// <c>unsubscribed</c>, <c>cio_subscription_preferences</c>) are stored on the profile, so they count: counting them can
/// only reject a call Customer.io would accept when it sits at exactly 300 custom attributes plus reserved ones.</para>
/// </remarks>
public static class TrackLimits
{
    /// <summary>Person id, object id (v1 path identifier, identify <c>id</c>, v2 identifiers).</summary>
    public const int IdentifierMaxBytes = 150;

    /// <summary>Attribute (and relationship attribute) name.</summary>
    public const int AttributeNameMaxBytes = 150;

    /// <summary>Attribute (and relationship attribute) value.</summary>
    public const int AttributeValueMaxBytes = 1000;

    /// <summary>Attributes in one call.</summary>
    public const int MaxAttributes = 300;

    /// <summary>Event name (v1 track/trackAnonymous, v2 event/page/screen).</summary>
    public const int EventNameMaxBytes = 100;

    /// <summary>Event data (v1 <c>data</c>, v2 event <c>attributes</c>), serialized.</summary>
    public const int EventDataMaxBytes = 100_000;

    /// <summary>A v2 <c>/entity</c> request ("must be smaller than 32kb"; 1 KB read as 1000 bytes).</summary>
    public const int EntityMaxBytes = 32_000;

    /// <summary>One v2 batch item ("each item ≤ 32kb"; 1 KB read as 1000 bytes).</summary>
    public const int BatchItemMaxBytes = 32_000;

    /// <summary>A v2 <c>/batch</c> request ("&lt; 500kb"; 1 KB read as 1000 bytes). Larger batches are split, not rejected.</summary>
    public const int BatchMaxBytes = 500_000;

    /// <summary>Ids per segment add/remove request. More are split into several requests, not rejected.</summary>
    public const int SegmentMaxIds = 1000;

    /// <summary>The largest unix timestamp in seconds Customer.io takes (11 digits; year 5138). Larger ones are milliseconds.</summary>
    public const long MaxUnixSeconds = 99_999_999_999;

    /// <summary>What <see cref="CustomerioTrack.Client.EventIdAugmenter"/> inserts into an event without id: <c>"id":"&lt;26-character ULID&gt;",</c>.</summary>
    public const int EventIdAllowance = 34;

    private const string Body = ArgumentBinder.RequestBodyParameter;

    // A field name no problem can have (a fresh instance, compared by reference): see the batch loop.
    private static readonly string Probe = new('?', 1);

    // Per-call collection expressions would allocate these on every batch item.
    private static readonly byte[][] IdentifyNotCounted = Utf8("_update", "_timestamp", "cio_relationships");
    private static readonly byte[][] IdentifyNotValueChecked = Utf8("id", "_update", "_timestamp", "cio_relationships", "cio_subscription_preferences");
    private static readonly byte[][] EntityNotCounted = Utf8("_update");
    private static readonly byte[][] EntityNotValueChecked = Utf8("_update", "cio_subscription_preferences");

    // Every property name the checks look up, as UTF-8: a lookup by string would transcode the name on every call, and
    // a 500 KB batch makes about ten lookups per item.
    private static readonly FrozenDictionary<string, byte[]> s_names = new[]
    {
        "action", "attributes", "batch", "cio_object_id", "cio_relationships", "created_at", "data", "device", "id", "identifiers",
        "ids", "last_used", "name", "object_id", "primary", "relationship_attributes", "relationships", "secondary", "timestamp",
        "type", "_timestamp",
    }.ToFrozenDictionary(name => name, Encoding.UTF8.GetBytes, StringComparer.Ordinal);

    private static readonly JsonWriterOptions s_compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    /// <summary>Problems with a request body as an API would see it (query parameters given by API name, e.g. <c>id_type</c>).</summary>
    public static IReadOnlyList<ToolProblem> Check(ToolDefinition definition, JsonElement body, IReadOnlyDictionary<string, string> query)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(query);
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var parameter in definition.Parameters.Where(p => p.Location == ToolParameterLocation.Query))
        {
            if (query.TryGetValue(parameter.ApiName, out var value))
            {
                values[parameter.Name] = JsonSerializer.SerializeToElement(value, ToolsJsonContext.Default.String);
            }
        }

        return Check(definition, body, new ToolArguments(values));
    }

    /// <summary>Problems with a request body; empty when it is within every limit. Tolerates bodies that broke the schema.</summary>
    public static IReadOnlyList<ToolProblem> Check(ToolDefinition definition, JsonElement body, ToolArguments arguments)
    {
        var problems = new List<ToolProblem>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            return problems;
        }

        switch (TrackOperations.Of(definition))
        {
            case TrackOperation.Identify:
                CheckIdentifier(problems, Body, body, "id", "person id");
                CheckAttributes(problems, Body, body, notCounted: IdentifyNotCounted, notValueChecked: IdentifyNotValueChecked);
                CheckTimestamp(problems, Body, body, "created_at");
                CheckTimestamp(problems, Body, body, "_timestamp");
                if (Property(body, "cio_relationships") is { ValueKind: JsonValueKind.Object } v1Relationships)
                {
                    CheckRelationships(problems, Field(Body, "cio_relationships", "relationships"), Property(v1Relationships, "relationships"));
                }

                break;
            case TrackOperation.V1Event:
                CheckEventName(problems, Body, body);
                CheckSerializedSize(problems, Body, body, "data", EventDataMaxBytes, "event data",
                    "send less data with the event, or move profile-like values to the person's attributes");
                CheckTimestamp(problems, Body, body, "timestamp");
                break;
            case TrackOperation.AddDevice:
                if (Property(body, "device") is { ValueKind: JsonValueKind.Object } device)
                {
                    CheckTimestamp(problems, Field(Body, "device"), device, "last_used");
                }

                break;
            case TrackOperation.Metrics:
                CheckTimestamp(problems, Body, body, "timestamp");
                break;
            case TrackOperation.Merge:
                CheckSelector(problems, Body, body, "primary");
                CheckSelector(problems, Body, body, "secondary");
                break;
            case TrackOperation.Segment:
                CheckSegmentIds(problems, definition, body, arguments);
                break;
            case TrackOperation.Entity:
                CheckV2Operation(problems, Body, body);
                CheckRequestSize(problems, Body, body, EntityMaxBytes,
                    "a v2 entity request must be at most {0} bytes (Customer.io: smaller than 32kb)",
                    "move some attributes to a second call, or send the operations with BatchProcessRequests");
                break;
            case TrackOperation.Batch:
                if (Property(body, "batch") is { ValueKind: JsonValueKind.Array } batch)
                {
                    var index = 0;
                    var itemsField = Field(Body, "batch") + "/";
                    foreach (var item in batch.EnumerateArray())
                    {
                        if (item.ValueKind == JsonValueKind.Object)
                        {
                            // Probed under a placeholder field first: naming each of a thousand items' fields costs more than
                            // checking them, and only an item with a problem needs its real name.
                            var before = problems.Count;
                            CheckBatchItem(problems, Probe, item);
                            if (problems.Count > before)
                            {
                                problems.RemoveRange(before, problems.Count - before);
                                CheckBatchItem(problems, itemsField + index.ToString(CultureInfo.InvariantCulture), item);
                            }
                        }

                        index++;
                    }
                }

                break;
        }

        return problems;
    }

    /// <summary>
    /// Combines schema and limit problems. A limit problem replaces schema problems for the same field: the schema's
    /// <c>maximum</c>/<c>type</c>/<c>maxLength</c> complaint about a millisecond timestamp or an over-long name says less
    /// than the limit's message with the converted value or the byte count.
    /// </summary>
    public static IReadOnlyList<ToolProblem> Merge(IReadOnlyList<ToolProblem> schemaProblems, IReadOnlyList<ToolProblem> limitProblems)
    {
        if (limitProblems.Count == 0)
        {
            return schemaProblems;
        }

        var covered = new HashSet<string>(limitProblems.Select(p => p.Field), StringComparer.Ordinal);
        return schemaProblems.Where(p => !covered.Contains(p.Field)).Concat(limitProblems).ToList();
    }

    /// <summary>
    /// Segment tools take any number of ids: more than <see cref="SegmentMaxIds"/> are sent as several requests, each of
    /// which satisfies the published schema (<c>maxItems: 1000</c>). So the schema's <c>maxItems</c> problem on
    /// <c>request_body/ids</c> is dropped for them; every other schema problem (empty list, empty id, …) stands.
    /// </summary>
    public static IReadOnlyList<ToolProblem> AllowSplitting(ToolDefinition definition, IReadOnlyList<ToolProblem> schemaProblems) =>
        TrackOperations.Of(definition) == TrackOperation.Segment
            ? schemaProblems.Where(p => !(p.Field == Field(Body, "ids") && p.Rule == "maxItems")).ToList()
            : schemaProblems;

    private static void CheckBatchItem(List<ToolProblem> problems, string field, JsonElement item)
    {
        CheckV2Operation(problems, field, item);
        CheckRequestSize(problems, field, item, BatchItemMaxBytes,
            "each batch item must be at most {0} bytes (Customer.io: 32kb per item)",
            "split its attributes across several items");
    }

    private static void CheckV2Operation(List<ToolProblem> problems, string field, JsonElement operation)
    {
        var (type, action, identifiersValue, primary, secondary, attributes, name, timestamp, deviceValue, relationshipsValue) =
            V2OperationProperties.Read(operation);
        var person = Is(type, "person"u8);
        if (identifiersValue is { ValueKind: JsonValueKind.Object } identifiers && MayHoldLongIdentifier(identifiers))
        {
            var identifiersField = Field(field, "identifiers");
            CheckIdentifier(problems, identifiersField, identifiers, "id", Is(type, "object"u8) ? "object id" : "person id");
            CheckIdentifier(problems, identifiersField, identifiers, "object_id", "object id");
            CheckIdentifier(problems, identifiersField, identifiers, "cio_object_id", "object id");
        }

        CheckSelector(problems, field, primary, "primary");
        CheckSelector(problems, field, secondary, "secondary");
        if (Is(action, "identify"u8) || Is(action, "identify_anonymous"u8))
        {
            CheckAttributes(problems, field, attributes, "attributes", notCounted: EntityNotCounted, notValueChecked: EntityNotValueChecked);
        }

        var personEvent = person && IsEventAction(action);
        if (personEvent)
        {
            CheckEventName(problems, field, name);
            CheckSerializedSize(problems, field, attributes, "attributes", EventDataMaxBytes, "event data",
                "send less data with the event, or move profile-like values to the person's attributes");
        }

        if (personEvent || (person && Is(action, "identify"u8)))
        {
            CheckTimestamp(problems, field, timestamp, "timestamp");
        }

        if (person && Is(action, "add_device"u8) && deviceValue is { ValueKind: JsonValueKind.Object } device)
        {
            CheckTimestamp(problems, Field(field, "device"), device, "last_used");
        }

        if (relationshipsValue is { ValueKind: JsonValueKind.Array } relationships)
        {
            CheckRelationships(problems, Field(field, "cio_relationships"), relationships);
        }
    }

    private static void CheckRelationships(List<ToolProblem> problems, string field, JsonElement? relationships)
    {
        if (relationships is not { ValueKind: JsonValueKind.Array } list)
        {
            return;
        }

        var index = 0;
        foreach (var relationship in list.EnumerateArray())
        {
            var itemField = Field(field, index.ToString(CultureInfo.InvariantCulture));
            if (relationship.ValueKind == JsonValueKind.Object)
            {
                if (Property(relationship, "identifiers") is { ValueKind: JsonValueKind.Object } identifiers && MayHoldLongIdentifier(identifiers))
                {
                    var identifiersField = Field(itemField, "identifiers");
                    CheckIdentifier(problems, identifiersField, identifiers, "id", "person id");
                    CheckIdentifier(problems, identifiersField, identifiers, "object_id", "object id");
                    CheckIdentifier(problems, identifiersField, identifiers, "cio_object_id", "object id");
                }

                CheckAttributes(problems, itemField, relationship, "relationship_attributes", notCounted: [], notValueChecked: []);
            }

            index++;
        }
    }

    private static void CheckSelector(List<ToolProblem> problems, string field, JsonElement parent, string name) =>
        CheckSelector(problems, field, Property(parent, name), name);

    private static void CheckSelector(List<ToolProblem> problems, string field, JsonElement? value, string name)
    {
        if (value is { ValueKind: JsonValueKind.Object } selector)
        {
            CheckIdentifier(problems, Field(field, name), selector, "id", "person id");
        }
    }

    private static void CheckSegmentIds(List<ToolProblem> problems, ToolDefinition definition, JsonElement body, ToolArguments arguments)
    {
        // Only person ids have the 150-byte limit; email addresses and cio_ids follow their own rules.
        var idType = definition.Parameters.FirstOrDefault(p => p.ApiName == "id_type") is { } parameter && arguments.Has(parameter.Name)
            ? Text(arguments.GetJson(parameter.Name))
            : "id";
        if (idType != "id" || Property(body, "ids") is not { ValueKind: JsonValueKind.Array } ids)
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

    private static void CheckRequestSize(List<ToolProblem> problems, string field, JsonElement operation, int max, string limit, string todo)
    {
        // The caller's JSON goes out byte for byte, so its raw UTF-8 length is the size as sent.
        var bytes = JsonMarshal.GetRawUtf8Value(operation).Length;
        if (bytes + EventIdAllowance > max && IsEventWithoutId(operation))
        {
            bytes += EventIdAllowance;
        }

        if (bytes > max)
        {
            problems.Add(new ToolProblem(field, "maxBytes",
                Invariant($"is {bytes:N0} bytes as sent; ") + string.Format(CultureInfo.InvariantCulture, limit, max.ToString("N0", CultureInfo.InvariantCulture)) + ": " + todo));
        }
    }

    private static void CheckTimestamp(List<ToolProblem> problems, string field, JsonElement parent, string name) =>
        CheckTimestamp(problems, field, Property(parent, name), name);

    private static void CheckTimestamp(List<ToolProblem> problems, string field, JsonElement? member, string name)
    {
        if (member is { } value && Timestamp(value) is { } problem)
        {
            problems.Add(new ToolProblem(Field(field, name), problem.Rule, problem.Message));
        }
    }

    private const string SecondsRule = "Track timestamps are integer unix seconds";

    /// <summary>What is wrong with a timestamp value, or null when it is unix seconds (or not something we can advise on).</summary>
    internal static (string Rule, string Message)? Timestamp(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                var raw = value.GetRawText();
                if (value.TryGetInt64(out var whole))
                {
                    return whole > MaxUnixSeconds ? ("timestampUnit", Unit(raw, whole)) : null;
                }

                if (value.TryGetDecimal(out var number))
                {
                    var truncated = decimal.Truncate(number);
                    if (truncated == number)
                    {
                        return ("timestampUnit", Invariant($"{raw} is not a unix timestamp; {SecondsRule} (at most {MaxUnixSeconds})"));
                    }

                    if (truncated > MaxUnixSeconds && truncated <= long.MaxValue)
                    {
                        return ("timestampUnit", Unit(raw, (long)truncated));
                    }

                    return ("timestampFormat", Invariant($"{raw} is not a whole number of seconds; {SecondsRule}: send {truncated}"));
                }

                return ("timestampUnit", Invariant($"{raw} is not a unix timestamp; {SecondsRule} (at most {MaxUnixSeconds})"));
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var quoted))
                {
                    var seconds = ToSeconds(quoted, out var unit);
                    var unitNote = unit is null ? string.Empty : " (it looks like " + unit + ")";
                    return ("timestampFormat", Invariant($"\"{text}\" is a string{unitNote}; {SecondsRule} sent as a JSON number: send {seconds} without quotes"));
                }

                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var date))
                {
                    return ("timestampFormat", Invariant($"\"{Shorten(text)}\" is a date string; {SecondsRule}: send {date.ToUnixTimeSeconds()} (that date as unix seconds)"));
                }

                return ("timestampFormat", "\"" + Shorten(text) + "\" is not a timestamp; " + SecondsRule + ", e.g. 1700000000 for 2023-11-14T22:13:20Z");
            default:
                return null;
        }
    }

    private static string Unit(string raw, long value)
    {
        var seconds = ToSeconds(value, out var unit);
        return Invariant($"{raw} looks like {unit}; {SecondsRule}: send {seconds}");
    }

    private static long ToSeconds(long value, out string? unit)
    {
        (unit, var divisor) = value switch
        {
            <= MaxUnixSeconds => ((string?)null, 1L),
            <= 99_999_999_999_999 => ("milliseconds", 1_000L),
            <= 99_999_999_999_999_999 => ("microseconds", 1_000_000L),
            _ => ("nanoseconds", 1_000_000_000L),
        };
        return value / divisor;
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

    // The UTF-8 size of a string value, exact whenever it exceeds the limit. Unescaping never lengthens a string, so
    // the raw token (less its quotes) bounds the value from above and settles short values without decoding them.
    private static int Utf8Bytes(JsonElement text, int limit)
    {
        var raw = JsonMarshal.GetRawUtf8Value(text).Length - 2;
        return raw <= limit ? raw : Encoding.UTF8.GetByteCount(text.GetString()!);
    }

    private static bool IsEventWithoutId(JsonElement operation) =>
        Is(Property(operation, "type"), "person"u8) && IsEventAction(Property(operation, "action")) && Property(operation, "id") is null;

    private static bool IsEventAction(JsonElement? action) => Is(action, "event"u8) || Is(action, "page"u8) || Is(action, "screen"u8);

    private static bool Is(JsonElement? value, ReadOnlySpan<byte> text) => value is { ValueKind: JsonValueKind.String } s && s.ValueEquals(text);

    // Every string inside is shorter than the object's own raw text: a small identifiers object needs no lookups.
    private static bool MayHoldLongIdentifier(JsonElement identifiers) => JsonMarshal.GetRawUtf8Value(identifiers).Length > IdentifierMaxBytes;

    private static JsonElement? Property(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && (s_names.TryGetValue(name, out var utf8) ? parent.TryGetProperty(utf8, out var value) : parent.TryGetProperty(name, out value))
            ? value
            : null;

    private static byte[][] Utf8(params string[] names) => names.Select(Encoding.UTF8.GetBytes).ToArray();

    private static string? Text(JsonElement? value) => value is { ValueKind: JsonValueKind.String } text ? text.GetString() : null;

    /// <summary>A problem field: the parent field plus JSON pointer tokens (escaped: <c>~</c> → <c>~0</c>, <c>/</c> → <c>~1</c>).</summary>
    internal static string Field(string parent, params ReadOnlySpan<string> tokens)
    {
        if (ReferenceEquals(parent, Probe))
        {
            return Probe;
        }

        // Called for every batch item whether or not it has a problem: one concatenation, no builder.
        var field = parent;
        foreach (var token in tokens)
        {
            field = string.Concat(field, "/", token.AsSpan().IndexOfAny('~', '/') < 0
                ? token
                : token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));
        }

        return field;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static string Quote(string text) => "'" + Shorten(text) + "'";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
