using System.Text;
using CustomerioTrack.Tools.Tests.Support;
using Xunit.Abstractions;

namespace CustomerioTrack.Tools.Tests;

/// <summary>
/// A result goes straight into the model's context: a batch with many items making the same mistake gets each long
/// explanation once and a message that counts the problems instead of repeating them, and every item keeps its own
/// field, rule and given value.
/// </summary>
public sealed class CompactErrorResultTests(ITestOutputHelper output)
{
    private const string PersonActions = "\\\"identify\\\", \\\"delete\\\", \\\"suppress\\\", \\\"unsuppress\\\", \\\"event\\\", \\\"screen\\\", \\\"page\\\", \\\"add_relationships\\\", \\\"delete_relationships\\\", \\\"add_device\\\", \\\"delete_device\\\", \\\"merge\\\"";
    private const string Hint = "\"hint\":\"Call BatchProcessRequests with mode=\\\"get_request_schema\\\" for the full schema.\",\"sent\":false";

    [Fact]
    public async Task Twenty_items_with_the_same_wrong_action_get_the_allowed_actions_once()
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", Batch(20, i => $$"""{"type":"person","identifiers":{"id":"{{i}}"},"action":"update"}"""));

        var first = $"must be one of {PersonActions} when type is \\\"person\\\", not \\\"update\\\"";
        Assert.Equal(
            "{\"error\":{\"kind\":\"invalid_request_body\","
            + $"\"message\":\"BatchProcessRequests was not called: 20 problems, each listed in problems; for example request_body/batch/0/action: {first}\","
            + $"\"problems\":[{{\"field\":\"request_body/batch/0/action\",\"rule\":\"enum\",\"message\":\"{first}\"}},"
            + string.Join(",", Enumerable.Range(1, 19).Select(i => $"{{\"field\":\"request_body/batch/{i}/action\",\"rule\":\"enum\",\"message\":\"same as request_body/batch/0/action, not \\\"update\\\"\"}}"))
            + "]," + Hint + "}}",
            result.ToJson());
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Items_beyond_the_twenty_explained_are_listed_last_and_not_counted_as_a_problem()
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", Batch(30, i => $$"""{"type":"person","identifiers":{"id":"{{i}}"},"action":"update"}"""));

        var first = $"must be one of {PersonActions} when type is \\\"person\\\", not \\\"update\\\"";
        const string rest = "10 more items are invalid too, at indices 20, 21, 22, 23, 24, 25, 26, 27, 28, 29; only the first 20 invalid items are explained in problems. Items with the same mistake need the same fix; call again to see what is still wrong.";
        Assert.Equal(
            "{\"error\":{\"kind\":\"invalid_request_body\","
            + $"\"message\":\"BatchProcessRequests was not called: 20 problems, each listed in problems; for example request_body/batch/0/action: {first}; request_body/batch: {rest}\","
            + $"\"problems\":[{{\"field\":\"request_body/batch/0/action\",\"rule\":\"enum\",\"message\":\"{first}\"}},"
            + string.Join(",", Enumerable.Range(1, 19).Select(i => $"{{\"field\":\"request_body/batch/{i}/action\",\"rule\":\"enum\",\"message\":\"same as request_body/batch/0/action, not \\\"update\\\"\"}}"))
            + $",{{\"field\":\"request_body/batch\",\"rule\":\"invalidItems\",\"message\":\"{rest}\"}}"
            + "]," + Hint + "}}",
            result.ToJson());
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Items_beyond_the_twenty_explained_are_quoted_in_the_message_beside_three_kinds_of_mistake()
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", Batch(30, i => (i % 3) switch
        {
            0 => $$"""{"type":"person","identifiers":{"id":"{{i}}"},"action":"update"}""",
            1 => """{"type":"person","action":"identify"}""",
            _ => $$"""{"type":"person","identifiers":{"id":"{{i}}"},"action":"identify","plan":"pro"}""",
        }));

        // The message as a string, not as JSON text.
        var action = $"must be one of {PersonActions.Replace("\\\"", "\"", StringComparison.Ordinal)} when type is \"person\", not \"update\"";
        const string extra = "property 'plan' is not allowed here; allowed: type, identifiers, action, timestamp, attributes, cio_relationships; custom properties go inside 'attributes'";
        const string rest = "10 more items are invalid too, at indices 20, 21, 22, 23, 24, 25, 26, 27, 28, 29; only the first 20 invalid items are explained in problems. Items with the same mistake need the same fix; call again to see what is still wrong.";
        var error = result.Content["error"]!;
        Assert.Equal(
            $"BatchProcessRequests was not called: 20 problems, each listed in problems; for example request_body/batch/0/action: {action}; request_body/batch/1: missing required property 'identifiers'; request_body/batch/2/plan: {extra}; request_body/batch: {rest}",
            error["message"]!.GetValue<string>());
        Assert.Equal(21, error["problems"]!.AsArray().Count);
        Assert.Equal(("request_body/batch", "invalidItems"), (error["problems"]![20]!["field"]!.GetValue<string>(), error["problems"]![20]!["rule"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Items_with_different_wrong_actions_each_keep_the_value_given()
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", Batch(5, i => $$"""{"type":"person","identifiers":{"id":"{{i}}"},"action":"update{{i}}"}"""));

        var first = $"must be one of {PersonActions} when type is \\\"person\\\", not \\\"update0\\\"";
        Assert.Equal(
            "{\"error\":{\"kind\":\"invalid_request_body\","
            + $"\"message\":\"BatchProcessRequests was not called: 5 problems, each listed in problems; for example request_body/batch/0/action: {first}\","
            + $"\"problems\":[{{\"field\":\"request_body/batch/0/action\",\"rule\":\"enum\",\"message\":\"{first}\"}},"
            + string.Join(",", Enumerable.Range(1, 4).Select(i => $"{{\"field\":\"request_body/batch/{i}/action\",\"rule\":\"enum\",\"message\":\"same as request_body/batch/0/action, not \\\"update{i}\\\"\"}}"))
            + "]," + Hint + "}}",
            result.ToJson());
    }

    [Fact]
    public async Task A_second_kind_of_mistake_gets_its_own_explanation_and_a_place_in_the_message()
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", Batch(4, i => i % 2 == 0
            ? $$"""{"type":"person","identifiers":{"id":"{{i}}"},"action":"identify","plan":"pro"}"""
            : $$"""{"type":"person","identifiers":{"id":"{{i}}"},"action":"delet"}"""));

        const string extra = "property 'plan' is not allowed here; allowed: type, identifiers, action, timestamp, attributes, cio_relationships; custom properties go inside 'attributes'";
        var action = $"must be one of {PersonActions} when type is \\\"person\\\", not \\\"delet\\\"";
        Assert.Equal(
            "{\"error\":{\"kind\":\"invalid_request_body\","
            + $"\"message\":\"BatchProcessRequests was not called: 4 problems, each listed in problems; for example request_body/batch/0/plan: {extra}; request_body/batch/1/action: {action}\","
            + "\"problems\":["
            + $"{{\"field\":\"request_body/batch/0/plan\",\"rule\":\"additionalProperties\",\"message\":\"{extra}\"}},"
            + $"{{\"field\":\"request_body/batch/1/action\",\"rule\":\"enum\",\"message\":\"{action}\"}},"
            + "{\"field\":\"request_body/batch/2/plan\",\"rule\":\"additionalProperties\",\"message\":\"same as request_body/batch/0/plan\"},"
            + "{\"field\":\"request_body/batch/3/action\",\"rule\":\"enum\",\"message\":\"same as request_body/batch/1/action, not \\\"delet\\\"\"}"
            + "]," + Hint + "}}",
            result.ToJson());
    }

    [Fact]
    public async Task Short_explanations_are_repeated_in_problems_and_given_once_in_the_message()
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", Batch(5, _ => """{"type":"person","action":"identify","attributes":{"plan":"pro"}}"""));

        Assert.Equal(
            "{\"error\":{\"kind\":\"invalid_request_body\","
            + "\"message\":\"BatchProcessRequests was not called: 5 problems, each listed in problems; for example request_body/batch/0: missing required property 'identifiers'\","
            + "\"problems\":["
            + string.Join(",", Enumerable.Range(0, 5).Select(i => $"{{\"field\":\"request_body/batch/{i}\",\"rule\":\"required\",\"message\":\"missing required property 'identifiers'\"}}"))
            + "]," + Hint + "}}",
            result.ToJson());
    }

    [Fact]
    public async Task A_single_wrong_action_reads_as_before()
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", Batch(1, _ => """{"type":"person","identifiers":{"id":"1"},"action":"update"}"""));

        var message = $"must be one of {PersonActions} when type is \\\"person\\\", not \\\"update\\\"";
        Assert.Equal(
            "{\"error\":{\"kind\":\"invalid_request_body\","
            + $"\"message\":\"BatchProcessRequests was not called: request_body/batch/0/action: {message}\","
            + $"\"problems\":[{{\"field\":\"request_body/batch/0/action\",\"rule\":\"enum\",\"message\":\"{message}\"}}],"
            + Hint + "}}",
            result.ToJson());
    }

    public static TheoryData<string, string, int> Sizes => new()
    {
        // Before problems were compacted: 11,664, 11,724, 8,624, 3,544, 5,534 and 12,192 bytes.
        { "20 items, the same wrong action", Batch(20, i => $$"""{"type":"person","identifiers":{"id":"{{i}}"},"action":"update"}"""), 3100 },
        { "20 items, 20 different wrong actions", Batch(20, i => $$"""{"type":"person","identifiers":{"id":"{{i}}"},"action":"update{{i}}"}"""), 3200 },
        { "20 items, a custom property beside action", Batch(20, i => $$"""{"type":"person","identifiers":{"id":"{{i}}"},"action":"identify","plan":"pro"}"""), 2900 },
        { "20 items without identifiers", Batch(20, _ => """{"type":"person","action":"identify","attributes":{"plan":"pro"}}"""), 2500 },
        { "10 millisecond timestamps, 10 wrong types", Batch(20, i => i % 2 == 0 ? $$"""{"type":"person","identifiers":{"id":"{{i}}"},"action":"event","name":"x","timestamp":1700000000000}""" : $$"""{"type":"user","identifiers":{"id":"{{i}}"},"action":"identify"}"""), 3200 },
        { "30 items, the same wrong action", Batch(30, i => $$"""{"type":"person","identifiers":{"id":"{{i}}"},"action":"update"}"""), 3700 },
    };

    // Prints each result's size: dotnet test tests/CustomerioTrack.Tools.Tests --filter Error_results_for_many_bad_items_stay_small --logger "console;verbosity=detailed"
    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Error_results_for_many_bad_items_stay_small(string name, string arguments, int maxBytes)
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", arguments);

        var bytes = Encoding.UTF8.GetByteCount(result.ToJson());
        output.WriteLine($"{name}: {bytes:N0} bytes");
        Assert.True(result.IsError);
        Assert.InRange(bytes, 1, maxBytes);
    }

    private static string Batch(int count, Func<int, string> item) =>
        """{"mode":"execute","request_body":{"batch":[""" + string.Join(",", Enumerable.Range(0, count).Select(item)) + "]}}";
}
