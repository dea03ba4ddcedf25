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

    [Fact]
    public async Task A_lone_surrogate_in_a_tool_argument_gets_the_tools_unicode_problem_naming_the_field()
    {
        // JSON admits the escape, but the SDK cannot bind such params: it answered -32603 "An error occurred.".
        var replies = await RunAsync(
            Initialize,
            """{"jsonrpc":"2.0","id":"call","method":"tools/call","params":{"name":"UpdateOrAddPerson","arguments":{"mode":"execute","person_identifier":"42","request_body":{"plan":"a\ud800b"}}}}""",
            Ping);

        var result = replies["call"].GetProperty("result");
        Assert.True(result.GetProperty("isError").GetBoolean(), result.ToString());
        var problem = Assert.Single(result.GetProperty("structuredContent").GetProperty("error").GetProperty("problems").EnumerateArray());
        Assert.Equal("request_body/plan", problem.GetProperty("field").GetString());
        Assert.Equal("unicode", problem.GetProperty("rule").GetString());
        Assert.Equal(
            "'request_body/plan' contains \\uD800, half of a UTF-16 surrogate pair without its other half; it is not a Unicode character and cannot be sent. Send the real characters (one outside the Basic Multilingual Plane is a pair, such as \\uD83D\\uDE00)",
            problem.GetProperty("message").GetString());
        Assert.True(replies["ping"].TryGetProperty("result", out _));
    }

    [Theory]
    [InlineData("""{"name":"Other\udc00","arguments":{}}""", "the string at $.params.name")]
    [InlineData("""{"name":"UpdateOrAddPerson","arguments":{"mode":"execute"},"_meta":{"progressToken":"\ud800"}}""", "the string at $.params._meta.progressToken")]
    [InlineData("""{"name":"HostTool","arguments":{"request_body":{"a b":["x","\ud800"]}}}""", "the string at $.params.arguments.request_body[\"a b\"][1]")]
    [InlineData("""{"name":"UpdateOrAddPerson","arguments":{"request_body":{"ok":1,"\ud800":1}}}""", "a member name of the object at $.params.arguments.request_body")]
    [InlineData("""{"name":"UpdateOrAddPerson","arguments":{"mode":"get_request_schema"},"arguments2":"\ud800"}""", "the string at $.params.arguments2")]
    public async Task A_lone_surrogate_the_tool_cannot_report_gets_invalid_params_naming_where_it_is(string parameters, string where)
    {
        var call = $$"""{"jsonrpc":"2.0","id":"call","method":"tools/call","params":{{parameters}}}""";
        var replies = await RunAsync(Initialize, call, Ping);

        var error = replies["call"].GetProperty("error");
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Equal(
            $"Invalid params: {where} holds a \\u escape of half a UTF-16 surrogate pair (\\uD800-\\uDFFF) without its other half, which is not a Unicode character. Send the real characters (one outside the Basic Multilingual Plane is a pair, such as \\uD83D\\uDE00).",
            error.GetProperty("message").GetString());
        Assert.True(replies["ping"].TryGetProperty("result", out _));
    }

    [Fact]
    public async Task A_lone_surrogate_in_the_params_of_another_request_gets_invalid_params_naming_where_it_is()
    {
        var replies = await RunAsync(Initialize, """{"jsonrpc":"2.0","id":"read","method":"resources/read","params":{"uri":"sandbox://people/\ud800"}}""", Ping);

        var error = replies["read"].GetProperty("error");
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Equal(
            "Invalid params: the string at $.params.uri holds a \\u escape of half a UTF-16 surrogate pair (\\uD800-\\uDFFF) without its other half, which is not a Unicode character. Send the real characters (one outside the Basic Multilingual Plane is a pair, such as \\uD83D\\uDE00).",
            error.GetProperty("message").GetString());
        Assert.True(replies["ping"].TryGetProperty("result", out _));
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
