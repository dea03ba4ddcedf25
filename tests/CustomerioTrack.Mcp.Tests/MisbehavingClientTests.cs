using System.Collections;
using System.Text;
using System.Text.Json;

namespace CustomerioTrack.Mcp.Tests;

/// <summary>A client that sends tools/call params of the wrong shape gets -32602 naming what is wrong, and the server keeps serving.</summary>
public sealed class MisbehavingClientTests : IDisposable
{
    private const string Initialize = """{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bad","version":"1"}}}""";
    private const string Ping = """{"jsonrpc":"2.0","id":"ping","method":"ping"}""";

    private readonly string _folder = Directory.CreateTempSubdirectory("cio-misbehaving-").FullName;

    [Theory]
    [InlineData("""{"name":"TrackAnonymousEvent","arguments":[1,2]}""", "\"arguments\" must be an object")]
    [InlineData("""{"name":"TrackAnonymousEvent","arguments":"mode=execute"}""", "\"arguments\" must be an object")]
    [InlineData("""{"name":"TrackAnonymousEvent","arguments":5}""", "\"arguments\" must be an object")]
    [InlineData("""[1]""", "params must be an object")]
    [InlineData("""{"arguments":{}}""", "need \"name\"")]
    [InlineData("""{"name":7,"arguments":{}}""", "need \"name\"")]
    public async Task Tool_call_params_of_the_wrong_shape_get_invalid_params_and_the_next_request_is_answered(string parameters, string expected)
    {
        var call = $$"""{"jsonrpc":"2.0","id":"call","method":"tools/call","params":{{parameters}}}""";
        var replies = await RunAsync(Initialize, call, Ping);

        var error = replies["call"].GetProperty("error");
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Contains(expected, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(replies["ping"].TryGetProperty("result", out _));
    }

    [Fact]
    public async Task Null_or_missing_arguments_reach_the_tool_which_explains_what_it_needs()
    {
        var replies = await RunAsync(
            Initialize,
            """{"jsonrpc":"2.0","id":"null","method":"tools/call","params":{"name":"TrackAnonymousEvent","arguments":null}}""",
            """{"jsonrpc":"2.0","id":"none","method":"tools/call","params":{"name":"TrackAnonymousEvent"}}""");

        foreach (var id in new[] { "null", "none" })
        {
            var result = replies[id].GetProperty("result");
            Assert.True(result.GetProperty("isError").GetBoolean(), result.ToString());
        }
    }

    private async Task<Dictionary<string, JsonElement>> RunAsync(params string[] lines)
    {
        var input = new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
        var output = new MemoryStream();
        var exit = await CliApp.RunAsync(["--sandbox", "--data", Path.Combine(_folder, "sandbox.db")], TextWriter.Null, TextWriter.Null, new Hashtable(), CancellationToken.None, input, output)
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, exit);

        var replies = new Dictionary<string, JsonElement>();
        foreach (var line in Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var message = JsonDocument.Parse(line).RootElement.Clone();
            if (message.TryGetProperty("id", out var id))
            {
                replies.Add(id.GetString()!, message);
            }
        }

        return replies;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
