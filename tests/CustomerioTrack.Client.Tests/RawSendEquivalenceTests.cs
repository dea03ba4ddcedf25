using System.Net;
using System.Text;
using CustomerioTrack.Client.Http;
using CustomerioTrack.Client.Models;
using Microsoft.Kiota.Abstractions;

namespace CustomerioTrack.Client.Tests;

/// <summary>
/// A factory-built client sends raw requests (what the tools use) straight to its HttpClient instead of through
/// Kiota's adapter. The transport must see the same message either way: method, escaped URI, HTTP version, every
/// header, the body, and the request options our handlers read.
/// </summary>
[Collection(KiotaTracingCollection.Name)]
public sealed class RawSendEquivalenceTests
{
    public static TheoryData<string> Requests => ["identify", "identify-encoded", "segment-query", "batch", "event-with-id", "anonymous-metrics", "delete"];

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task The_transport_sees_the_message_the_adapter_would_have_sent(string name)
    {
        var direct = await SendAsync(name, throughAdapter: false);
        var adapter = await SendAsync(name, throughAdapter: true);

        Assert.Equal(adapter.Method, direct.Method);
        Assert.Equal(adapter.Uri, direct.Uri);
        Assert.Equal(adapter.Version, direct.Version);
        Assert.Equal(adapter.Headers, direct.Headers);
        Assert.Equal(adapter.Body, direct.Body);
        // The adapter also passes its own observability and response-handler options; ours are the same on both paths.
        Assert.Equal(adapter.Options.Where(o => o.StartsWith("CustomerioTrack.", StringComparison.Ordinal)), direct.Options);
    }

    [Fact]
    public async Task The_direct_path_is_the_one_a_factory_client_takes()
    {
        var direct = await SendAsync("identify", throughAdapter: false);
        var adapter = await SendAsync("identify", throughAdapter: true);

        Assert.DoesNotContain(direct.AllOptions, o => o.Contains("ResponseHandlerOption", StringComparison.Ordinal));
        Assert.Contains(adapter.AllOptions, o => o.Contains("ResponseHandlerOption", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Credentials_go_only_where_the_adapter_sends_them()
    {
        Assert.Equal(Support.Credentials.ExpectedAuthorization, (await SendAsync("identify", throughAdapter: false)).Authorization);
        Assert.Null((await SendAsync("anonymous-metrics", throughAdapter: false)).Authorization);
    }

    [Fact]
    public async Task A_client_built_around_another_adapter_sends_raw_requests_through_it()
    {
        var transport = new SnapshotTransport();
        var auth = new TrackBasicAuthenticationProvider(Support.Credentials.SiteId, Support.Credentials.ApiKey);
        using var adapter = new Microsoft.Kiota.Http.HttpClientLibrary.HttpClientRequestAdapter(auth, httpClient: new HttpClient(transport))
        {
            BaseUrl = "https://track.customer.io",
        };
        var client = new TrackApiClient(adapter);
        Assert.Null(client.TrackAdapter);

        var response = await client.SendRawAsync(Build(client, "batch"));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("POST https://track.customer.io/api/v2/batch", transport.Last!.Method + " " + transport.Last.Uri);
        Assert.Equal("""{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"delete"}]}""", transport.Last.Body);
        Assert.Equal(Support.Credentials.ExpectedAuthorization, transport.Last.Authorization);
    }

    [Fact]
    public async Task The_request_content_is_disposed_once_the_answer_is_in()
    {
        var transport = new SnapshotTransport();
        var client = Create(transport);
        var content = new DisposalTrackingStream(Encoding.UTF8.GetBytes("""{"email":"a@example.com"}"""));
        var request = client.Api.V1.Customers["ann"].ToPutRequestInformation(new IdentifyRequest());
        request.SetStreamContent(content, "application/json");

        var response = await client.SendRawAsync(request);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("""{"email":"a@example.com"}""", transport.Last!.Body);
        Assert.True(content.Disposed);
    }

    private static async Task<Snapshot> SendAsync(string name, bool throughAdapter)
    {
        var transport = new SnapshotTransport();
        var client = Create(transport);
        if (throughAdapter)
        {
            client.TrackAdapter!.KiotaOnly = true;
        }

        var response = await client.SendRawAsync(Build(client, name));
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("{}", Encoding.UTF8.GetString(response.Body.Span));
        return transport.Last! with { Options = transport.OptionsAtTheTop!, AllOptions = transport.AllOptionsAtTheTop! };
    }

    // The factory's own handlers between an outer handler that notes the request options (handlers below may send a
    // copy of the message for each attempt) and the transport.
    private static TrackApiClient Create(SnapshotTransport transport)
    {
        var options = Support.TestClients.Options(new Uri("https://track.customer.io"));
        HttpMessageHandler inner = transport;
        var handlers = TrackClientFactory.CreateHandlers(options).Prepend(new OptionsRecorder(transport)).ToList();
        for (var i = handlers.Count - 1; i >= 0; i--)
        {
            handlers[i].InnerHandler = inner;
            inner = handlers[i];
        }

        return TrackClientFactory.Create(options, new HttpClient(inner));
    }

    private static RequestInformation Build(TrackApiClient client, string name)
    {
        RequestInformation request;
        switch (name)
        {
            case "identify":
                request = client.Api.V1.Customers["ann"].ToPutRequestInformation(new IdentifyRequest { Email = "ann@example.com" });
                break;
            case "identify-encoded":
                request = client.Api.V1.Customers["ann b/ü@example.com?#%"].ToPutRequestInformation(new IdentifyRequest());
                break;
            case "segment-query":
                request = client.Api.V1.Segments[7].Add_customers.ToPostRequestInformation(
                    new SegmentMembershipRequest { Ids = ["a", "b"] }, c => c.QueryParameters.IdType = Api.V1.Segments.Item.Add_customers.PostId_typeQueryParameterType.Email);
                break;
            case "batch":
                request = RawBody(client.Api.V2.Batch.ToPostRequestInformation(new BatchRequest { Batch = [] }),
                    """{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"delete"}]}""");
                break;
            case "event-with-id":
                request = RawBody(client.Api.V1.Customers["ann"].Events.ToPostRequestInformation(new TrackEventRequest { Name = "x" }),
                    """{"id":"01ARZ3NDEKTSV4RRFFQ69G5FAV","name":"signup"}""");
                request.AddRequestOptions([new EventIdsAssignedOption(), new ReplayableContentOption()]);
                break;
            case "anonymous-metrics":
                request = client.Api.V1.Metrics.ToPostRequestInformation(new MetricsRequest { DeliveryId = "d", Metric = MetricsRequest_metric.Opened });
                break;
            case "delete":
                request = client.Api.V1.Customers["ann"].ToDeleteRequestInformation();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(name));
        }

        return request;
    }

    private static RequestInformation RawBody(RequestInformation request, string json)
    {
        request.Content?.Dispose();
        request.SetStreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json), writable: false), "application/json");
        return request;
    }

    private sealed record Snapshot(string Method, string Uri, Version Version, string Headers, string? Authorization, string? Body, string[] Options, string[] AllOptions);

    private sealed class OptionsRecorder(SnapshotTransport transport) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var options = request.Options.Select(o => o.Key).Order(StringComparer.Ordinal).ToArray();
            transport.AllOptionsAtTheTop = options;
            transport.OptionsAtTheTop = options.Where(o => o.StartsWith("CustomerioTrack.", StringComparison.Ordinal)).ToArray();
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class SnapshotTransport : HttpMessageHandler
    {
        public Snapshot? Last { get; private set; }

        public string[]? OptionsAtTheTop { get; set; }

        public string[]? AllOptionsAtTheTop { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var headers = request.Headers.Select(h => $"{h.Key}: {string.Join(",", h.Value)}")
                .Concat(request.Content?.Headers.Select(h => $"content {h.Key}: {string.Join(",", h.Value)}") ?? [])
                .Order(StringComparer.Ordinal);
            Last = new Snapshot(
                request.Method.Method,
                request.RequestUri!.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped),
                request.Version,
                string.Join("\n", headers),
                request.Headers.Authorization?.ToString(),
                request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken),
                [],
                []);
            return new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        }
    }

    private sealed class DisposalTrackingStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
