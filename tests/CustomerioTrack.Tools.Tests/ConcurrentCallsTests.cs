using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using CustomerioTrack.Tools.Tests.Support;

namespace CustomerioTrack.Tools.Tests;

/// <summary>
/// One toolset serving many calls at once, as the MCP server over Streamable HTTP does: pooled batch bodies, event ids
/// drawn from per-thread blocks and the shared HTTP pipeline must keep every call's request its own.
/// </summary>
public sealed class ConcurrentCallsTests
{
    private const int Callers = 24;
    private const int CallsEach = 6;

    [Fact]
    public async Task Every_concurrent_call_sends_its_own_request_and_gets_its_own_result()
    {
        // Each request waits a moment before it reaches the socket, so other calls run (and rent pooled arrays) while
        // its body is still to be read: a body released too early would go out with another call's bytes.
        using var stub = new TrackStub(primaryHandler: new YieldingHandler());
        var expected = new ConcurrentDictionary<string, string>();
        var eventIds = new ConcurrentBag<string>();
        var lines = new ConcurrentBag<string>();

        await Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            for (var call = 0; call < CallsEach; call++)
            {
                var tag = $"c{caller}-{call}";
                switch (call % 3)
                {
                    case 0:
                    {
                        var body = $$"""{"email":"{{tag}}@example.com","plan":"{{tag}}"}""";
                        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", $$"""{"mode":"execute","person_identifier":"{{tag}}/x","request_body":{{body}}}""");
                        Assert.False(result.IsError, result.ToJson());
                        expected[$"PUT /api/v1/customers/{tag}/x"] = body;
                        lines.Add($"PUT /api/v1/customers/{tag}%2Fx");
                        break;
                    }

                    case 1:
                    {
                        var result = await stub.Tools.InvokeAsync("SendCustomerEvent", $$$"""{"mode":"execute","customer_identifier":"{{{tag}}}","request_body":{"name":"{{{tag}}}"}}""");
                        Assert.False(result.IsError, result.ToJson());
                        var id = result.Content["assigned_event_ids"]!.AsArray().Single()!.GetValue<string>();
                        eventIds.Add(id);
                        expected[$"POST /api/v1/customers/{tag}/events"] = $$"""{"id":"{{id}}","name":"{{tag}}"}""";
                        lines.Add($"POST /api/v1/customers/{tag}/events");
                        break;
                    }

                    default:
                    {
                        // About 200 KB: the body travels in a pooled copy, returned to the pool after the call.
                        var body = Batch(tag, items: 400);
                        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", new Dictionary<string, JsonElement>
                        {
                            ["mode"] = JsonSerializer.SerializeToElement("execute"),
                            ["request_body"] = JsonDocument.Parse(body).RootElement,
                        });
                        Assert.False(result.IsError, result.ToJson());
                        Assert.Equal(400, result.Content["items"]!["accepted"]!.GetValue<int>());
                        expected[$"POST /api/v2/batch#{tag}"] = body;
                        lines.Add("POST /api/v2/batch");
                        break;
                    }
                }
            }
        })));

        var requests = stub.Requests;
        Assert.Equal(Callers * CallsEach, requests.Count);
        foreach (var request in requests)
        {
            var key = request.Method + " " + request.AbsolutePath;
            if (request.AbsolutePath == "/api/v2/batch")
            {
                key += "#" + JsonDocument.Parse(request.Body!).RootElement.GetProperty("batch")[0].GetProperty("identifiers").GetProperty("id").GetString()!.Split(':')[0];
            }

            Assert.True(expected.TryRemove(key, out var body), "unexpected or repeated request " + key);
            Assert.True(body == request.Body, key + " carried another body: " + request.Body![..Math.Min(200, request.Body!.Length)]);
        }

        Assert.Empty(expected);
        Assert.Equal(lines.Order(StringComparer.Ordinal), stub.Tap.RequestLines.Order(StringComparer.Ordinal));
        Assert.Equal(eventIds.Count, eventIds.Distinct(StringComparer.Ordinal).Count());
    }

    private sealed class YieldingHandler() : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false })
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Random.Shared.Next(0, 3), cancellationToken);
            return await base.SendAsync(request, cancellationToken);
        }
    }

    private static string Batch(string tag, int items)
    {
        var text = new StringBuilder("{\"batch\":[");
        for (var i = 0; i < items; i++)
        {
            text.Append(i == 0 ? string.Empty : ",")
                .Append($$$"""{"type":"person","identifiers":{"id":"{{{tag}}}:{{{i}}}"},"action":"identify","attributes":{"note":"{{{new string((char)('a' + (i % 26)), 400)}}}"}}""");
        }

        return text.Append("]}").ToString();
    }
}
