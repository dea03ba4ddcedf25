using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using CustomerioTrack.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Protocol;
using static CustomerioTrack.Mcp.Tests.Support.McpLines;

namespace CustomerioTrack.Mcp.Tests;

/// <summary>
/// The SDK writes a reply with its request's cancellation token: a notifications/cancelled that arrives while the reply
/// is being written must not leave half a line on stdout for the next message to run into.
/// </summary>
public sealed class StdioCancelledReplyTests
{
    private const string SchemaCall = """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"UpdateOrAddPerson","arguments":{"mode":"get_request_schema"}}}""";
    private const string CancelSchemaCall = """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":7}}""";
    private const string Ping = """{"jsonrpc":"2.0","id":8,"method":"ping"}""";

    [Fact]
    public async Task A_reply_whose_request_is_cancelled_while_it_is_written_does_not_run_into_the_next_line()
    {
        var input = new Pipe();
        var output = new StallingOutput("\"id\":7", "\"id\":8");
        var replyToken = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var host = StdioHost(input.Reader.AsStream(), output, (message, token) =>
        {
            if (message is JsonRpcResponse { Id: var id } && id.ToString() == "7")
            {
                replyToken.TrySetResult(token);
            }
        });
        await host.StartAsync();

        await SendAsync(input, Initialize, Initialized, SchemaCall);
        // Reply 7 is on its way out, as to a pipe the client is slow to read; meanwhile the client cancels request 7.
        await output.Stalled.WaitAsync(TimeSpan.FromSeconds(30));
        await SendAsync(input, CancelSchemaCall);
        await WhenCancelledAsync(await replyToken.Task).WaitAsync(TimeSpan.FromSeconds(30));
        output.Release();
        await SendAsync(input, Ping);
        await output.Finished.WaitAsync(TimeSpan.FromSeconds(30));
        await host.StopAsync();

        var lines = output.Text.Split('\n');
        Assert.Equal("", lines[^1]);
        // Every line is one JSON-RPC message: reply 7 complete (a client ignores a reply to a request it cancelled), and the ping's own.
        var messages = lines[..^1].Select(line => JsonDocument.Parse(line).RootElement).ToDictionary(m => m.GetProperty("id").GetRawText());
        Assert.Equal(["1", "7", "8"], messages.Keys.Order(StringComparer.Ordinal));
        Assert.True(messages["7"].GetProperty("result").TryGetProperty("structuredContent", out _), messages["7"].ToString()[..200]);
    }

    // The stdio wiring of McpTransports.RunStdioAsync (the same streams around the SDK's stream transport), plus a filter
    // that shows the test the token each reply is written with.
    private static IHost StdioHost(Stream input, Stream output, Action<JsonRpcMessage, CancellationToken> sending)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var replies = new PendingReplies();
        var lineOutput = new LineAtomicStream(output);
        var drainingInput = new DrainingInputStream(input, replies, lineOutput);
        builder.Services.AddTrackMcpServer(TrackTools.Create(() => throw new InvalidOperationException("get_request_schema needs no client")))
            .WithStreamServerTransport(drainingInput, lineOutput)
            .WithMessageFilters(filters => filters.AddOutgoingFilter(next => (context, ct) =>
            {
                sending(context.JsonRpcMessage, ct);
                return next(context, ct);
            }));
        var host = builder.Build();
        drainingInput.Start(NullLogger.Instance);
        return host;
    }

    private static async Task SendAsync(Pipe input, params string[] lines)
    {
        await input.Writer.WriteAsync(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))));
    }

    private static Task WhenCancelledAsync(CancellationToken token)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(() => cancelled.TrySetResult());
        return cancelled.Task;
    }

    /// <summary>
    /// Stdout as the server sees it: a write cancelled before it starts does nothing (as BufferedStream and pipes do); the
    /// write carrying <c>stallOn</c> blocks until released, as a write to a full pipe does, whatever its token says.
    /// </summary>
    private sealed class StallingOutput(string stallOn, string finishOn) : Stream
    {
        private readonly MemoryStream _written = new();
        private readonly TaskCompletionSource<CancellationToken> _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<CancellationToken> Stalled => _stalled.Task;

        public Task Finished => _finished.Task;

        public string Text
        {
            get
            {
                lock (_written)
                {
                    return Encoding.UTF8.GetString(_written.ToArray());
                }
            }
        }

        public void Release() => _release.TrySetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var text = Encoding.UTF8.GetString(buffer.Span);
            if (text.Contains(stallOn, StringComparison.Ordinal) && _stalled.TrySetResult(cancellationToken))
            {
                await _release.Task;
            }

            lock (_written)
            {
                _written.Write(buffer.Span);
                if (Encoding.UTF8.GetString(_written.ToArray()).Contains(finishOn, StringComparison.Ordinal) && buffer.Span.EndsWith("\n"u8))
                {
                    _finished.TrySetResult();
                }
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Flush()
        {
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
