using System.Text.Json;
using CustomerioTrack.Tools.Validation;

namespace CustomerioTrack.Tools.Tests;

/// <summary>
/// JsonSchema.Net's detailed evaluation, which explains an invalid body, costs about 2 ms and 0.6 MB per batch item and
/// runs one at a time in the process: a 495 KB batch with one bad item held every other explanation for seconds. Only
/// the invalid items go to it, and its problems name the items' indices in the body as given.
/// </summary>
public sealed class FocusedExplanationTests
{
    private static readonly RequestBodySchema Shared = new(TrackTools.Create(() => throw new InvalidOperationException("no client"))
        .GetRequestSchema("BatchProcessRequests")!.ToJsonString());

    private static string Item(int index, bool bad) =>
        "{\"type\":\"person\",\"action\":\"identify\",\"identifiers\":{\"id\":" + (bad ? "7.5" : "\"p" + index + "\"") + "},\"attributes\":{\"k\":\"v\"}}";

    private static string Batch(int items, params int[] bad) =>
        "{\"batch\":[" + string.Join(",", Enumerable.Range(0, items).Select(i => Item(i, bad.Contains(i)))) + "]}";

    private static RequestBodySchema Schema(List<int> explainedItems)
    {
        var schema = new RequestBodySchema(Shared.Json);
        schema.Explaining = body => explainedItems.Add(body.GetProperty("batch").GetArrayLength());
        return schema;
    }

    [Fact]
    public void Only_the_invalid_items_of_a_large_batch_are_explained_and_problems_keep_their_indices()
    {
        var explained = new List<int>();
        using var large = JsonDocument.Parse(Batch(300, 70, 255));
        var problems = Schema(explained).Validate(large.RootElement);

        Assert.Equal([2], explained);

        // The same problems as explaining each bad item in a body too small to be cut down, at the item's own index.
        using var small = JsonDocument.Parse(Batch(3, 1));
        var one = Assert.Single(Schema([]).Validate(small.RootElement));
        Assert.Equal(
            new[] { 70, 255 }.Select(i => one with { Field = one.Field.Replace("/batch/1/", "/batch/" + i + "/", StringComparison.Ordinal) }),
            problems);
        Assert.Contains("/batch/70/", problems[0].Field, StringComparison.Ordinal);
    }

    [Fact]
    public void Past_the_first_20_invalid_items_the_rest_are_listed_by_index_not_explained()
    {
        var explained = new List<int>();
        var bad = Enumerable.Range(0, 90).Select(i => i * 3).ToArray();
        using var body = JsonDocument.Parse(Batch(300, bad));
        var problems = Schema(explained).Validate(body.RootElement);

        Assert.Equal([20], explained);
        Assert.Equal(21, problems.Count);
        Assert.Equal(bad.Take(20), problems.Take(20).Select(p => int.Parse(p.Field.Split('/')[2], System.Globalization.CultureInfo.InvariantCulture)));
        var rest = problems[20];
        Assert.Equal(("request_body/batch", "invalidItems"), (rest.Field, rest.Rule));
        Assert.Equal(
            "70 more items are invalid too, at indices " + string.Join(", ", bad.Skip(20).Take(50)) + " and 20 more; only the first 20 invalid items are explained in problems. Items with the same mistake need the same fix; call again to see what is still wrong.",
            rest.Message);
    }

    [Fact]
    public void A_large_batch_whose_items_are_all_valid_but_the_body_is_not_is_explained_whole()
    {
        var explained = new List<int>();
        using var body = JsonDocument.Parse(Batch(40).Replace("{\"batch\"", "{\"unexpected\":1,\"batch\"", StringComparison.Ordinal));
        var problems = Schema(explained).Validate(body.RootElement);

        Assert.Equal([40], explained);
        Assert.NotEmpty(problems);
    }
}
