using System.Text;
using System.Text.Json;
using CustomerioTrack.Tools.Limits;
using CustomerioTrack.Tools.Tests.Support;

namespace CustomerioTrack.Tools.Tests;

/// <summary>
/// A body of 64 KB or more is validated against its schema on another thread while the calling thread checks duplicate
/// keys and Track limits: the problems reported, and what is sent, must be those of the same checks run one after another.
/// </summary>
public sealed class LargeBodyCheckTests
{
    private static string Item(int index, string? attributeValue = null, bool identifiers = true)
    {
        var identifying = identifiers ? "\"identifiers\":{\"id\":\"p" + index + "\"}," : string.Empty;
        return "{\"type\":\"person\"," + identifying + "\"action\":\"identify\",\"attributes\":{\"bio\":\"" + (attributeValue ?? new string('x', 400)) + "\"}}";
    }

    private static string Batch(Func<int, string> item) => "{\"batch\":[" + string.Join(",", Enumerable.Range(0, 200).Select(item)) + "]}";

    [Fact]
    public async Task Schema_and_limit_problems_of_a_large_body_are_those_of_the_checks_run_in_turn_and_nothing_is_sent()
    {
        var body = Batch(i => i switch
        {
            150 => Item(i, identifiers: false),
            170 => Item(i, attributeValue: new string('y', 1001)),
            _ => Item(i),
        });
        Assert.True(Encoding.UTF8.GetByteCount(body) >= 64 * 1024);
        using var stub = new TrackStub();
        using var document = JsonDocument.Parse(body);
        var definition = stub.Tools.Definitions.Single(d => d.Name == "BatchProcessRequests");
        var schema = new Validation.RequestBodySchema(stub.Tools.GetRequestSchema("BatchProcessRequests")!.ToJsonString());
        var expected = TrackLimits.Merge(
            TrackLimits.AllowSplitting(definition, schema.Validate(document.RootElement)),
            TrackLimits.Check(definition, document.RootElement, new Dictionary<string, string>()));

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", "{\"mode\":\"execute\",\"request_body\":" + body + "}");

        Assert.True(result.IsError);
        Assert.Empty(stub.Requests);
        var reported = result.Content["error"]!["problems"]!.AsArray().Select(p => (p!["field"]!.GetValue<string>(), p["rule"]!.GetValue<string>(), p["message"]!.GetValue<string>())).ToList();
        Assert.Equal(expected.Select(p => (p.Field, p.Rule, p.Message)).ToList(), reported);
        Assert.Equal([("request_body/batch/150", "required"), ("request_body/batch/170/attributes/bio", "maxBytes")], reported.Select(p => (p.Item1, p.Item2)).ToList());
    }

    [Fact]
    public async Task A_large_body_with_a_key_given_twice_reports_only_the_duplicate_and_sends_nothing()
    {
        var body = Batch(i => i == 120 ? Item(i).Replace("\"action\":\"identify\"", "\"action\":\"identify\",\"action\":\"delete\"", StringComparison.Ordinal) : Item(i));
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", "{\"mode\":\"execute\",\"request_body\":" + body + "}");

        Assert.True(result.IsError);
        Assert.Empty(stub.Requests);
        var problem = Assert.Single(result.Content["error"]!["problems"]!.AsArray());
        Assert.Equal("request_body/batch/120/action", problem!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_valid_large_body_is_sent_byte_for_byte()
    {
        var body = Batch(i => Item(i));
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", "{\"mode\":\"execute\",\"request_body\":" + body + "}");

        Assert.False(result.IsError, result.ToJson());
        Assert.Equal(body, Assert.Single(stub.Requests).Body);
    }
}
