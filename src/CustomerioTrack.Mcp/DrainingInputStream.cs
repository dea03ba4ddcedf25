using System.Buffers;

namespace CustomerioTrack.Mcp;

/// <summary>
/// The server's input, holding back end-of-input until the requests already read have been answered (or <see cref="DrainLimit"/> passes).
/// </summary>
/// <remarks>
/// The SDK's stream transport stops writing the moment its input ends, so a client that writes its requests and closes stdin
/// (<c>printf '...' | customerio-track-mcp</c>) would otherwise get no replies at all.
/// </remarks>
internal sealed class DrainingInputStream(Stream inner, PendingReplies replies) : Stream
{
    /// <summary>How long the end of the input waits for outstanding replies.</summary>
    public static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(10);

    private readonly ArrayBufferWriter<byte> _line = new();
    private bool _innerEnded;
    private bool _ended;

    /// <summary>Requests still unanswered when the input ended and the wait gave up; 0 when all were answered.</summary>
    public long UnansweredAtEnd { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_ended || buffer.IsEmpty)
        {
            return 0;
        }

        if (!_innerEnded)
        {
            // Console streams ignore cancellation; WaitAsync lets the server shut down while a read is blocked.
            var read = await inner.ReadAsync(buffer, cancellationToken).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
            if (read > 0)
            {
                Scan(buffer.Span[..read]);
                return read;
            }

            _innerEnded = true;
            if (_line.WrittenCount > 0)
            {
                // The transport ignores a last line without a newline (`printf '{...}' | ...`): end it so it is handled.
                EndLine();
                buffer.Span[0] = (byte)'\n';
                return 1;
            }
        }

        _ended = true;
        if (!await replies.WaitAllAnsweredAsync(DrainLimit, cancellationToken).ConfigureAwait(false))
        {
            UnansweredAtEnd = replies.Unanswered;
        }

        return 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Scan(ReadOnlySpan<byte> bytes)
    {
        int newline;
        while ((newline = bytes.IndexOf((byte)'\n')) >= 0)
        {
            _line.Write(bytes[..newline]);
            EndLine();
            bytes = bytes[(newline + 1)..];
        }

        _line.Write(bytes);
    }

    private void EndLine()
    {
        var line = JsonRpcLine.Read(_line.WrittenSpan);
        if (line.Kind == JsonRpcLineKind.Request)
        {
            replies.RequestRead(line.RequestKey!);
        }
        else if (line.Kind == JsonRpcLineKind.Cancellation)
        {
            // A cancelled request gets no reply (MCP cancellation): the end of the input must not wait for one.
            replies.NoReplyExpected(line.RequestKey!);
        }

        _line.ResetWrittenCount();
    }
}
