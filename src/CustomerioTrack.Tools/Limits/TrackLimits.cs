using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CustomerioTrack.Tools.Limits;

/// <summary>
/// Customer.io's Track limits (track-api-facts §3.5/§3.6), checked before anything is sent. Each problem names the
/// field (<c>request_body</c> + JSON pointer), the limit, and what to send instead. Rules: <c>maxBytes</c>,
/// <c>maxAttributes</c>, <c>timestampUnit</c> (milliseconds/microseconds/nanoseconds instead of seconds),
/// <c>timestampFormat</c> (a date string, a quoted number, a fraction, or a whole number written with a decimal point or an
/// exponent, instead of plain integer digits), <c>minLength</c> (an event name of only whitespace),
/// <c>percentEncoded</c> (a v1 path identifier that is an email address the caller encoded),
/// <c>idType</c> (segment ids that cannot be of the chosen identifier type), <c>additionalProperties</c> (a batch body
/// sent as one v2 entity) and <c>v2Operation</c> (a v2 operation sent as a v1 identify body).
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
public static partial class TrackLimits
{
    /// <summary>
    /// The rule of a v2 operation sent as a v1 identify body. Not a limit of the API, which stores every key as an
    /// attribute and answers 200: the tools refuse it as the caller's mistake, and a host emulating the API leaves it out.
    /// </summary>
    public const string V2OperationRule = "v2Operation";

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

    /// <summary>A v2 <c>/entity</c> request must be smaller than this ("must be smaller than 32kb"; 1 KB read as 1000 bytes).</summary>
    public const int EntityMaxBytes = 32_000;

    /// <summary>One v2 batch item ("each item ≤ 32kb"; 1 KB read as 1000 bytes).</summary>
    public const int BatchItemMaxBytes = 32_000;

    /// <summary>A v2 <c>/batch</c> request must be smaller than this ("&lt; 500kb"; 1 KB read as 1000 bytes). Batches of this size or more are split, not rejected.</summary>
    public const int BatchMaxBytes = 500_000;

    /// <summary>The largest <c>/batch</c> body sent: one byte under <see cref="BatchMaxBytes"/>, since the limit is "smaller than".</summary>
    internal const int BatchLargestSentBytes = BatchMaxBytes - 1;

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

    /// <summary>Problems with a request body as an API would see it (query parameters given by API name, e.g. <c>id_type</c>).</summary>
    /// <param name="definition">The operation.</param>
    /// <param name="body">The request body.</param>
    /// <param name="query">The query parameters by API name.</param>
    /// <param name="clock">The clock a timestamp problem reads the current time from; <see cref="TimeProvider.System"/> when null.</param>
    public static IReadOnlyList<ToolProblem> Check(ToolDefinition definition, JsonElement body, IReadOnlyDictionary<string, string> query, TimeProvider? clock = null)
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

        return Check(definition, body, new ToolArguments(values), clock);
    }

    /// <summary>Problems with a request body; empty when it is within every limit. Tolerates bodies that broke the schema.</summary>
    /// <param name="definition">The operation.</param>
    /// <param name="body">The request body.</param>
    /// <param name="arguments">The tool's other arguments.</param>
    /// <param name="clock">The clock a timestamp problem reads the current time from; <see cref="TimeProvider.System"/> when null.</param>
    public static IReadOnlyList<ToolProblem> Check(ToolDefinition definition, JsonElement body, ToolArguments arguments, TimeProvider? clock = null) =>
        Check(definition, body, arguments, clock ?? TimeProvider.System, out _);

    /// <summary>
    /// As <see cref="Check(ToolDefinition, JsonElement, ToolArguments, TimeProvider)"/>; for a batch, also whether it may hold events
    /// (read while its items are checked, so the executor need not walk them again). False only when no <c>action</c> of
    /// any item, duplicates and escaped spellings included, is <c>event</c>, <c>page</c> or <c>screen</c>: a superset of
    /// what <see cref="CustomerioTrack.Client.EventIdAugmenter"/> gives an id. True for any other operation.
    /// </summary>
    internal static IReadOnlyList<ToolProblem> Check(ToolDefinition definition, JsonElement body, ToolArguments arguments, TimeProvider clock, out bool mayHoldEvents)
    {
        mayHoldEvents = true;
        var problems = new List<ToolProblem>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            return problems;
        }

        switch (TrackOperations.Of(definition))
        {
            case TrackOperation.Identify:
                // Every key of a v1 identify body is stored as an attribute, so a v2 operation sent here is accepted and
                // leaves the person with attributes named identifiers, action and attributes.
                if (Property(body, "identifiers") is { ValueKind: JsonValueKind.Object } && Property(body, "action") is { ValueKind: JsonValueKind.String })
                {
                    problems.Add(new ToolProblem(Body, V2OperationRule,
                        "this is a v2 operation (identifiers, action), and every key of this body would become an attribute of the person: send it with ManageEntity (/api/v2/entity), or send here only the attributes themselves, e.g. {\"plan\": \"pro\"}"));
                }

                CheckIdentifier(problems, Body, body, "id", "person id");
                CheckAttributes(problems, Body, body, notCounted: IdentifyNotCounted, notValueChecked: IdentifyNotValueChecked);
                CheckTimestamp(problems, clock, Body, body, "created_at");
                CheckTimestamp(problems, clock, Body, body, "_timestamp");
                if (Property(body, "cio_relationships") is { ValueKind: JsonValueKind.Object } v1Relationships)
                {
                    CheckRelationships(problems, Field(Body, "cio_relationships", "relationships"), Property(v1Relationships, "relationships"));
                }

                break;
            case TrackOperation.V1Event:
                CheckEventName(problems, Body, body);
                CheckSerializedSize(problems, Body, body, "data", EventDataMaxBytes, "event data",
                    "send less data with the event, or move profile-like values to the person's attributes");
                CheckTimestamp(problems, clock, Body, body, "timestamp");
                break;
            case TrackOperation.AddDevice:
                if (Property(body, "device") is { ValueKind: JsonValueKind.Object } device)
                {
                    CheckTimestamp(problems, clock, Field(Body, "device"), device, "last_used");
                }

                break;
            case TrackOperation.Metrics:
                CheckTimestamp(problems, clock, Body, body, "timestamp");
                break;
            case TrackOperation.Merge:
                CheckSelector(problems, Body, body, "primary");
                CheckSelector(problems, Body, body, "secondary");
                break;
            case TrackOperation.Segment:
                CheckSegmentIds(problems, definition, body, arguments);
                break;
            case TrackOperation.Entity:
                // Without this, the schema's only complaint about a batch body is the missing type.
                if (Property(body, "batch") is { ValueKind: JsonValueKind.Array })
                {
                    problems.Add(new ToolProblem(Field(Body, "batch"), "additionalProperties",
                        "a list of operations under 'batch' is a batch body (BatchProcessRequests, /api/v2/batch); this takes one operation: send the list there, or send one of its items here"));
                }

                CheckV2Operation(problems, clock, Body, body);
                CheckRequestSize(problems, Body, body, EntityMaxBytes - 1,
                    "a v2 entity request must be smaller than {1} bytes (Customer.io: smaller than 32kb)",
                    "move some attributes to a second call, or send the operations with BatchProcessRequests");
                break;
            case TrackOperation.Batch:
                // Only the last of duplicate "batch" members is checked here; the augmenter scans the bytes of them all.
                mayHoldEvents = CountMembers(body, "batch"u8) > 1;
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
                            mayHoldEvents |= CheckBatchItem(problems, clock, Probe, item);
                            if (problems.Count > before)
                            {
                                problems.RemoveRange(before, problems.Count - before);
                                CheckBatchItem(problems, clock, itemsField + index.ToString(CultureInfo.InvariantCulture), item);
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

    private static bool Is(JsonElement? value, ReadOnlySpan<byte> text) => value is { ValueKind: JsonValueKind.String } s && s.ValueEquals(text);

    private static JsonElement? Property(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && (s_names.TryGetValue(name, out var utf8) ? parent.TryGetProperty(utf8, out var value) : parent.TryGetProperty(name, out value))
            ? value
            : null;

    private static int CountMembers(JsonElement body, ReadOnlySpan<byte> name)
    {
        var count = 0;
        foreach (var member in body.EnumerateObject())
        {
            count += new PropertyName(member).Is(name) ? 1 : 0;
        }

        return count;
    }

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
