using System.Text;
using System.Text.Json;
using CustomerioTrack.Mcp.Tests.Support;
using static CustomerioTrack.Mcp.Tests.Support.McpLines;

namespace CustomerioTrack.Mcp.Tests;

/// <summary>
/// A stdin line the SDK would drop without a word gets one JSON-RPC error with id null, and the server keeps serving. Lines
/// the SDK answers itself get its reply and no second one.
/// </summary>
public sealed class StdioRejectedLineTests : IDisposable
{
    private const string Ping = """{"jsonrpc":"2.0","id":"after","method":"ping"}""";

    private const string ParseError = """{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: the line is not valid JSON. Send one JSON-RPC message per line."}}""";
    private const string BatchError = """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request: JSON-RPC batches (arrays) are not supported. Send one message per line."}}""";
    private const string IdError = """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request: \"id\" must be a string or an integer."}}""";
    private const string ObjectError = """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request: a JSON-RPC message must be a JSON object."}}""";
    private const string VersionError = """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request: \"jsonrpc\" must be \"2.0\"."}}""";
    private const string MethodError = """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request: \"method\" must be a string."}}""";

    // The SDK answers these itself (-32700 with the id it can read); a second reply would be a protocol error.
    private static readonly string[] AnsweredBySdk =
    [
        """{"id":"no-version","method":"ping"}""",
        """{"jsonrpc":"2.0","id":"number-method","method":5}""",
        """{"jsonrpc":"2.0","id":"trailing","method":"ping"} trailing""",
        """{"jsonrpc":"2.0","id":"cut","method":"ping""",
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("cio-rejected-").FullName;

    private string Data => Path.Combine(_folder, "sandbox.db");

    [Theory]
    [InlineData("{not json", ParseError)]
    [InlineData("""{"jsonrpc":"2.0","method":"notifications/initialized""", ParseError)]
    [InlineData("""[{"jsonrpc":"2.0","id":1,"method":"ping"}]""", BatchError)]
    [InlineData("[]", BatchError)]
    [InlineData("""{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}""", IdError)]
    [InlineData("""{"jsonrpc":"2.0","id":[1],"method":"ping"}""", IdError)]
    [InlineData("""{"jsonrpc":"2.0","id":true,"method":"ping"}""", IdError)]
    [InlineData("""{"jsonrpc":"2.0","id":1.5,"method":"ping"}""", IdError)]
    [InlineData("""{"jsonrpc":"2.0","id":null,"method":"ping"}""", IdError)]
    [InlineData("""{"jsonrpc":"2.0","id":99999999999999999999,"method":"ping"}""", IdError)]
    [InlineData("42", ObjectError)]
    [InlineData("\"x\"", ObjectError)]
    [InlineData("null", ObjectError)]
    [InlineData("{}", VersionError)]
    [InlineData("""{"method":"notifications/initialized"}""", VersionError)]
    [InlineData("""{"jsonrpc":"2.0","method":5}""", MethodError)]
    public async Task A_line_the_sdk_would_drop_gets_one_error_with_id_null_and_the_next_request_is_answered(string line, string expected)
    {
        var (lines, _) = await RunInProcessAsync([Initialize, Initialized, .. AnsweredBySdk, line, Ping]);

        Assert.Equal([expected], lines.Where(l => IdOf(l) == "null"));
        Assert.True(Reply(lines, "\"after\"").TryGetProperty("result", out _));
        foreach (var id in new[] { "\"no-version\"", "\"number-method\"", "\"trailing\"", "\"cut\"" })
        {
            Assert.Equal(-32700, Reply(lines, id).GetProperty("error").GetProperty("code").GetInt32());
        }
    }

    [Fact]
    public async Task A_line_nested_beyond_the_sdk_limit_gets_one_error_naming_the_limit_and_where_it_is_passed()
    {
        // The message is level 1 and "params" level 2: 62 arrays reach level 64, which the SDK still reads.
        static string Nested(string head, int arrays) => head + "\"params\":{\"a\":" + new string('[', arrays) + new string(']', arrays) + "}}";
        var within = Nested("""{"jsonrpc":"2.0","id":"d64","method":"ping",""", 62);
        var request = Nested("""{"jsonrpc":"2.0","id":"d65","method":"ping",""", 63);
        var notification = Nested("""{"jsonrpc":"2.0","method":"notifications/initialized",""", 63);
        const string Message = "Parse error: the message is nested more than 64 levels deep (objects and arrays inside one another), the most this server reads; level 65 opens at $.params.a[0]×62. Send that value with fewer levels.";

        var (lines, _) = await RunInProcessAsync([Initialize, Initialized, within, request, notification, Ping]);

        Assert.True(Reply(lines, "\"d64\"").TryGetProperty("result", out _));
        Assert.Equal("""{"jsonrpc":"2.0","id":"d65","error":{"code":-32700,"message":""" + "\"" + Message + "\"}}",
            Assert.Single(lines, l => IdOf(l) == "\"d65\""));
        Assert.Equal("""{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":""" + "\"" + Message + "\"}}",
            Assert.Single(lines, l => IdOf(l) == "null"));
        Assert.True(Reply(lines, "\"after\"").TryGetProperty("result", out _));
    }

    [Fact]
    public async Task Lines_with_an_escaped_lone_surrogate_are_answered_and_the_server_keeps_serving()
    {
        // Valid JSON that no .NET string can hold: reading it threw and stopped the server, with no reply to any line.
        var id = """{"jsonrpc":"2.0","id":"\ud800","method":"ping"}""";
        var method = """{"jsonrpc":"2.0","id":"m","method":"\ud800"}""";
        var member = """{"jsonrpc":"2.0","id":"d","method":"ping","params":{"\ud800":""" + new string('[', 63) + new string(']', 63) + "}}";
        var version = """{"jsonrpc":"\ud800","id":"v","method":"ping"}""";
        var cancellation = """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"\ud800":1,"requestId":"none"}}""";

        var (lines, _) = await RunInProcessAsync([Initialize, Initialized, id, method, member, version, cancellation, Ping]);

        Assert.Equal([IdError], lines.Where(l => IdOf(l) == "null"));
        Assert.Equal(-32700, Reply(lines, "\"m\"").GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(-32700, Reply(lines, "\"v\"").GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(
            """{"jsonrpc":"2.0","id":"d","error":{"code":-32700,"message":"Parse error: the message is nested more than 64 levels deep (objects and arrays inside one another), the most this server reads; level 65 opens at $.params[\"\\\\ud800\"][0]×62. Send that value with fewer levels."}}""",
            Assert.Single(lines, l => IdOf(l) == "\"d\""));
        Assert.True(Reply(lines, "\"after\"").TryGetProperty("result", out _));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("")]
    public async Task Piped_input_ending_with_a_bad_line_gets_its_reply_and_the_process_exits_0(string end)
    {
        // Past the excerpt the log may show: the rest of a rejected line never reaches stderr.
        var bad = """[{"jsonrpc":"2.0","id":3,"method":"ping","params":{"api_key":"SECRET-0123456789"}}]""";
        var (exit, output, error) = await ProcessRunner.RunAsync("dotnet", [Repo.ServerDll, "--sandbox", "--data", Data],
            stdin: string.Join("\n", Initialize, Initialized, Ping, bad) + end, timeout: TimeSpan.FromSeconds(60));

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(exit == 0, $"exit {exit}; stderr: {error}");
        Assert.Equal([BatchError], lines.Where(l => IdOf(l) == "null"));
        Assert.Equal(["\"after\"", "1", "null"], lines.Select(IdOf).Order(StringComparer.Ordinal));
        Assert.Single(error.Split('\n'), l => l.Contains("Input line 4", StringComparison.Ordinal) && l.Contains("-32600", StringComparison.Ordinal));
        Assert.DoesNotContain("SECRET", error, StringComparison.Ordinal);
        Assert.DoesNotContain("unanswered", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_name_holding_an_escaped_lone_surrogate_gets_one_error_and_the_server_keeps_serving()
    {
        // The SDK cannot read such a name and drops the line without a reply; the end of the input then waited 10 s for one.
        var request = """{"\udc00":1,"jsonrpc":"2.0","id":"k","method":"ping"}""";
        var notification = """{"jsonrpc":"2.0","method":"notifications/initialized","x\ud800":1}""";
        const string Message = "Parse error: a member name holds a \\\\u escape that is half of a surrogate pair without the other half, which is not text. Write the character itself, or both halves of its pair.";
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        var (lines, _) = await RunInProcessAsync([Initialize, Initialized, request, notification, Ping]);

        Assert.True(stopwatch.Elapsed < DrainingInputStream.DrainLimit, $"took {stopwatch.Elapsed}");
        Assert.Equal("""{"jsonrpc":"2.0","id":"k","error":{"code":-32700,"message":""" + "\"" + Message + "\"}}", Assert.Single(lines, l => IdOf(l) == "\"k\""));
        Assert.Equal("""{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":""" + "\"" + Message + "\"}}", Assert.Single(lines, l => IdOf(l) == "null"));
        Assert.True(Reply(lines, "\"after\"").TryGetProperty("result", out _));
    }

    [Fact]
    public async Task The_log_of_a_line_nested_too_deep_does_not_quote_the_names_on_its_path()
    {
        // The reply names the path for the client that sent it; stderr gets no more of a rejected line than its excerpt.
        var deep = """{"jsonrpc":"2.0","id":"d","method":"tools/call","params":{"arguments":{"SECRET-0123456789":""" + new string('[', 62) + new string(']', 62) + "}}}";
        var (exit, output, error) = await ProcessRunner.RunAsync("dotnet", [Repo.ServerDll, "--sandbox", "--data", Data],
            stdin: string.Join("\n", Initialize, Initialized, deep, Ping) + "\n", timeout: TimeSpan.FromSeconds(60));

        Assert.True(exit == 0, $"exit {exit}; stderr: {error}");
        Assert.Contains("""level 65 opens at $.params.arguments[\"SECRET-0123456789\"][0]×61.""", output, StringComparison.Ordinal);
        Assert.Single(error.Split('\n'), l => l.Contains("Input line 3 (", StringComparison.Ordinal)
            && l.EndsWith("answered with error -32700: Parse error: the message is nested more than 64 levels deep (objects and arrays inside one another), the most this server reads.", StringComparison.Ordinal));
        Assert.DoesNotContain("SECRET", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_500_KB_tool_call_line_between_bad_lines_reaches_the_tool_whole()
    {
        var blob = string.Concat(Enumerable.Repeat("0123456789", 50_000));
        var call = """{"jsonrpc":"2.0","id":"big","method":"tools/call","params":{"name":"UpdateOrAddPerson","arguments":{"mode":"execute","person_identifier":"42","request_body":{"blob":""" + "\"" + blob + "\"}}}}";
        Assert.True(Encoding.UTF8.GetByteCount(call) > 500_000);

        var (lines, _) = await RunInProcessAsync([Initialize, Initialized, "{not json", call, "[1]", Ping]);

        Assert.Equal([ParseError, BatchError], lines.Where(l => IdOf(l) == "null"));
        // The tool measured the whole value: Customer.io's per-attribute limit refuses it, by its exact size.
        var text = Reply(lines, "\"big\"").GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString();
        Assert.Contains("the value of attribute 'blob' is 500,000 bytes", text, StringComparison.Ordinal);
        Assert.True(Reply(lines, "\"after\"").TryGetProperty("result", out _));
    }

    private async Task<(string[] Lines, string Error)> RunInProcessAsync(string[] lines)
    {
        var input = new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
        var output = new MemoryStream();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(["--sandbox", "--data", Data], TextWriter.Null, stderr, new System.Collections.Hashtable(), CancellationToken.None, input, output)
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exit == 0, $"exit {exit}; stderr: {stderr}");
        return (Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries), stderr.ToString());
    }

    /// <summary>The raw JSON of a line's id ("null" for id null); every stdout line must be a JSON-RPC message.</summary>
    private static string IdOf(string line)
    {
        using var document = JsonDocument.Parse(line);
        Assert.Equal("2.0", document.RootElement.GetProperty("jsonrpc").GetString());
        return document.RootElement.TryGetProperty("id", out var id) ? id.GetRawText() : "(none)";
    }

    private static JsonElement Reply(string[] lines, string id) =>
        JsonDocument.Parse(Assert.Single(lines, l => IdOf(l) == id)).RootElement.Clone();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
