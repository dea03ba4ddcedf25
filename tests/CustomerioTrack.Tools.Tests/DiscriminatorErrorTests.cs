using CustomerioTrack.Tools.Tests.Support;

namespace CustomerioTrack.Tools.Tests;

/// <summary>
/// A v2 operation (ManageEntity, each batch item) is one of several shapes picked by type, then action: a wrong or missing
/// discriminator gets one problem listing every value allowed there, not the values of whichever shape scored best.
/// </summary>
public sealed class DiscriminatorErrorTests
{
    private const string Types = "\"person\", \"object\", \"delivery\"";
    private const string PersonActions = "\"identify\", \"delete\", \"suppress\", \"unsuppress\", \"event\", \"screen\", \"page\", \"add_relationships\", \"delete_relationships\", \"add_device\", \"delete_device\", \"merge\"";
    private const string ObjectActions = "\"identify\", \"identify_anonymous\", \"delete\", \"add_relationships\", \"delete_relationships\"";

    public static TheoryData<string, string> EntityBodies => new()
    {
        { """{"type":"user","identifiers":{"id":"1"},"action":"identify"}""", $"request_body/type enum: must be one of {Types}, not \"user\"" },
        { """{"type":5,"identifiers":{"id":"1"},"action":"identify"}""", $"request_body/type enum: must be one of {Types}, not 5" },
        { """{"identifiers":{"id":"1"},"action":"delete"}""", $"request_body/type required: missing required property 'type'; it must be one of {Types}" },
        { """{"identifiers":{"id":"1"}}""", $"request_body/type required: missing required property 'type'; it must be one of {Types}" },
        { """{"type":"person","identifiers":{"id":"1"},"action":"update"}""", $"request_body/action enum: must be one of {PersonActions} when type is \"person\", not \"update\"" },
        { """{"type":"person","identifiers":{"id":"1"}}""", $"request_body/action required: missing required property 'action'; it must be one of {PersonActions} when type is \"person\"" },
        { """{"type":"object","identifiers":{"object_type_id":"1","object_id":"a"},"action":"updte"}""", $"request_body/action enum: must be one of {ObjectActions} when type is \"object\", not \"updte\"" },
        { """{"type":"delivery","identifiers":{"id":"d"},"action":"delete"}""", "request_body/action enum: must be one of \"event\" when type is \"delivery\", not \"delete\"" },
    };

    [Theory]
    [MemberData(nameof(EntityBodies))]
    public async Task A_wrong_or_missing_discriminator_lists_every_value_allowed_there(string body, string expected)
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("ManageEntity", $$"""{"mode":"execute","request_body":{{body}}}""");

        Assert.Equal(expected, Problems(result));
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task A_wrong_value_of_the_alternative_the_discriminators_pick_is_explained_there()
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", """
            {"mode":"execute","request_body":{"batch":[
              {"type":"delivery","identifiers":{"id":"d"},"action":"event","name":"open","attributes":{"device_token":"t"}},
              {"type":"delivery","identifiers":{"id":"d"},"action":"event","name":"open"}
            ]}}
            """);

        Assert.Equal(
            string.Join("\n",
                "request_body/batch/0/name enum: must be one of \"opened\", \"converted\", \"delivered\", not \"open\"",
                "request_body/batch/1 required: missing required property 'attributes'",
                "request_body/batch/1/name enum: must be one of \"opened\", \"converted\", \"delivered\", not \"open\""),
            Problems(result));
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Batch_items_get_the_same_explanation_each_at_its_own_index()
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", """
            {"mode":"execute","request_body":{"batch":[
              {"type":"user","identifiers":{"id":"1"},"action":"identify"},
              {"type":"person","identifiers":{"id":"1"},"action":"delete"},
              {"type":"person","identifiers":{"id":"1"},"action":"update"},
              {"identifiers":{"id":"1"},"action":"delete"},
              {"type":"person","identifiers":{"id":"1"},"action":"event"}
            ]}}
            """);

        Assert.Equal(
            string.Join("\n",
                $"request_body/batch/0/type enum: must be one of {Types}, not \"user\"",
                $"request_body/batch/2/action enum: must be one of {PersonActions} when type is \"person\", not \"update\"",
                $"request_body/batch/3/type required: missing required property 'type'; it must be one of {Types}",
                "request_body/batch/4 required: missing required property 'name'"),
            Problems(result));
        Assert.Empty(stub.Requests);
    }

    private static string Problems(ToolCallResult result)
    {
        Assert.True(result.IsError, result.ToJson());
        Assert.Equal("invalid_request_body", result.Content["error"]!["kind"]!.GetValue<string>());
        Assert.False(result.Content["error"]!["sent"]!.GetValue<bool>());
        return string.Join("\n", result.Content["error"]!["problems"]!.AsArray()
            .Select(p => $"{p!["field"]!.GetValue<string>()} {p["rule"]!.GetValue<string>()}: {p["message"]!.GetValue<string>()}")
            .Order(StringComparer.Ordinal));
    }
}
