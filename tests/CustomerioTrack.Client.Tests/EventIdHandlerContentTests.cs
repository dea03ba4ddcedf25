using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CustomerioTrack.Client.Http;

namespace CustomerioTrack.Client.Tests;

/// <summary>
/// How the event-id handler takes a body it has to inspect: read once into a pooled array of the declared length, sent
/// from it on every attempt, the original content released before the exchange, the array back in the pool only when
/// the request is disposed, and a body whose length contradicts its Content-Length refused before anything is sent.
/// </summary>
public sealed class EventIdHandlerContentTests
{
    private const string BatchUrl = "https://track.customer.io/api/v2/batch";
    private const string Batch = """{"batch":[{"type":"person","identifiers":{"id":"ann"},"action":"identify","attributes":{"plan":"pro é"}}]}""";

    [Fact]
    public async Task A_body_without_events_goes_out_byte_for_byte_with_its_headers_and_the_original_content_is_released_first()
    {
        var source = new TrackedStream(Encoding.UTF8.GetBytes(Batch));
        var terminal = new Recorder(_ => source.Disposed);
        var pool = new RecordingPool();
        using var invoker = new HttpMessageInvoker(new EventIdHandler { InnerHandler = terminal, Pool = pool });
        var request = new HttpRequestMessage(HttpMethod.Post, BatchUrl) { Content = new StreamContent(source) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };

        using var response = await invoker.SendAsync(request, CancellationToken.None);

        var sent = Assert.Single(terminal.Requests);
        Assert.Equal(Batch, Encoding.UTF8.GetString(sent.Body));
        Assert.Equal("application/json; charset=utf-8", sent.ContentType);
        Assert.Equal(Encoding.UTF8.GetByteCount(Batch), sent.ContentLength);
        Assert.True(sent.SourceReleasedBeforeSend);
        Assert.True(EventIdsAssignedOption.IsSet(request));
        Assert.True(ReplayableContentOption.IsSet(request));

        // Whoever holds the request can still read its body after the answer; the array goes back when it is disposed.
        Assert.Single(pool.Rented);
        Assert.Empty(pool.Returned);
        Assert.Equal(Batch, await request.Content!.ReadAsStringAsync());
        request.Dispose();
        Assert.Same(Assert.Single(pool.Rented), Assert.Single(pool.Returned));
    }

    [Fact]
    public async Task A_retried_batch_sends_the_same_bytes_each_time_from_the_one_pooled_copy()
    {
        var terminal = new Recorder(_ => true, failFirst: true);
        var pool = new RecordingPool();
        var retry = new TrackRetryHandler(new TrackRetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(1) }) { InnerHandler = terminal };
        using var invoker = new HttpMessageInvoker(new EventIdHandler { InnerHandler = retry, Pool = pool });
        using (var request = new HttpRequestMessage(HttpMethod.Post, BatchUrl) { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Batch))) })
        {
            using var response = await invoker.SendAsync(request, CancellationToken.None);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(2, terminal.Requests.Count);
            Assert.All(terminal.Requests, sent => Assert.Equal(Batch, Encoding.UTF8.GetString(sent.Body)));
            Assert.Empty(pool.Returned);
        }

        Assert.Single(pool.Returned);
    }

    [Fact]
    public async Task A_batch_given_event_ids_goes_out_from_a_new_array_and_the_pooled_copy_is_returned_at_once()
    {
        var terminal = new Recorder(_ => true);
        var pool = new RecordingPool();
        using var invoker = new HttpMessageInvoker(new EventIdHandler { InnerHandler = terminal, Pool = pool });
        using var request = new HttpRequestMessage(HttpMethod.Post, BatchUrl)
        {
            Content = new StreamContent(new MemoryStream("""{"batch":[{"type":"person","identifiers":{"id":"ann"},"action":"page","name":"/"}]}"""u8.ToArray())),
        };

        using var response = await invoker.SendAsync(request, CancellationToken.None);

        Assert.Contains("\"id\":\"", Encoding.UTF8.GetString(Assert.Single(terminal.Requests).Body), StringComparison.Ordinal);
        Assert.IsType<ByteArrayContent>(request.Content);
        Assert.Single(pool.Returned);
    }

    [Fact]
    public async Task An_event_without_id_gets_one_and_the_rest_of_the_body_is_unchanged()
    {
        var terminal = new Recorder(_ => true);
        using var invoker = new HttpMessageInvoker(new EventIdHandler { InnerHandler = terminal });
        using var request = new HttpRequestMessage(HttpMethod.Post, BatchUrl)
        {
            Content = new StreamContent(new MemoryStream("""{"batch":[{"type":"person","identifiers":{"id":"ann"},"action":"event","name":"paid"}]}"""u8.ToArray())),
        };

        using var response = await invoker.SendAsync(request, CancellationToken.None);

        var body = Encoding.UTF8.GetString(Assert.Single(terminal.Requests).Body);
        Assert.Matches("""^\{"batch":\[\{"id":"[0-9A-HJKMNP-TV-Z]{26}","type":"person","identifiers":\{"id":"ann"\},"action":"event","name":"paid"\}\]\}$""", body);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(-5)]
    public async Task A_body_that_contradicts_its_content_length_is_refused_and_nothing_is_sent(int lengthError)
    {
        var bytes = Encoding.UTF8.GetBytes(Batch);
        var terminal = new Recorder(_ => true);
        var pool = new RecordingPool();
        using var invoker = new HttpMessageInvoker(new EventIdHandler { InnerHandler = terminal, Pool = pool });
        using var request = new HttpRequestMessage(HttpMethod.Post, BatchUrl) { Content = new StreamContent(new MemoryStream(bytes)) };
        request.Content.Headers.ContentLength = bytes.Length + lengthError;

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => invoker.SendAsync(request, CancellationToken.None));

        Assert.Equal($"The request content does not match its Content-Length header ({bytes.Length + lengthError} bytes).", failure.Message);
        Assert.Empty(terminal.Requests);
        Assert.Same(Assert.Single(pool.Rented), Assert.Single(pool.Returned));
    }

    [Fact]
    public async Task A_body_of_unknown_length_is_still_read_whole()
    {
        var terminal = new Recorder(_ => true);
        using var invoker = new HttpMessageInvoker(new EventIdHandler { InnerHandler = terminal });
        using var request = new HttpRequestMessage(HttpMethod.Post, BatchUrl) { Content = new StreamContent(new ForwardOnly(Encoding.UTF8.GetBytes(Batch))) };

        using var response = await invoker.SendAsync(request, CancellationToken.None);

        Assert.Equal(Batch, Encoding.UTF8.GetString(Assert.Single(terminal.Requests).Body));
    }

    private sealed record Sent(byte[] Body, string? ContentType, long? ContentLength, bool SourceReleasedBeforeSend);

    private sealed class Recorder(Func<HttpRequestMessage, bool> releasedBeforeSend, bool failFirst = false) : HttpMessageHandler
    {
        public List<Sent> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var released = releasedBeforeSend(request);

            // Read as a transport does: the content writes itself to a stream, once per attempt.
            using var body = new MemoryStream();
            await request.Content!.CopyToAsync(body, cancellationToken);
            Requests.Add(new Sent(body.ToArray(), request.Content.Headers.ContentType?.ToString(), request.Content.Headers.ContentLength, released));
            return new HttpResponseMessage(failFirst && Requests.Count == 1 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK);
        }
    }

    private sealed class RecordingPool : System.Buffers.ArrayPool<byte>
    {
        public List<byte[]> Rented { get; } = [];

        public List<byte[]> Returned { get; } = [];

        public override byte[] Rent(int minimumLength)
        {
            var array = new byte[minimumLength + 7];
            Rented.Add(array);
            return array;
        }

        public override void Return(byte[] array, bool clearArray = false) => Returned.Add(array);
    }

    private sealed class TrackedStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }

    // No length and no seeking: the handler cannot know the size in advance.
    private sealed class ForwardOnly(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }
}
