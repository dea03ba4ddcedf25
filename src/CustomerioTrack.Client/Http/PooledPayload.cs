using System.Buffers;

namespace CustomerioTrack.Client.Http;

/// <summary>
/// A request body copied into a pooled array, so a 500 KB batch does not cost a large-object-heap allocation (and with
/// it a full garbage collection every few calls). The array goes back to the pool only when its owner has released it
/// and no stream is reading it, so a request still being written can never send another call's bytes.
/// </summary>
public sealed class PooledPayload : IDisposable
{
    private readonly ArrayPool<byte> _pool;
    private readonly byte[] _array;
    private int _references = 1;
    private int _ownerReleased;

    /// <summary>Copies <paramref name="content"/> into an array rented from <paramref name="pool"/> (default: the shared pool).</summary>
    public PooledPayload(ReadOnlySpan<byte> content, ArrayPool<byte>? pool = null)
        : this(content.Length, pool)
    {
        content.CopyTo(_array);
    }

    private PooledPayload(int length, ArrayPool<byte>? pool)
    {
        _pool = pool ?? ArrayPool<byte>.Shared;
        _array = _pool.Rent(length);
        Length = length;
    }

    /// <summary>
    /// Reads exactly <paramref name="length"/> bytes of <paramref name="source"/> into a pooled array; null when the source
    /// holds fewer or more (the array is then back in the pool).
    /// </summary>
    public static async Task<PooledPayload?> ReadExactlyAsync(Stream source, int length, ArrayPool<byte>? pool = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var payload = new PooledPayload(length, pool);
        try
        {
            var read = await source.ReadAtLeastAsync(payload._array.AsMemory(0, length), length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read == length && await source.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) == 0)
            {
                return payload;
            }
        }
        catch
        {
            payload.Dispose();
            throw;
        }

        payload.Dispose();
        return null;
    }

    public int Length { get; }

    /// <summary>The bytes, valid until <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, Length);

    /// <summary>
    /// Releases the owner's reference; the array returns to the pool once no stream is reading it. A second call does
    /// nothing: it must not take a reference a stream still holds, or the array would be rented out while being read.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _ownerReleased, 1) == 0)
        {
            Release();
        }
    }

    /// <summary>
    /// A seekable read-only stream over <paramref name="body"/>, rewound by the HTTP stack for every attempt. Over part of
    /// <see cref="Memory"/> it reads only while the payload is held and throws after release; any other body (a chunk
    /// built elsewhere) is read from its own array.
    /// </summary>
    public Stream OpenRead(ReadOnlyMemory<byte> body) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(body, out var segment) && ReferenceEquals(segment.Array, _array)
            ? new Reader(this, body, owning: false)
            : OpenUnpooled(body);

    /// <summary>
    /// A stream over the whole payload that takes over the owner's reference: disposing the stream (as disposing the
    /// <see cref="StreamContent"/> around it does) releases the payload; a later <see cref="Dispose"/> does nothing.
    /// </summary>
    public Stream OpenOwningRead() =>
        Interlocked.Exchange(ref _ownerReleased, 1) == 0
            ? new Reader(this, Memory, owning: true)
            : throw new ObjectDisposedException(nameof(PooledPayload), "The payload was already released.");

    /// <summary>A stream over a body that no pool owns.</summary>
    public static Stream OpenUnpooled(ReadOnlyMemory<byte> body) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(body, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(body.ToArray(), writable: false);

    private bool TryAcquire()
    {
        var current = Volatile.Read(ref _references);
        while (current > 0)
        {
            var seen = Interlocked.CompareExchange(ref _references, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            _pool.Return(_array);
        }
    }

    private sealed class Reader(PooledPayload owner, ReadOnlyMemory<byte> slice, bool owning) : Stream
    {
        private long _position;
        private int _ownerReleased;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => slice.Length;

        public override long Position
        {
            get => _position;
            set => _position = value >= 0 && value <= slice.Length ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            Acquire();
            try
            {
                var count = (int)Math.Min(buffer.Length, slice.Length - _position);
                slice.Span.Slice((int)_position, count).CopyTo(buffer);
                _position += count;
                return count;
            }
            finally
            {
                owner.Release();
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        // One write of the whole remainder instead of copies through an intermediate buffer.
        public override async Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancellationToken)
        {
            Acquire();
            try
            {
                var rest = slice[(int)_position..];
                _position = slice.Length;
                await destination.WriteAsync(rest, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                owner.Release();
            }
        }

        public override long Seek(long offset, SeekOrigin origin)
        {
            Position = origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => _position + offset,
                _ => slice.Length + offset,
            };
            return _position;
        }

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private void Acquire()
        {
            if (!owner.TryAcquire())
            {
                throw new ObjectDisposedException(nameof(PooledPayload), "The request body was released: the call that owned it has ended.");
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (owning && Interlocked.Exchange(ref _ownerReleased, 1) == 0)
            {
                owner.Release();
            }

            base.Dispose(disposing);
        }
    }
}
