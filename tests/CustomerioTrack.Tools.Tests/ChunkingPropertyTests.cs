using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using CustomerioTrack.Tools.Chunking;
using CustomerioTrack.Tools.Tests.Support;

namespace CustomerioTrack.Tools.Tests;

/// <summary>Issue 5 §7: chunking properties. Every item exactly once, in order; no chunk over its limit; indexes map back exactly.</summary>
public sealed class ChunkingPropertyTests
{
    // Item texts with quotes, escapes, non-ASCII and inner whitespace: they must travel byte for byte.
    private static readonly Gen<string> ItemText =
        Gen.Select(
                Gen.OneOf(Gen.Char.AlphaNumeric, Gen.Char["\"\\é€日 ,[]{}:"]).Array[0, 60].Select(c => new string(c)),
                Gen.Int[0, 2],
                Gen.Bool)
            .Select((text, spaces, asObject) => asObject
                ? "{" + new string(' ', spaces) + "\"type\":\"person\"," + new string(' ', spaces) + "\"n\":" + JsonSerializer.Serialize(text) + "}"
                : JsonSerializer.Serialize(text));

    private static readonly Gen<string> Separator = Gen.OneOf(Gen.Const(","), Gen.Const(", "), Gen.Const("\n ,\t"));

    private static byte[] Payload(string property, IReadOnlyList<string> items, string separator) =>
        Encoding.UTF8.GetBytes("{ \"" + property + "\" : [" + string.Join(separator, items) + "] }");

    private static List<string> ItemsOf(ReadOnlyMemory<byte> body, string property) =>
        RequestChunker.ArraySlices(body.Span, property)!.Select(s => Encoding.UTF8.GetString(body.Span.Slice(s.Start, s.Length))).ToList();

    [Fact]
    public void Size_groups_cover_every_item_once_in_order_and_stay_within_the_limit()
    {
        Gen.Select(Gen.Int[1, 5_000].List[0, 200], Gen.Int[5_012, 40_000]).Sample((sizes, maxBytes) =>
        {
            var groups = RequestChunker.GroupBySize(sizes, maxBytes, envelopeBytes: 12);

            var next = 0;
            foreach (var (offset, count) in groups)
            {
                Assert.Equal(next, offset);
                Assert.True(count > 0);
                var bytes = 12 + sizes.Skip(offset).Take(count).Sum() + (count - 1);
                Assert.True(bytes <= maxBytes, $"{bytes} > {maxBytes}");
                next += count;
            }

            Assert.Equal(sizes.Count, next);

            // Greedy: each group is closed only because the next item would not have fitted.
            foreach (var (offset, count) in groups.Take(groups.Count - 1))
            {
                Assert.True(12 + sizes.Skip(offset).Take(count + 1).Sum() + count > maxBytes);
            }
        }, iter: 500);
    }

    [Fact]
    public void Split_batches_carry_every_item_byte_for_byte_exactly_once_in_order_within_the_limit()
    {
        Gen.Select(ItemText.List[1, 120], Separator, Gen.Int[600, 3_000]).Sample((items, separator, maxBytes) =>
        {
            var payload = Payload("batch", items, separator);

            var plan = RequestChunker.BySize(payload, "batch", maxBytes)!;

            Assert.Equal(items.Count, plan.ItemCount);
            if (payload.Length <= maxBytes)
            {
                // The body as given, not a copy.
                Assert.True(MemoryMarshal.TryGetArray(Assert.Single(plan.Chunks).Body, out var segment));
                Assert.Same(payload, segment.Array);
                Assert.Equal(payload.Length, segment.Count);
                return;
            }

            var next = 0;
            var carried = new List<string>();
            foreach (var chunk in plan.Chunks)
            {
                Assert.Equal(next, chunk.Offset);
                Assert.True(chunk.Body.Length <= maxBytes, $"{chunk.Body.Length} > {maxBytes}");
                Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(chunk.Body).RootElement.GetProperty("batch").ValueKind);
                var inChunk = ItemsOf(chunk.Body, "batch");
                Assert.Equal(chunk.Count, inChunk.Count);
                carried.AddRange(inChunk);
                next += chunk.Count;
            }

            Assert.Equal(items, carried);
        }, iter: 300);
    }

    [Fact]
    public void Segment_chunks_hold_at_most_1000_ids_and_every_id_once_in_order()
    {
        Gen.Int[1, 4_500].Sample(count =>
        {
            var ids = Enumerable.Range(0, count).Select(i => "\"id-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"").ToList();

            var plan = RequestChunker.ByCount(Payload("ids", ids, ","), "ids", 1000)!;

            Assert.All(plan.Chunks, c => Assert.InRange(c.Count, 1, 1000));
            Assert.Equal((count + 999) / 1000, plan.Chunks.Count);
            Assert.Equal(ids, plan.Chunks.SelectMany(c => ItemsOf(c.Body, "ids")));
            Assert.Equal(Enumerable.Range(0, count), plan.Chunks.SelectMany(c => Enumerable.Range(c.Offset, c.Count)));
        }, iter: 60);
    }

    [Fact]
    public void Per_request_batch_indexes_map_back_to_exactly_the_callers_indexes()
    {
        var gen = Gen.Int[1, 400].SelectMany(count => Gen.Select(
            Gen.Const(count),
            Gen.Int[1, 60],
            Gen.Int[0, 9].Array[count],
            Gen.Int[-1, 30]));
        gen.Sample((count, perChunk, dice, fatalAt) =>
        {
            var groups = RequestChunker.GroupByCount(count, perChunk);
            var accounting = new ItemAccounting(count);
            var expectedFailed = new SortedSet<int>();
            var expectedNotSent = new SortedSet<int>();
            for (var k = 0; k < groups.Count; k++)
            {
                var (offset, size) = groups[k];
                if (k == fatalAt)
                {
                    accounting.RequestFailed(offset, size, 500, "request_failed", "boom", RequestFailure.MayHaveBeenProcessed);
                    expectedFailed.UnionWith(Enumerable.Range(offset, size));
                    for (var later = k + 1; later < groups.Count; later++)
                    {
                        accounting.NotSentAfterFailure(groups[later].Offset, groups[later].Count, "not sent");
                        expectedNotSent.UnionWith(Enumerable.Range(groups[later].Offset, groups[later].Count));
                    }

                    break;
                }

                // Items whose die shows 0 fail; Customer.io reports them by their index within this request, in any order.
                var local = Enumerable.Range(0, size).Where(i => dice[offset + i] == 0).Reverse().ToList();
                var errors = new JsonArray(local.Select(i => (JsonNode?)new JsonObject { ["batch_index"] = i, ["reason"] = "invalid" }).ToArray());
                accounting.Answered(offset, size, local.Count > 0 ? 207 : 200, new JsonObject { ["errors"] = errors });
                expectedFailed.UnionWith(local.Select(i => offset + i));
            }

            var content = new JsonObject();
            accounting.WriteTo(content);
            var failed = ItemEntries.Indexes(content["failed"]);
            var notSent = ItemEntries.Indexes(content["not_sent"]);
            Assert.Equal(expectedFailed, failed);
            Assert.Equal(expectedNotSent, notSent);
            Assert.Equal(count - expectedFailed.Count - expectedNotSent.Count, accounting.Accepted);
            Assert.Equal(count, accounting.Accepted + accounting.Failed + accounting.NotSent);
            Assert.Empty(failed.Intersect(notSent));
        }, iter: 500);
    }
}
