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
    public void A_large_batch_whose_items_are_all_valid_but_the_body_is_not_is_explained_whole()
    {
        var explained = new List<int>();
        using var body = JsonDocument.Parse(Batch(40).Replace("{\"batch\"", "{\"unexpected\":1,\"batch\"", StringComparison.Ordinal));
        var problems = Schema(explained).Validate(body.RootElement);

        Assert.Equal([40], explained);
        Assert.NotEmpty(problems);
    }
}
