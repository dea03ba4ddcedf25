using System.Text.Json.Nodes;

namespace CustomerioTrack.Tools;

/// <summary>
/// Writes the entries of <c>failed</c> or <c>not_sent</c>, each run of consecutive items that a request failure gave the
/// same entry as one: <c>{"indexes": {"from", "to"}, "count", …}</c>. A 1,000-id segment call answered 401 listed 1,000
/// identical entries (137 KB in the model's context); it now lists one. A single item keeps <c>{"index", …}</c>.
/// </summary>
internal static class IndexRuns
{
    /// <param name="entries">In index order; <c>Joinable</c> marks entries that say nothing of their own item (those of a
    /// request that failed or was not sent as a whole), so that a 207's per-item errors always keep one entry each.</param>
    public static JsonArray Compact(IEnumerable<(int? Index, JsonObject Entry, bool Joinable)> entries)
    {
        var written = new JsonArray();
        var run = new List<(int Index, JsonObject Entry)>();
        foreach (var (index, entry, joinable) in entries)
        {
            if (run.Count > 0 && !(joinable && index == run[^1].Index + 1 && SameApartFromIndex(entry, run[0].Entry)))
            {
                written.Add(Write(run));
                run.Clear();
            }

            if (joinable && index is { } known)
            {
                run.Add((known, entry));
            }
            else
            {
                written.Add(entry.DeepClone());
            }
        }

        if (run.Count > 0)
        {
            written.Add(Write(run));
        }

        return written;
    }

    private static JsonNode Write(List<(int Index, JsonObject Entry)> run)
    {
        if (run.Count == 1)
        {
            return run[0].Entry.DeepClone();
        }

        var entry = new JsonObject
        {
            ["indexes"] = new JsonObject { ["from"] = run[0].Index, ["to"] = run[^1].Index },
            ["count"] = run.Count,
        };
        foreach (var (name, value) in run[0].Entry)
        {
            if (name != "index")
            {
                entry[name] = value?.DeepClone();
            }
        }

        return entry;
    }

    private static bool SameApartFromIndex(JsonObject entry, JsonObject other) =>
        entry.Count == other.Count && entry.All(p => p.Key == "index" || (other.TryGetPropertyValue(p.Key, out var value) && JsonNode.DeepEquals(p.Value, value)));
}
