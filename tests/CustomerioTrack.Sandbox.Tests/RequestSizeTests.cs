using System.Text;
using System.Text.Json.Nodes;

namespace CustomerioTrack.Sandbox.Tests;

/// <summary>Request sizes are the bytes received, with the tools' reading of "kb" (1,000 bytes).</summary>
public sealed class RequestSizeTests : IDisposable
{
    private readonly SandboxHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task An_entity_request_with_non_ascii_text_is_measured_as_received()
    {
        // 20 attributes of 400 'é' (800 bytes each): about 16,500 bytes as UTF-8, about 48,000 once escaped as \u00E9.
        var attributes = string.Concat(Enumerable.Range(0, 20).Select(i => $"\"a{i}\":\"{new string('é', 400)}\","));
        var body = "{\"type\":\"person\",\"identifiers\":{\"id\":\"u\"},\"action\":\"identify\",\"attributes\":{" + attributes + "\"z\":1}}";
        Assert.InRange(Encoding.UTF8.GetByteCount(body), 16_000, 17_000);

        Assert.Equal((200, "{}"), await _h.Raw(HttpMethod.Post, "/api/v2/entity", body));

        Assert.Equal(new string('é', 400), (string?)(await _h.Person("u")).Person.Attributes["a19"]);
    }

    [Theory]
    [InlineData(499_999, 200)]
    [InlineData(500_000, 400)]
    public async Task A_batch_must_be_smaller_than_500000_bytes(int size, int status)
    {
        const string head = """{"batch":[{"type":"person","identifiers":{"id":"b"},"action":"identify","attributes":{"a":1}}""";
        var body = head + new string(' ', size - head.Length - 2) + "]}";
        Assert.Equal(size, Encoding.UTF8.GetByteCount(body));

        var (actual, text) = await _h.Raw(HttpMethod.Post, "/api/v2/batch", body);

        Assert.Equal(status, actual);
        if (status == 400)
        {
            Assert.Equal(
                "the request is 500,000 bytes; a /api/v2/batch request must be smaller than 500,000 bytes (Customer.io: smaller than 500kb): send the items in several batches",
                (string?)JsonNode.Parse(text)!["errors"]![0]!["message"]);
            Assert.Empty(await _h.Inspector.GetPeopleAsync());
        }
        else
        {
            Assert.Equal("b", Assert.Single(await _h.Inspector.GetPeopleAsync()).Id);
        }
    }
}
