using System.Collections;
using System.Text;
using System.Text.Json;
using CustomerioTrack.Mcp.Tests.Support;
using static CustomerioTrack.Mcp.Tests.Support.McpLines;

namespace CustomerioTrack.Mcp.Tests;

/// <summary>A client that writes its requests and closes stdin at once (a piped one-liner) gets every reply, and the server exits 0.</summary>
public sealed class StdinEndTests : IDisposable
{
    private const string ListTools = """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""";
    private const string CallTool = """{"jsonrpc":"2.0","id":"call-3","method":"tools/call","params":{"name":"UpdateOrAddPerson","arguments":{"mode":"execute","person_identifier":"42","request_body":{"plan":"pro"}}}}""";
    private const string UnknownMethod = """{"jsonrpc":"2.0","id":4,"method":"no/such/method"}""";

    private readonly string _folder = Directory.CreateTempSubdirectory("cio-stdin-end-").FullName;

    private string Data => Path.Combine(_folder, "sandbox.db");

    [Fact]
    public async Task Requests_piped_into_the_process_are_all_answered_before_it_exits_0()
    {
        var (exit, output, error) = await ProcessRunner.RunAsync("dotnet", [Repo.ServerDll, "--sandbox", "--data", Data],
            stdin: Initialize + "\n" + ListTools + "\n", timeout: TimeSpan.FromSeconds(60));

        var replies = Replies(output);
        Assert.True(exit == 0, $"exit {exit}; stderr: {error}");
        Assert.Equal(["1", "2"], replies.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("customerio-track", replies["1"].GetProperty("result").GetProperty("serverInfo").GetProperty("name").GetString());
        Assert.Equal(17, replies["2"].GetProperty("result").GetProperty("tools").GetArrayLength());
        Assert.DoesNotContain("unanswered", error);
    }

    [Fact]
    public async Task A_tool_call_an_error_and_a_last_line_without_newline_are_answered_when_the_input_ends_at_once()
    {
        var input = new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", Initialize, Initialized, UnknownMethod, ListTools, CallTool)));
        var output = new MemoryStream();
        var stderr = new StringWriter();

        var exit = await CliApp.RunAsync(["--sandbox", "--data", Data], TextWriter.Null, stderr, new Hashtable(), CancellationToken.None, input, output)
            .WaitAsync(TimeSpan.FromSeconds(30));

        var replies = Replies(Encoding.UTF8.GetString(output.ToArray()));
        Assert.Equal(0, exit);
        Assert.Equal(["1", "2", "4", "call-3"], replies.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(-32601, replies["4"].GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(17, replies["2"].GetProperty("result").GetProperty("tools").GetArrayLength());
        var call = replies["call-3"].GetProperty("result");
        Assert.False(call.TryGetProperty("isError", out var isError) && isError.GetBoolean(), call.ToString());
        Assert.Equal(200, JsonDocument.Parse(call.GetProperty("content")[0].GetProperty("text").GetString()!).RootElement.GetProperty("status_code").GetInt32());
    }

    [Fact]
    public async Task Requests_the_transport_rejects_itself_are_not_waited_for_when_the_input_ends()
    {
        // No "jsonrpc", or the wrong version: the SDK's transport answers -32700 itself, outside the server's filters.
        var input = new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", Initialize, Initialized,
            """{"id":"no-version","method":"ping"}""", """{"jsonrpc":"1.0","id":"old-version","method":"ping"}""", ListTools) + "\n"));
        var output = new MemoryStream();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var exit = await CliApp.RunAsync(["--sandbox", "--data", Data], TextWriter.Null, TextWriter.Null, new Hashtable(), CancellationToken.None, input, output)
            .WaitAsync(TimeSpan.FromSeconds(30));

        var replies = Replies(Encoding.UTF8.GetString(output.ToArray()));
        Assert.Equal(0, exit);
        Assert.Equal(["1", "2", "no-version", "old-version"], replies.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(-32700, replies["no-version"].GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(-32700, replies["old-version"].GetProperty("error").GetProperty("code").GetInt32());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(DrainingInputStream.DrainLimit.TotalSeconds / 2), $"exit took {clock.Elapsed}: it waited for replies already sent");
    }

    [Fact]
    public async Task A_request_the_client_cancelled_is_not_waited_for_when_the_input_ends()
    {
        // A Track API that takes the request and never answers.
        using var silentApi = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silentApi.Start();
        var received = ReadRequestHeadAsync(silentApi);
        var environment = new Hashtable
        {
            ["CUSTOMERIO_TRACK_URL"] = $"http://127.0.0.1:{((System.Net.IPEndPoint)silentApi.LocalEndpoint).Port}",
            ["CUSTOMERIO_SITE_ID"] = TrackStub.SiteId,
            ["CUSTOMERIO_API_KEY"] = TrackStub.ApiKey,
        };
        var pipe = new System.IO.Pipelines.Pipe();
        var output = new MemoryStream();
        var server = CliApp.RunAsync([], TextWriter.Null, TextWriter.Null, environment, CancellationToken.None, pipe.Reader.AsStream(), output);

        await WriteLineAsync(pipe, Initialize);
        await WriteLineAsync(pipe, Initialized);
        await WriteLineAsync(pipe, CallTool);
        var (connection, head) = await received.WaitAsync(TimeSpan.FromSeconds(30));
        using var _ = connection;
        Assert.StartsWith("PUT /api/v1/customers/42 HTTP/1.1", head);
        await WriteLineAsync(pipe, """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"call-3","reason":"user stopped it"}}""");
        var inputEnded = System.Diagnostics.Stopwatch.StartNew();
        await pipe.Writer.CompleteAsync();

        // Not a speed check: without the cancellation the end of the input waits the whole DrainLimit (10 s) for a reply
        // that never comes; with it the server stops at once.
        var exit = await server.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(inputEnded.Elapsed < DrainingInputStream.DrainLimit, $"the server waited {inputEnded.Elapsed} after the input ended");
        Assert.Equal(0, exit);
        var replies = Replies(Encoding.UTF8.GetString(output.ToArray()));
        Assert.Equal(["1"], replies.Keys);
    }

    [Fact]
    public async Task Pending_replies_wait_ends_when_the_last_request_is_answered()
    {
        var replies = new PendingReplies();
        replies.RequestRead("n:1");
        replies.RequestRead("s:1");
        replies.ReplySent("n:1");

        var wait = replies.WaitAllAnsweredAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        await Task.Delay(50);
        Assert.False(wait.IsCompleted);
        replies.ReplySent("s:1");

        Assert.True(await wait);
        Assert.Equal(0, replies.Unanswered);
    }

    [Fact]
    public async Task Pending_replies_wait_gives_up_after_the_limit()
    {
        var replies = new PendingReplies();
        replies.RequestRead("n:1");

        Assert.True(await new PendingReplies().WaitAllAnsweredAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None));
        Assert.False(await replies.WaitAllAnsweredAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None));
        Assert.Equal(1, replies.Unanswered);
    }

    [Fact]
    public void Only_a_reply_or_cancellation_for_an_open_id_closes_it()
    {
        var replies = new PendingReplies();
        replies.ReplySent("n:7");
        replies.RequestRead("n:7");
        replies.RequestRead("n:7");
        replies.ReplySent("s:7");
        replies.NoReplyExpected("n:8");
        Assert.Equal(2, replies.Unanswered);

        replies.NoReplyExpected("n:7");
        Assert.Equal(1, replies.Unanswered);
        replies.ReplySent("n:7");
        Assert.Equal(0, replies.Unanswered);
        replies.ReplySent("n:7");
        Assert.Equal(0, replies.Unanswered);
    }

    private static async Task WriteLineAsync(System.IO.Pipelines.Pipe pipe, string line)
    {
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
        await pipe.Writer.FlushAsync();
    }

    private static async Task<(System.Net.Sockets.TcpClient Connection, string Head)> ReadRequestHeadAsync(System.Net.Sockets.TcpListener listener)
    {
        var connection = await listener.AcceptTcpClientAsync();
        var stream = connection.GetStream();
        var head = new StringBuilder();
        var buffer = new byte[4096];
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                break;
            }

            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return (connection, head.ToString());
    }

    /// <summary>Every stdout line must be a JSON-RPC message; the replies (messages with an id) keyed by id.</summary>
    private static Dictionary<string, JsonElement> Replies(string output)
    {
        var replies = new Dictionary<string, JsonElement>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var message = JsonDocument.Parse(line).RootElement.Clone();
            Assert.Equal("2.0", message.GetProperty("jsonrpc").GetString());
            if (message.TryGetProperty("id", out var id))
            {
                replies.Add(id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText(), message);
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
