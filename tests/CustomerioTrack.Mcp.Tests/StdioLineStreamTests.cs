using System.Text;
using Microsoft.Extensions.Logging.Abstractions;

namespace CustomerioTrack.Mcp.Tests;

/// <summary>The stdio streams: accepted lines reach the SDK byte for byte; replies written beside the SDK's never split a line.</summary>
public sealed class StdioLineStreamTests
{
    [Fact]
    public async Task Accepted_lines_reach_the_sdk_unchanged_and_rejected_ones_are_answered_instead()
    {
        var big = """{"jsonrpc":"2.0","id":"big","method":"tools/call","params":{"name":"X","arguments":{"s":"""
            + "\"" + string.Concat(Enumerable.Repeat("é\\u00e9\\\" ", 60_000)) + "\"}}}\r";
        var accepted = new[] { """{"jsonrpc":"2.0","id":1,"method":"ping"}""", big, "", """{ "id" : 2 , "method" : "ping" }""" };
        var input = string.Join("\n", accepted[0], "{not json", big, "[1]", accepted[2], accepted[3]);
        Assert.True(Encoding.UTF8.GetByteCount(big) > 500_000);
        var output = new MemoryStream();
        using var lineOutput = new LineAtomicStream(output);
        var stream = new DrainingInputStream(new MemoryStream(Encoding.UTF8.GetBytes(input)), new PendingReplies(), lineOutput);
        stream.Start(NullLogger.Instance);

        var forwarded = new MemoryStream();
        var buffer = new byte[7_000];
        int read;
        while ((read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30))) > 0)
        {
            forwarded.Write(buffer, 0, read);
        }

        Assert.Equal(Encoding.UTF8.GetBytes(string.Join("\n", accepted) + "\n"), forwarded.ToArray());
        Assert.Equal(
            Encoding.UTF8.GetString(LineRejection.NotJson.Reply.Span) + "\n" + Encoding.UTF8.GetString(LineRejection.Batch.Reply.Span) + "\n",
            Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public async Task Lines_written_beside_the_sdk_never_land_inside_one_of_its_messages()
    {
        var output = new MemoryStream();
        using var stream = new LineAtomicStream(output);
        var message = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}");
        var reply = LineRejection.Id.Reply;

        // As the SDK writes: the message, then its newline, then a flush, one message at a time.
        var sdk = Task.Run(async () =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                await stream.WriteAsync(message);
                await Task.Yield();
                await stream.WriteAsync("\n"u8.ToArray());
                await stream.FlushAsync();
            }
        });
        var beside = Task.Run(async () =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                await stream.WriteLineAsync(reply, CancellationToken.None);
            }
        });
        await Task.WhenAll(sdk, beside).WaitAsync(TimeSpan.FromSeconds(60));

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n');
        Assert.Equal("", lines[^1]);
        Assert.Equal(2_000, lines.Count(l => l == Encoding.UTF8.GetString(message)));
        Assert.Equal(2_000, lines.Count(l => l == Encoding.UTF8.GetString(reply.Span)));
    }

    [Fact]
    public async Task A_message_whose_newline_write_is_cancelled_is_dropped_whole_and_the_next_message_keeps_its_own_line()
    {
        var output = new MemoryStream();
        using var stream = new LineAtomicStream(output);
        var cancelled = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}");
        var next = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":8,\"result\":{}}");
        using var request = new CancellationTokenSource();

        // As the SDK writes a reply, with its request's token: the client cancels the request between message and newline.
        await stream.WriteAsync(cancelled, request.Token);
        await request.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stream.WriteAsync("\n"u8.ToArray(), request.Token).AsTask());
        await stream.WriteAsync(next);
        await stream.WriteAsync("\n"u8.ToArray());
        await stream.FlushAsync();

        Assert.Equal(Encoding.UTF8.GetString(next) + "\n", Encoding.UTF8.GetString(output.ToArray()));
    }
}
