using System.Text;
using System.Text.Json;
using CustomerioTrack.Tools.Limits;

namespace CustomerioTrack.Tools.Chunking;

/// <summary>One request of a split call: the caller's items <c>[Offset, Offset + Count)</c> and the body that carries them.</summary>
internal sealed record RequestChunk(int Offset, int Count, ReadOnlyMemory<byte> Body);

/// <summary>How a call's items travel: one chunk (the body as given) or several, in order.</summary>
internal sealed record ChunkPlan(string ItemName, int ItemCount, IReadOnlyList<RequestChunk> Chunks);

/// <summary>
/// Splits v2 batches of <see cref="TrackLimits.BatchMaxBytes"/> or more into requests smaller than that, and segment
/// membership calls over <see cref="TrackLimits.SegmentMaxIds"/> ids into requests of that many ids. Order is kept and
/// every item's JSON text goes out byte for byte as given, inside a new <c>{"batch":[…]}</c> / <c>{"ids":[…]}</c>
/// envelope. A body within the limit is sent unchanged as a single chunk.
/// </summary>
internal static class RequestChunker
{
    public static ChunkPlan? Plan(TrackOperation operation, ReadOnlyMemory<byte> payload) => operation switch
    {
        TrackOperation.Batch => BySize(payload, "batch", TrackLimits.BatchLargestSentBytes),
        TrackOperation.Segment => ByCount(payload, "ids", TrackLimits.SegmentMaxIds),
        _ => null,
    };

    /// <summary>
    /// As <see cref="Plan(TrackOperation, ReadOnlyMemory{byte})"/>, for a payload that is <paramref name="body"/>'s own text (plus event
    /// ids): a body already within its limit is counted on the parsed document instead of scanning the bytes again.
    /// </summary>
    public static ChunkPlan? Plan(TrackOperation operation, ReadOnlyMemory<byte> payload, JsonElement body)
    {
        var (property, fits) = operation switch
        {
            TrackOperation.Batch => ("batch", payload.Length <= TrackLimits.BatchLargestSentBytes),
            TrackOperation.Segment => ("ids", true),
            _ => (null, false),
        };
        if (property is null)
        {
            return null;
        }

        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty(property, out var items) && items.ValueKind == JsonValueKind.Array)
        {
            var count = items.GetArrayLength();
            if (fits && (operation != TrackOperation.Segment || count <= TrackLimits.SegmentMaxIds))
            {
                return new ChunkPlan(property, count, [new RequestChunk(0, count, payload)]);
            }
        }

        return Plan(operation, payload);
    }

    /// <summary>Splits the items of <c>{"property":[…]}</c> so that no request body exceeds <paramref name="maxBytes"/>.</summary>
    public static ChunkPlan? BySize(ReadOnlyMemory<byte> payload, string property, int maxBytes)
    {
        if (ArraySlices(payload.Span, property) is not { } slices)
        {
            return null;
        }

        if (payload.Length <= maxBytes)
        {
            return new ChunkPlan(property, slices.Count, [new RequestChunk(0, slices.Count, payload)]);
        }

        var groups = GroupBySize(slices.Select(s => s.Length).ToList(), maxBytes, EnvelopeBytes(property));
        return new ChunkPlan(property, slices.Count, groups.Select(g => new RequestChunk(g.Offset, g.Count, Envelope(property, payload, slices, g.Offset, g.Count))).ToList());
    }

    /// <summary>Splits the items of <c>{"property":[…]}</c> into requests of at most <paramref name="maxItems"/> items.</summary>
    public static ChunkPlan? ByCount(ReadOnlyMemory<byte> payload, string property, int maxItems)
    {
        if (ArraySlices(payload.Span, property) is not { } slices)
        {
            return null;
        }

        if (slices.Count <= maxItems)
        {
            return new ChunkPlan(property, slices.Count, [new RequestChunk(0, slices.Count, payload)]);
        }

        var groups = GroupByCount(slices.Count, maxItems);
        return new ChunkPlan(property, slices.Count, groups.Select(g => new RequestChunk(g.Offset, g.Count, Envelope(property, payload, slices, g.Offset, g.Count))).ToList());
    }

    /// <summary>
    /// Greedy, order-keeping grouping: each group's envelope plus its items plus the commas between them stays within
    /// <paramref name="maxBytes"/>. An item too large for any group (impossible after the per-item limit) gets a group of its own.
    /// </summary>
    public static List<(int Offset, int Count)> GroupBySize(IReadOnlyList<int> itemBytes, int maxBytes, int envelopeBytes)
    {
        var groups = new List<(int, int)>();
        var start = 0;
        long size = envelopeBytes;
        for (var i = 0; i < itemBytes.Count; i++)
        {
            var count = i - start;
            var cost = itemBytes[i] + (count > 0 ? 1 : 0);
            if (count > 0 && size + cost > maxBytes)
            {
                groups.Add((start, count));
                start = i;
                size = envelopeBytes;
                cost = itemBytes[i];
            }

            size += cost;
        }

        if (itemBytes.Count > start)
        {
            groups.Add((start, itemBytes.Count - start));
        }

        return groups;
    }

    /// <summary>Consecutive groups of <paramref name="maxItems"/> (the last one smaller).</summary>
    public static List<(int Offset, int Count)> GroupByCount(int count, int maxItems)
    {
        var groups = new List<(int, int)>();
        for (var offset = 0; offset < count; offset += maxItems)
        {
            groups.Add((offset, Math.Min(maxItems, count - offset)));
        }

        return groups;
    }

    /// <summary>Bytes of <c>{"property":[]}</c>.</summary>
    public static int EnvelopeBytes(string property) => Encoding.UTF8.GetByteCount(property) + 7;

    /// <summary>Where each element of the top-level array <paramref name="property"/> sits in <paramref name="json"/>, or null when there is no such array.</summary>
    public static List<(int Start, int Length)>? ArraySlices(ReadOnlySpan<byte> json, string property)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            List<(int, int)>? slices = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var match = reader.ValueTextEquals(property);
                reader.Read();
                if (!match || reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }

                slices = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    slices.Add((start, (int)reader.BytesConsumed - start));
                }
            }

            return slices;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static byte[] Envelope(string property, ReadOnlyMemory<byte> payload, List<(int Start, int Length)> slices, int offset, int count)
    {
        using var output = new MemoryStream();
        output.Write(Encoding.UTF8.GetBytes("{\"" + property + "\":["));
        for (var i = offset; i < offset + count; i++)
        {
            if (i > offset)
            {
                output.WriteByte((byte)',');
            }

            output.Write(payload.Span.Slice(slices[i].Start, slices[i].Length));
        }

        output.Write("]}"u8);
        return output.ToArray();
    }
}
