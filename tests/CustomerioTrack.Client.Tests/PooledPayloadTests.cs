using System.Buffers;
using System.Text;

using CustomerioTrack.Client.Http;

namespace CustomerioTrack.Client.Tests;

/// <summary>
/// A pooled request body goes back to its pool exactly once, and only when the call has ended and no stream is reading
/// it: a request still being written can never send bytes another call has put in the same array.
/// </summary>
public sealed class PooledPayloadTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"delete"}]}""");

    [Fact]
    public async Task The_stream_reads_the_body_and_reads_it_again_after_a_rewind()
    {
        var pool = new RecordingPool();
        using var payload = new PooledPayload(Body, pool);
        await using var stream = payload.OpenRead(payload.Memory);

        Assert.Equal(Body.Length, stream.Length);
        Assert.Equal(Body, await ReadAllAsync(stream));
        stream.Position = 0;
        Assert.Equal(Body, await ReadAllAsync(stream));
        Assert.Equal(Body.Length, payload.Length);
        Assert.Empty(pool.Returned);
    }

    [Fact]
    public void Releasing_returns_the_array_once_and_the_stream_refuses_to_read_afterwards()
    {
        var pool = new RecordingPool();
        var payload = new PooledPayload(Body, pool);
        var stream = payload.OpenRead(payload.Memory);

        payload.Dispose();

        Assert.Single(pool.Returned);
        var error = Assert.Throws<ObjectDisposedException>(() => stream.ReadByte());
        Assert.Contains("the call that owned it has ended", error.Message, StringComparison.Ordinal);
        Assert.Single(pool.Returned);
    }

    [Fact]
    public async Task A_copy_in_flight_keeps_the_array_until_it_finishes()
    {
        var pool = new RecordingPool();
        var payload = new PooledPayload(Body, pool);
        var stream = payload.OpenRead(payload.Memory);
        var destination = new GatedStream();

        var copy = stream.CopyToAsync(destination);
        await destination.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        payload.Dispose();
        Assert.Empty(pool.Returned);

        destination.Gate.SetResult();
        await copy.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Body, destination.Written.ToArray());
        Assert.Single(pool.Returned);
    }

    [Fact]
    public async Task Disposing_twice_during_a_copy_in_flight_keeps_the_array_until_the_copy_finishes()
    {
        var pool = new RecordingPool();
        var payload = new PooledPayload(Body, pool);
        var stream = payload.OpenRead(payload.Memory);
        var destination = new GatedStream();

        var copy = stream.CopyToAsync(destination);
        await destination.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        payload.Dispose();
        payload.Dispose();
        Assert.Empty(pool.Returned);

        destination.Gate.SetResult();
        await copy.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Body, destination.Written.ToArray());
        Assert.Single(pool.Returned);
    }

    [Fact]
    public void An_owning_stream_cannot_be_opened_once_the_owner_has_released_the_payload()
    {
        var pool = new RecordingPool();
        var payload = new PooledPayload(Body, pool);
        payload.Dispose();

        Assert.Throws<ObjectDisposedException>(() => payload.OpenOwningRead());
        Assert.Single(pool.Returned);
    }

    [Fact]
    public async Task A_body_from_elsewhere_is_read_from_its_own_array_and_outlives_the_payload()
    {
        var pool = new RecordingPool();
        var payload = new PooledPayload(Body, pool);
        var chunk = Encoding.UTF8.GetBytes("""{"batch":[]}""");
        await using var stream = payload.OpenRead(chunk);

        payload.Dispose();

        Assert.Equal(chunk, await ReadAllAsync(stream));
    }

    [Fact]
    public async Task Reading_exactly_the_declared_length_gives_the_bytes_and_anything_else_gives_the_array_back()
    {
        var pool = new RecordingPool();
        using (var exact = await PooledPayload.ReadExactlyAsync(new MemoryStream(Body), Body.Length, pool))
        {
            Assert.NotNull(exact);
            Assert.Equal(Body, exact.Memory.ToArray());
        }

        Assert.Null(await PooledPayload.ReadExactlyAsync(new MemoryStream(Body), Body.Length + 1, pool));
        Assert.Null(await PooledPayload.ReadExactlyAsync(new MemoryStream(Body), Body.Length - 1, pool));
        Assert.Equal(3, pool.Returned.Count);
    }

    [Fact]
    public async Task An_owning_stream_releases_the_payload_when_disposed_once_and_only_once()
    {
        var pool = new RecordingPool();
        var payload = new PooledPayload(Body, pool);
        var stream = payload.OpenOwningRead();

        Assert.Equal(Body, await ReadAllAsync(stream));
        stream.Position = 0;
        Assert.Equal(Body, await ReadAllAsync(stream));
        Assert.Empty(pool.Returned);

        stream.Dispose();
        stream.Dispose();

        Assert.Single(pool.Returned);
    }

    [Fact]
    public async Task Content_around_an_owning_stream_gives_the_array_back_when_the_request_is_disposed()
    {
        var pool = new RecordingPool();
        var request = new HttpRequestMessage(HttpMethod.Post, "https://track.customer.io/api/v2/batch")
        {
            Content = new StreamContent(new PooledPayload(Body, pool).OpenOwningRead()),
        };

        Assert.Equal(Body.Length, request.Content.Headers.ContentLength);
        Assert.Equal(Body, await request.Content.ReadAsByteArrayAsync());
        Assert.Empty(pool.Returned);

        request.Dispose();

        Assert.Single(pool.Returned);
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private sealed class RecordingPool : ArrayPool<byte>
    {
        public List<byte[]> Returned { get; } = [];

        public override byte[] Rent(int minimumLength) => new byte[minimumLength + 16];

        public override void Return(byte[] array, bool clearArray = false) => Returned.Add(array);
    }

    // A destination whose write waits for the test: the copy is "in flight" while the gate is closed.
    private sealed class GatedStream : Stream
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public MemoryStream Written { get; } = new();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Written.Length;

        public override long Position { get => Written.Position; set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Started.TrySetResult();
            await Gate.Task.ConfigureAwait(false);
            Written.Write(buffer.Span);
        }

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
