using System.Text;
using System.Text.Json;
using CustomerioTrack.Client.Http;
using CustomerioTrack.Client.Tests.Support;
using Microsoft.Kiota.Abstractions;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CustomerioTrack.Client.Tests;

/// <summary>
/// A body already given event ids (by the tools) is marked, and the pipeline trusts the mark: it neither scans the body
/// again nor adds ids twice. Without the mark, the pipeline adds the ids itself and still retries events safely.
/// </summary>
public sealed class EventIdsAssignedOptionTests : IClassFixture<WireMockFixture>
{
    private const string EventPath = "/api/v1/customers/ann/events";
    private readonly WireMockFixture _fixture;

    public EventIdsAssignedOptionTests(WireMockFixture fixture)
    {
        _fixture = fixture;
        _fixture.Reset();
    }

    [Fact]
    public async Task An_unmarked_event_gets_an_id_from_the_pipeline()
    {
        var client = TestClients.Create(_fixture.BaseUrl, new RecordingHandler());

        await client.SendRawAsync(EventRequest(marked: false));

        var sent = JsonDocument.Parse(_fixture.SingleRequest().Body!).RootElement;
        Assert.Equal("signup", sent.GetProperty("name").GetString());
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{26}$", sent.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_marked_event_goes_out_byte_for_byte_as_given()
    {
        var client = TestClients.Create(_fixture.BaseUrl, new RecordingHandler());

        await client.SendRawAsync(EventRequest(marked: true));

        Assert.Equal("""{"name":"signup"}""", _fixture.SingleRequest().Body);
    }

    [Fact]
    public async Task A_marked_event_is_retried_after_an_ambiguous_failure_and_resent_whole()
    {
        _fixture.Server.Given(Request.Create().WithPath(EventPath).UsingPost()).InScenario("flaky").WillSetStateTo("failed once").AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(502));
        var client = TestClients.Create(_fixture.BaseUrl, new RecordingHandler(), o => o.Retry = new TrackRetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(1) });

        var response = await client.SendRawAsync(EventRequest(marked: true));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, _fixture.Server.LogEntries.Count());
        Assert.All(_fixture.Server.LogEntries, entry => Assert.Equal("""{"name":"signup"}""", entry.RequestMessage.Body));
    }

    [Fact]
    public async Task The_retry_handler_alone_still_refuses_to_repeat_an_unmarked_event_without_id()
    {
        // Without EventIdHandler in front and without the mark, the body decides: an event without id is not repeatable.
        var terminal = new CountingHandler(System.Net.HttpStatusCode.BadGateway);
        using var invoker = new HttpMessageInvoker(new TrackRetryHandler(new TrackRetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(1) }) { InnerHandler = terminal });
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://track.customer.io" + EventPath) { Content = new StringContent("""{"name":"signup"}""", Encoding.UTF8, "application/json") };

        using var response = await invoker.SendAsync(request, CancellationToken.None);

        Assert.Equal(502, (int)response.StatusCode);
        Assert.Equal(1, terminal.Calls);
    }

    private static RequestInformation EventRequest(bool marked)
    {
        var request = new RequestInformation { HttpMethod = Method.POST, UrlTemplate = "{+baseurl}" + EventPath, PathParameters = { ["baseurl"] = "" } };
        request.SetStreamContent(new MemoryStream("""{"name":"signup"}"""u8.ToArray()), "application/json");
        if (marked)
        {
            request.AddRequestOptions([new EventIdsAssignedOption()]);
        }

        return request;
    }

    private sealed class CountingHandler(System.Net.HttpStatusCode status) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(new HttpResponseMessage(status));
        }
    }
}

/// <summary>Retries resend the whole body, whether the content is marked replayable or buffered by the retry handler.</summary>
public sealed class ReplayableContentTests : IClassFixture<WireMockFixture>
{
    private const string Path = "/api/v1/customers/ann";
    private const string Body = """{"plan":"pro"}""";
    private readonly WireMockFixture _fixture;

    public ReplayableContentTests(WireMockFixture fixture)
    {
        _fixture = fixture;
        _fixture.Reset();
        _fixture.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(Path).UsingPut()).InScenario("flaky").WillSetStateTo("failed once").AtPriority(1)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(502));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public async Task A_retried_request_carries_its_whole_body_again(bool markedReplayable, bool seekable)
    {
        var client = TestClients.Create(_fixture.BaseUrl, new RecordingHandler(), o => o.Retry = new TrackRetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(1) });
        var request = new Microsoft.Kiota.Abstractions.RequestInformation { HttpMethod = Microsoft.Kiota.Abstractions.Method.PUT, UrlTemplate = "{+baseurl}" + Path, PathParameters = { ["baseurl"] = "" } };
        Stream stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Body));
        request.SetStreamContent(seekable ? stream : new ForwardOnlyStream(stream), "application/json");
        if (markedReplayable)
        {
            request.AddRequestOptions([new ReplayableContentOption()]);
        }

        var response = await client.SendRawAsync(request);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal([Body, Body], _fixture.Server.LogEntries.Select(e => e.RequestMessage.Body));
    }

    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
