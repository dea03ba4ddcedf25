using System.Text.Json.Nodes;

namespace CustomerioTrack.Tools.Tests.Support;

/// <summary>Reads the entries of <c>failed</c> and <c>not_sent</c>, where a run of items shares one entry.</summary>
public static class ItemEntries
{
    /// <summary>Every item index the entries account for, in order: <c>{"index": i}</c> is one, <c>{"indexes": {"from", "to"}, "count"}</c> a run.</summary>
    public static List<int> Indexes(JsonNode? list) => list!.AsArray().SelectMany(Of).ToList();

    private static IEnumerable<int> Of(JsonNode? entry)
    {
        if (entry!["indexes"] is not { } run)
        {
            return [entry["index"]!.GetValue<int>()];
        }

        var from = run["from"]!.GetValue<int>();
        var to = run["to"]!.GetValue<int>();
        var count = entry["count"]!.GetValue<int>();
        Assert.False(entry.AsObject().ContainsKey("index"), entry.ToJsonString());
        Assert.True(count >= 2 && to - from + 1 == count, $"A run must cover count >= 2 items from 'from' to 'to': {entry.ToJsonString()}");
        return Enumerable.Range(from, count);
    }
}
