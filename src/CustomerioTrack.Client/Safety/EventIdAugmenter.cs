using System.Text;
using System.Text.Json;

namespace CustomerioTrack.Client;

/// <summary>
/// Gives every event a ULID <c>id</c> when the caller gave none, so a retried request can never count an event twice
/// (Customer.io ignores repeated event ids). Covers v1 track and trackAnonymous and v2 person event/page/screen, alone
/// or in a batch. The JSON is otherwise left byte for byte as it was: the id is inserted right after the object's
/// opening brace.
/// </summary>
public static class EventIdAugmenter
{
    /// <summary>The ids added, in order, and the new body; the body is returned unchanged when nothing was added.</summary>
    public sealed record Result(byte[] Body, IReadOnlyList<string> AddedIds);

    /// <summary>Adds ids where an event lacks one.</summary>
    /// <param name="method">HTTP method.</param>
    /// <param name="path">Request path (percent-encoded).</param>
    /// <param name="body">UTF-8 JSON body.</param>
    /// <param name="newId">Id source (defaults to <see cref="Ulid.NewUlid()"/>).</param>
    public static Result Augment(string method, string path, byte[] body, Func<string>? newId = null) =>
        TryAugment(method, path, body, newId) ?? new Result(body, []);

    /// <summary>Adds ids where an event lacks one; null when every event already has one (the body needs no change).</summary>
    /// <param name="method">HTTP method.</param>
    /// <param name="path">Request path (percent-encoded).</param>
    /// <param name="body">UTF-8 JSON body; never kept.</param>
    /// <param name="newId">Id source (defaults to <see cref="Ulid.NewUlid()"/>).</param>
    /// <returns>A new body with the ids inserted, or null.</returns>
    public static Result? TryAugment(string method, string path, ReadOnlySpan<byte> body, Func<string>? newId = null)
    {
        var insertAt = EventsWithoutId(method, path, body);
        if (insertAt.Count == 0)
        {
            return null;
        }

        newId ??= Ulid.NewUlid;
        var ids = new List<string>(insertAt.Count);
        var insertions = new byte[insertAt.Count][];
        var size = body.Length;
        for (var i = 0; i < insertAt.Count; i++)
        {
            var id = newId();
            ids.Add(id);
            insertions[i] = Encoding.UTF8.GetBytes("\"id\":\"" + id + "\"" + (insertAt[i].Empty ? string.Empty : ","));
            size += insertions[i].Length;
        }

        // One exact-size array and span copies: a 500 KB batch of events is written once, not regrown and re-copied.
        var output = new byte[size];
        var cursor = 0;
        var written = 0;
        for (var i = 0; i < insertAt.Count; i++)
        {
            var upTo = insertAt[i].OpenBrace + 1;
            body[cursor..upTo].CopyTo(output.AsSpan(written));
            written += upTo - cursor;
            insertions[i].CopyTo(output.AsSpan(written));
            written += insertions[i].Length;
            cursor = upTo;
        }

        body[cursor..].CopyTo(output.AsSpan(written));
        return new Result(output, ids);
    }

    /// <summary>True when the body holds an event that has no id yet (what <see cref="Augment"/> would change).</summary>
    public static bool HasEventsWithoutId(string method, string path, byte[] body) => EventsWithoutId(method, path, body).Count > 0;

    private static List<(int OpenBrace, bool Empty)> EventsWithoutId(string method, string path, ReadOnlySpan<byte> body) =>
        TrackOperationClassifier.Kind(method, path) switch
        {
            TrackOperationKind.V1Event => TopLevelEventWithoutId(body, v2: false),
            TrackOperationKind.V2Entity => TopLevelEventWithoutId(body, v2: true),
            TrackOperationKind.V2Batch => BatchEventsWithoutId(body),
            _ => [],
        };

    private static List<(int OpenBrace, bool Empty)> TopLevelEventWithoutId(ReadOnlySpan<byte> body, bool v2)
    {
        var found = new List<(int, bool)>();
        try
        {
            var reader = new Utf8JsonReader(body);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                var start = (int)reader.TokenStartIndex;
                if (NeedsId(ref reader, v2, out var empty))
                {
                    found.Add((start, empty));
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: leave it for the API to reject.
        }

        return found;
    }

    private static List<(int OpenBrace, bool Empty)> BatchEventsWithoutId(ReadOnlySpan<byte> body)
    {
        var found = new List<(int, bool)>();
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return found;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isBatch = reader.ValueTextEquals("batch"u8);
                reader.Read();
                if (!isBatch || reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        reader.Skip();
                        continue;
                    }

                    var start = (int)reader.TokenStartIndex;
                    if (NeedsId(ref reader, v2: true, out var empty))
                    {
                        found.Add((start, empty));
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: leave it for the API to reject.
        }

        return found;
    }

    // Reads one object (reader on its StartObject, left on its EndObject) and says whether it is an event lacking an id.
    private static bool NeedsId(ref Utf8JsonReader reader, bool v2, out bool empty)
    {
        var hasId = false;
        string? type = null;
        string? action = null;
        var properties = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            properties++;

            // Names compared in place: a batch has thousands of them, and only three matter.
            var isId = reader.ValueTextEquals("id"u8);
            var isType = !isId && reader.ValueTextEquals("type"u8);
            var isAction = !isId && !isType && reader.ValueTextEquals("action"u8);
            reader.Read();
            if (isId)
            {
                hasId = true;
            }
            else if (isType && reader.TokenType == JsonTokenType.String)
            {
                type = reader.ValueTextEquals("person"u8) ? "person" : "other";
            }
            else if (isAction && reader.TokenType == JsonTokenType.String)
            {
                action = reader.ValueTextEquals("event"u8) || reader.ValueTextEquals("page"u8) || reader.ValueTextEquals("screen"u8) ? "event" : "other";
            }

            reader.Skip();
        }

        empty = properties == 0;
        if (hasId)
        {
            return false;
        }

        return v2
            ? type == "person" && action == "event"
            : properties > 0;
    }
}
