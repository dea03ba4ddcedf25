using System.Buffers;

namespace CustomerioTrack.Mcp;

/// <summary>
/// The server's output, written one whole line at a time under a lock that <see cref="WriteLineAsync"/> shares, so a line
/// written beside the SDK (a reply to a line it never saw) cannot land between a message and its newline.
/// </summary>
/// <remarks>The SDK writes a message and its newline as two writes, then flushes; bytes wait here until their newline.</remarks>
internal sealed class LineAtomicStream(Stream inner) : Stream
{
    private static readonly byte[] Newline = "\n"u8.ToArray();

    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _partial = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Writes <paramref name="line"/> and a newline, then flushes, between two lines of the SDK's.</summary>
    public async Task WriteLineAsync(ReadOnlyMemory<byte> line, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Once begun, a line is finished whatever the token says: half a line would run into the next one.
            await inner.WriteAsync(line, CancellationToken.None).ConfigureAwait(false);
            await inner.WriteAsync(Newline, CancellationToken.None).ConfigureAwait(false);
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var end = buffer.Span.LastIndexOf((byte)'\n');
        if (end < 0)
        {
            // The SDK writes from one sender at a time (its own lock), so the partial line needs no lock of its own.
            _partial.Write(buffer.Span);
            return;
        }

        try
        {
            await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The SDK writes a reply with its request's token, and a client may cancel the request meanwhile. Nothing of
            // this line has reached the output: it is dropped whole (the SDK reports the message as not sent) instead of
            // staying here for the next message to be appended to.
            _partial.ResetWrittenCount();
            throw;
        }

        try
        {
            // Once begun, the line is finished whatever the token says: half a line would run into the next one.
            if (_partial.WrittenCount > 0)
            {
                await inner.WriteAsync(_partial.WrittenMemory, CancellationToken.None).ConfigureAwait(false);
                _partial.ResetWrittenCount();
            }

            await inner.WriteAsync(buffer[..(end + 1)], CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }

        _partial.Write(buffer.Span[(end + 1)..]);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        // A partial line stays back: flushing it would let another line in before its newline.
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // A last line cut off before its newline is still the SDK's output: write it rather than lose it.
            if (_partial.WrittenCount > 0)
            {
                inner.Write(_partial.WrittenSpan);
                inner.Flush();
            }

            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
