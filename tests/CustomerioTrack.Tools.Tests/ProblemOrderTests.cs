using CustomerioTrack.Tools.Tests.Support;

namespace CustomerioTrack.Tools.Tests;

/// <summary>A batch's problems come in item order, whether the schema or a Track limit found them.</summary>
public sealed class ProblemOrderTests
{
    [Fact]
    public async Task Schema_and_limit_problems_are_listed_by_item_index()
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", """
            {"mode":"execute","request_body":{"batch":[
              {"type":"person","identifiers":{"id":"0"},"action":"event","name":"x","timestamp":1700000000000},
              {"type":"user","identifiers":{"id":"1"},"action":"identify"},
              {"type":"person","identifiers":{"id":"2"},"action":"event","name":"x","timestamp":1700000000000}
            ]}}
            """);

        Assert.Equal(
            """{"error":{"kind":"invalid_request_body","message":"BatchProcessRequests was not called: request_body/batch/0/timestamp: 1700000000000 looks like milliseconds; Track timestamps are integer unix seconds: send 1700000000; request_body/batch/1/type: must be one of \"person\", \"object\", \"delivery\", not \"user\"; request_body/batch/2/timestamp: same as request_body/batch/0/timestamp","problems":[{"field":"request_body/batch/0/timestamp","rule":"timestampUnit","message":"1700000000000 looks like milliseconds; Track timestamps are integer unix seconds: send 1700000000"},{"field":"request_body/batch/1/type","rule":"enum","message":"must be one of \"person\", \"object\", \"delivery\", not \"user\""},{"field":"request_body/batch/2/timestamp","rule":"timestampUnit","message":"same as request_body/batch/0/timestamp"}],"hint":"Call BatchProcessRequests with mode=\"get_request_schema\" for the full schema.","sent":false}}""",
            result.ToJson());
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Item_10_comes_after_item_2_and_the_unexplained_items_stay_last()
    {
        using var stub = new TrackStub();
        var items = Enumerable.Range(0, 24).Select(i => i switch
        {
            2 or 10 => $$"""{"type":"person","identifiers":{"id":"{{i}}"},"action":"event","name":"x","timestamp":1700000000000}""",
            _ => $$"""{"type":"user","identifiers":{"id":"{{i}}"},"action":"identify"}""",
        });

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests",
            """{"mode":"execute","request_body":{"batch":[""" + string.Join(",", items) + "]}}");

        var fields = result.Content["error"]!["problems"]!.AsArray().Select(p => p!["field"]!.GetValue<string>()).ToList();
        Assert.Equal(
            [.. Enumerable.Range(0, 20).Select(i => i is 2 or 10 ? $"request_body/batch/{i}/timestamp" : $"request_body/batch/{i}/type"), "request_body/batch"],
            fields);
        Assert.Empty(stub.Requests);
    }
}
