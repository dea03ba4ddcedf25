using System.IO.Compression;
using System.Net;
using System.Text;
using CustomerioTrack.Client.Http;
using CustomerioTrack.Client.Models;
using CustomerioTrack.Client.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CustomerioTrack.Client.Tests;

/// <summary>
/// Answers the Track API never gives but a wrong base URL or a broken proxy can: larger than
/// <see cref="AttemptTimeoutHandler.MaxResponseBytes"/> (or endless), dripping, compressed unasked. The typed client
/// throws an exception that says what happened, whether built by the factory or by dependency injection.
/// </summary>
public sealed class HostileResponseTests : IClassFixture<WireMockFixture>
{
    private const int Limit = AttemptTimeoutHandler.MaxResponseBytes;
    private const string TooLarge = "The answer to PUT /api/v1/customers/42 (HTTP 200) was larger than the 8 MB limit for a Track API answer and was not read. The request was sent and may have been processed.";
    private readonly WireMockFixture _fixture;

    public HostileResponseTests(WireMockFixture fixture)
    {
        _fixture = fixture;
        _fixture.Reset();
    }

    [Fact]
    public async Task An_endless_answer_is_cut_at_the_limit()
    {
        var transport = new Answering(() => new StreamContent(new EndlessStream()));
        var client = TestClients.Create(_fixture.BaseUrl, transport);

        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<TrackResponseTooLargeException>(() => client.Api.V1.Customers["42"].PutAsync(new IdentifyRequest(), cancellationToken: bounded.Token));

        Assert.Equal(TooLarge, error.Message);
        Assert.Equal(200, error.ResponseStatusCode);
        Assert.True(transport.Stream!.Position <= Limit + 1024 * 1024, $"read {transport.Stream.Position} bytes");
    }

    [Fact]
    public async Task An_answer_one_byte_over_the_limit_is_refused_and_one_of_exactly_the_limit_is_read()
    {
        var overTransport = new Answering(() => Json(Limit + 1));
        var over = TestClients.Create(_fixture.BaseUrl, overTransport, o => o.Retry = new TrackRetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(1) });
        var exact = TestClients.Create(_fixture.BaseUrl, new Answering(() => Json(Limit)));

        var error = await Assert.ThrowsAsync<TrackResponseTooLargeException>(() => over.Api.V1.Customers["42"].PutAsync(new IdentifyRequest()));
        var read = await exact.Api.V1.Customers["42"].PutAsync(new IdentifyRequest());

        Assert.Equal(TooLarge, error.Message);
        Assert.Equal(1, overTransport.Requests);
        Assert.Equal(Limit - 10, Assert.IsType<string>(Assert.IsType<EmptyResponse>(read).AdditionalData["pad"]).Length);
    }

    [Fact]
    public async Task The_limit_holds_for_a_client_from_dependency_injection()
    {
        _fixture.Server.Given(Request.Create().UsingAnyMethod()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(new string(' ', Limit + 1)));
        var services = new ServiceCollection();
        services.AddCustomerioTrack(o =>
        {
            o.SiteId = Credentials.SiteId;
            o.ApiKey = Credentials.ApiKey;
            o.BaseUrl = _fixture.BaseUrl;
        });
        await using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<TrackResponseTooLargeException>(() => provider.GetRequiredService<TrackApiClient>().Api.V1.Customers["42"].PutAsync(new IdentifyRequest()));

        Assert.Equal(TooLarge, error.Message);
        Assert.Single(_fixture.Server.LogEntries);
    }

    [Fact]
    public async Task A_region_lookup_answered_too_large_says_the_request_itself_was_not_sent()
    {
        _fixture.Server.Given(Request.Create().WithPath("/api/v1/accounts/region").UsingGet()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(new string(' ', Limit + 1)));
        var recorder = RecordingHandler.RedirectingCustomerIoHostsTo(_fixture.BaseUrl);
        var client = TrackClientFactory.Create(TestClients.Options(baseUrl: null), recorder);

        var error = await Assert.ThrowsAsync<TrackRegionDetectionException>(() => client.Api.V1.Customers["42"].PutAsync(new IdentifyRequest()));

        Assert.False(error.IsTransient);
        Assert.Equal(
            "Detecting the workspace's region failed: the answer to GET /api/v1/accounts/region was too large or broke off. The request was not sent; set the region explicitly (CUSTOMERIO_REGION=us|eu).",
            error.Message);
        Assert.Equal(["/api/v1/accounts/region"], recorder.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task A_body_dripping_past_the_attempt_timeout_is_a_timeout()
    {
        var client = TestClients.Create(_fixture.BaseUrl, new Answering(() => new StreamContent(new DrippingStream())), o => o.Timeout = TimeSpan.FromMilliseconds(300));

        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<TrackResponseTimeoutException>(() => client.Api.V1.Customers["42"].PutAsync(new IdentifyRequest(), cancellationToken: bounded.Token));

        Assert.Equal("The Track API's answer to PUT /api/v1/customers/42 (HTTP 200) did not arrive in full within 0.3 s.", error.Message);
        Assert.Equal(200, error.ResponseStatusCode);
    }

    [Fact]
    public async Task A_gzip_error_answer_nobody_asked_for_is_decoded_into_the_typed_error()
    {
        var client = TestClients.Create(_fixture.BaseUrl, new Answering(() =>
        {
            var content = new ByteArrayContent(Gzip("""{"meta":{"error":"name cannot be blank"}}"""));
            content.Headers.ContentType = new("application/json");
            content.Headers.ContentEncoding.Add("gzip");
            return content;
        }, HttpStatusCode.BadRequest));

        var error = await Assert.ThrowsAsync<V1ErrorResponse>(() => client.Api.V1.Customers["42"].PutAsync(new IdentifyRequest()));

        Assert.Equal(["name cannot be blank"], error.Messages);
    }

    private static ByteArrayContent Json(int length)
    {
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes("{\"pad\":\"" + new string('a', length - 10) + "\"}"));
        content.Headers.ContentType = new("application/json");
        return content;
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    /// <summary>The transport: answers every request with fresh content, without a socket.</summary>
    private sealed class Answering(Func<HttpContent> content, HttpStatusCode status = HttpStatusCode.OK) : HttpMessageHandler
    {
        private int _requests;

        public Stream? Stream { get; private set; }

        public int Requests => Volatile.Read(ref _requests);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            var body = content();
            if (body is StreamContent)
            {
                Stream = await body.ReadAsStreamAsync(cancellationToken);
            }

            if (body.Headers.ContentType is null)
            {
                body.Headers.ContentType = new("application/json");
            }

            return new HttpResponseMessage(status) { RequestMessage = request, Content = body };
        }
    }

    /// <summary>Spaces forever, counting what was read.</summary>
    private sealed class EndlessStream : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)' ');
            _position += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>One space every 100 ms, 100 of them.</summary>
    private sealed class DrippingStream : Stream
    {
        private int _left = 100;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("async only");

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_left-- == 0)
            {
                return 0;
            }

            await Task.Delay(100, cancellationToken);
            buffer.Span[0] = (byte)' ';
            return 1;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
