using System.Buffers;
using Microsoft.Extensions.Logging;

namespace CustomerioTrack.Mcp;

/// <summary>
/// The server's input, handed to the SDK one whole line at a time: lines the SDK would drop without a reply are answered
/// here instead (see <see cref="JsonRpcLine"/>), and end-of-input is held back until the requests already read have been
/// answered (or <see cref="DrainLimit"/> passes).
/// </summary>
/// <remarks>
/// The SDK's stream transport stops writing the moment its input ends, so a client that writes its requests and closes stdin
/// (<c>printf '...' | customerio-track-mcp</c>) would otherwise get no replies at all.
/// </remarks>
internal sealed class DrainingInputStream(Stream inner, PendingReplies replies, LineAtomicStream output) : Stream
{
    /// <summary>How long the end of the input waits for outstanding replies.</summary>
    public static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(10);

    private const int ExcerptLength = 24;

    private readonly byte[] _chunk = new byte[16 * 1024];
    private ArrayBufferWriter<byte> _line = new();
    private ArrayBufferWriter<byte> _ready = new();
    private int _readyOffset;
    private long _lineNumber;
    private bool _innerEnded;
    private bool _ended;
    private readonly TaskCompletionSource<ILogger> _logger = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ILogger? _log;

    /// <summary>Requests still unanswered when the input ended and the wait gave up; 0 when all were answered.</summary>
    public long UnansweredAtEnd { get; private set; }

    /// <summary>Lets reading begin, reporting rejected lines to <paramref name="logger"/>.</summary>
    /// <remarks>The SDK's transport starts reading as soon as it is registered, before the host and its logging exist.</remarks>
    public void Start(ILogger logger) => _logger.TrySetResult(logger);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _log ??= await _logger.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        while (!buffer.IsEmpty)
        {
            if (_readyOffset < _ready.WrittenCount)
            {
                var count = Math.Min(buffer.Length, _ready.WrittenCount - _readyOffset);
                _ready.WrittenSpan.Slice(_readyOffset, count).CopyTo(buffer.Span);
                _readyOffset += count;
                if (_readyOffset == _ready.WrittenCount)
                {
                    _ready.ResetWrittenCount();
                    _readyOffset = 0;
                }

                return count;
            }

            if (_ended)
            {
                return 0;
            }

            if (!_innerEnded)
            {
                // Console streams ignore cancellation; WaitAsync lets the server shut down while a read is blocked.
                var read = await inner.ReadAsync(_chunk, cancellationToken).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
                if (read > 0)
                {
                    await ScanAsync(_chunk.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                _innerEnded = true;
                if (_line.WrittenCount > 0)
                {
                    // The transport ignores a last line without a newline (`printf '{...}' | ...`): end it so it is handled.
                    await EndLineAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }

            _ended = true;
            if (!await replies.WaitAllAnsweredAsync(DrainLimit, cancellationToken).ConfigureAwait(false))
            {
                UnansweredAtEnd = replies.Unanswered;
            }
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

    private async Task ScanAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        int newline;
        while ((newline = bytes.Span.IndexOf((byte)'\n')) >= 0)
        {
            _line.Write(bytes.Span[..newline]);
            await EndLineAsync(cancellationToken).ConfigureAwait(false);
            bytes = bytes[(newline + 1)..];
        }

        _line.Write(bytes.Span);
    }

    private async Task EndLineAsync(CancellationToken cancellationToken)
    {
        _lineNumber++;
        var line = JsonRpcLine.Read(_line.WrittenSpan);
        if (line.Rejection is { } rejection)
        {
            // Not handed to the SDK, so this reply is the only one. Written before the next line is read, it is out before
            // the end of the input can stop the server.
            _log!.LogWarning("Input line {Line} ({Bytes} bytes, starting {Excerpt}) answered with error {Code}: {Message}", _lineNumber, _line.WrittenCount, Excerpt(_line.WrittenSpan), rejection.Code, rejection.LogMessage);
            _line.ResetWrittenCount();
            await output.WriteLineAsync(rejection.ReplyTo(line.RequestKey), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (line.Kind == JsonRpcLineKind.Request)
        {
            replies.RequestRead(line.RequestKey!);
        }
        else if (line.Kind == JsonRpcLineKind.Cancellation)
        {
            // A cancelled request gets no reply (MCP cancellation): the end of the input must not wait for one.
            replies.NoReplyExpected(line.RequestKey!);
        }

        // Byte for byte as read, newline included. With nothing else waiting, the line's buffer becomes the ready one
        // instead of being copied: a 500 KB tools/call line is copied once on its way in, not twice.
        if (_ready.WrittenCount == 0)
        {
            (_ready, _line) = (_line, _ready);
            _readyOffset = 0;
        }
        else
        {
            _ready.Write(_line.WrittenSpan);
            _line.ResetWrittenCount();
        }

        _ready.Write("\n"u8);
    }

    /// <summary>The start of a line for the log: enough to find it in the client's output, too short to carry a payload.</summary>
    private static string Excerpt(ReadOnlySpan<byte> line)
    {
        var head = System.Text.Encoding.UTF8.GetString(line[..Math.Min(line.Length, ExcerptLength)]);
        var printable = string.Create(head.Length, head, static (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                span[i] = char.IsControl(text[i]) ? '?' : text[i];
            }
        });
        return line.Length > ExcerptLength ? printable + "…" : printable;
    }
}
