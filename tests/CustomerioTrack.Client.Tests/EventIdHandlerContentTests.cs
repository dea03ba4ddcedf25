using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CustomerioTrack.Client.Http;

namespace CustomerioTrack.Client.Tests;

/// <summary>
/// How the event-id handler takes a body it has to inspect: read once into an array of the declared length, sent from that
/// array on every attempt, the original content released before the exchange, and a body whose length contradicts its
/// Content-Length refused before anything is sent.
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
        using var invoker = new HttpMessageInvoker(new EventIdHandler { InnerHandler = terminal });
        using var request = new HttpRequestMessage(HttpMethod.Post, BatchUrl) { Content = new StreamContent(source) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };

        using var response = await invoker.SendAsync(request, CancellationToken.None);

        var sent = Assert.Single(terminal.Requests);
        Assert.Equal(Batch, Encoding.UTF8.GetString(sent.Body));
        Assert.Equal("application/json; charset=utf-8", sent.ContentType);
        Assert.Equal(Encoding.UTF8.GetByteCount(Batch), sent.ContentLength);
        Assert.True(sent.SourceReleasedBeforeSend);
        Assert.IsType<ByteArrayContent>(request.Content);
        Assert.True(EventIdsAssignedOption.IsSet(request));
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
        using var invoker = new HttpMessageInvoker(new EventIdHandler { InnerHandler = terminal });
        using var request = new HttpRequestMessage(HttpMethod.Post, BatchUrl) { Content = new StreamContent(new MemoryStream(bytes)) };
        request.Content.Headers.ContentLength = bytes.Length + lengthError;

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => invoker.SendAsync(request, CancellationToken.None));

        Assert.Equal($"The request content does not match its Content-Length header ({bytes.Length + lengthError} bytes).", failure.Message);
        Assert.Empty(terminal.Requests);
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

    private sealed class Recorder(Func<HttpRequestMessage, bool> releasedBeforeSend) : HttpMessageHandler
    {
        public List<Sent> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var released = releasedBeforeSend(request);
            var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            Requests.Add(new Sent(body, request.Content.Headers.ContentType?.ToString(), request.Content.Headers.ContentLength, released));
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
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
