using System.Text;
using System.Text.Json;
using CsCheck;
using CustomerioTrack.Client;
using CustomerioTrack.Tools.Limits;

namespace CustomerioTrack.Tools.Tests;

/// <summary>
/// The tools skip the event-id byte scan of a batch only when the Track limits, reading every item, find none that may be
/// an event. That must never hide an event the augmenter would give an id (a retried batch would count it twice).
/// </summary>
public sealed class BatchEventActionTests
{
    private static readonly ToolDefinition BatchTool = TrackTools.AllDefinitions.Single(d => d.Name == "BatchProcessRequests");

    private static bool MayHoldEvents(JsonElement body)
    {
        TrackLimits.Check(BatchTool, body, new ToolArguments(new Dictionary<string, JsonElement>()), TimeProvider.System, out var mayHoldEvents);
        return mayHoldEvents;
    }

    private static readonly Gen<string> Property = OneOf(
            "\"type\":\"person\"", "\"type\":\"object\"", "\"t\\u0079pe\":\"person\"", "\"type\":\"p\\u0065rson\"",
            "\"action\":\"identify\"", "\"action\":\"event\"", "\"action\":\"page\"", "\"action\":\"screen\"", "\"action\":\"delete\"",
            "\"act\\u0069on\":\"event\"", "\"action\":\"ev\\u0065nt\"", "\"action\":\"EVENT\"", "\"action\":7",
            "\"id\":\"01J0000000000000000000000A\"", "\"name\":\"purchase\"", "\"identifiers\":{\"id\":\"1\"}",
            "\"attributes\":{\"action\":\"event\"}");

    private static readonly Gen<string> Item = Gen.OneOf(
        Property.Array[0, 5].Select(properties => "{" + string.Join(",", properties) + "}"),
        OneOf("1", "null", "\"event\"", "[{\"action\":\"event\"}]"));

    private static readonly Gen<string> Batch = Gen.Select(Item.Array[0, 6], Gen.Bool).Select((items, extraKey) =>
        "{" + (extraKey ? "\"other\":[{\"type\":\"person\",\"action\":\"event\"}]," : string.Empty) + "\"batch\":[" + string.Join(",", items) + "]}");

    private static Gen<string> OneOf(params string[] choices) => Gen.Int[0, choices.Length - 1].Select(i => choices[i]);

    [Fact]
    public void Every_batch_the_augmenter_would_change_is_reported_as_possibly_holding_events()
    {
        Batch.Sample(json =>
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            using var document = JsonDocument.Parse(bytes);
            if (EventIdAugmenter.HasEventsWithoutId("POST", "/api/v2/batch", bytes))
            {
                Assert.True(MayHoldEvents(document.RootElement), json);
            }
        }, iter: 4_000);
    }

    [Theory]
    [InlineData("""{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"identify","attributes":{"action":"event"}}]}""", false)]
    [InlineData("""{"batch":[{"type":"object","identifiers":{"object_type_id":"1","object_id":"a"},"action":"delete"}]}""", false)]
    [InlineData("""{"other":[{"type":"person","action":"event"}],"batch":[]}""", false)]
    [InlineData("""{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"page","name":"/home"}]}""", true)]
    [InlineData("""{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"ev\u0065nt","name":"x"}]}""", true)]
    [InlineData("""{"batch":[{"type":"person","action":"identify","action":"screen"}]}""", true)]
    [InlineData("""{"batch":[{"type":"person","action":"screen","action":"identify"}]}""", true)]
    [InlineData("""{"batch":[{"type":"person","act\u0069on":"event"}]}""", true)]
    [InlineData("""{"batch":[{"type":"person","action":"event"}],"batch":[]}""", true)]
    [InlineData("""{"batch":[],"batch":[{"type":"person","action":"identify"}]}""", true)]
    [InlineData("""{"batch":[{"type":"person","action":"event","timestamp":1700000000000}]}""", true)]
    public void Reads_the_action_of_every_item(string json, bool mayHoldEvents)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(mayHoldEvents, MayHoldEvents(document.RootElement));
    }
}
