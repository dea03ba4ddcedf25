using System.Net;
using System.Net.Sockets;
using System.Text;
using CustomerioTrack.Client.Models;
using CustomerioTrack.Client.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerioTrack.Client.Tests;

/// <summary>
/// A disposed client closes what the factory built for it, leaves alone what it was given (a primary handler, an
/// HttpClient, IHttpClientFactory's pipeline) and refuses further calls.
/// </summary>
public sealed class ClientDisposalTests : IClassFixture<WireMockFixture>
{
    private const string DisposedMessage =
        "This TrackApiClient has been disposed and sends nothing more. Create a new one with TrackClientFactory.Create, or resolve a new one from the service provider.\nObject name: 'TrackApiClient'.";

    private readonly WireMockFixture _fixture;

    public ClientDisposalTests(WireMockFixture fixture)
    {
        _fixture = fixture;
        _fixture.Reset();
    }

    [Fact]
    public async Task Disposing_a_client_the_factory_built_its_transport_for_closes_the_connection()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var baseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        var client = TrackClientFactory.Create(TestClients.Options(baseUrl));
        var server = AnswerOnceThenWaitForCloseAsync(listener);

        await client.Api.V1.Customers["ann"].PutAsync(new IdentifyRequest());
        client.Dispose();

        Assert.True(await server, "the client kept its connection open after Dispose");
    }

    [Fact]
    public async Task A_disposed_client_refuses_typed_raw_and_stream_calls_and_sends_nothing()
    {
        var client = TestClients.Create(_fixture.BaseUrl, new RecordingHandler());
        client.Dispose();
        client.Dispose();

        var typed = await Assert.ThrowsAsync<ObjectDisposedException>(() => client.Api.V1.Customers["ann"].PutAsync(new IdentifyRequest()));
        var raw = await Assert.ThrowsAsync<ObjectDisposedException>(() => client.SendRawAsync(client.Api.V1.Customers["ann"].ToDeleteRequestInformation()));
        var stream = await Assert.ThrowsAsync<ObjectDisposedException>(() => client.Api.V1.Metrics.PostAsync(new MetricsRequest { DeliveryId = "d", Metric = MetricsRequest_metric.Opened }));

        Assert.Equal(DisposedMessage, typed.Message);
        Assert.Equal(DisposedMessage, raw.Message);
        Assert.Equal(DisposedMessage, stream.Message);
        Assert.Empty(_fixture.Server.LogEntries);
    }

    [Fact]
    public async Task A_primary_handler_passed_in_stays_open_for_its_owner()
    {
        using var transport = new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false };
        var first = TestClients.Create(_fixture.BaseUrl, transport);
        await first.Api.V1.Customers["ann"].PutAsync(new IdentifyRequest());

        first.Dispose();
        var second = TestClients.Create(_fixture.BaseUrl, transport);
        await second.Api.V1.Customers["bob"].PutAsync(new IdentifyRequest());

        Assert.Equal(["/api/v1/customers/ann", "/api/v1/customers/bob"], _fixture.Server.LogEntries.Select(e => e.RequestMessage.Path));
    }

    [Fact]
    public async Task An_HttpClient_passed_in_stays_open_for_its_owner()
    {
        using var httpClient = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false });
        var client = TrackClientFactory.Create(TestClients.Options(_fixture.BaseUrl), httpClient);

        client.Dispose();
        using var answer = await httpClient.GetAsync(new Uri(_fixture.BaseUrl, "/still-open"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("/still-open", _fixture.SingleRequest().Path);
    }

    [Fact]
    public async Task The_container_disposes_the_clients_it_made_and_keeps_its_pipeline()
    {
        var services = new ServiceCollection();
        TestClients.Register(services, _fixture.BaseUrl);
        await using var provider = services.BuildServiceProvider();

        TrackApiClient scoped;
        using (var scope = provider.CreateScope())
        {
            scoped = scope.ServiceProvider.GetRequiredService<TrackApiClient>();
            await scoped.Api.V1.Customers["ann"].PutAsync(new IdentifyRequest());
        }

        var afterScope = await Assert.ThrowsAsync<ObjectDisposedException>(() => scoped.Api.V1.Customers["ann"].PutAsync(new IdentifyRequest()));
        using var next = provider.CreateScope();
        await next.ServiceProvider.GetRequiredService<TrackApiClient>().Api.V1.Customers["bob"].PutAsync(new IdentifyRequest());

        Assert.Equal(DisposedMessage, afterScope.Message);
        Assert.Equal(["/api/v1/customers/ann", "/api/v1/customers/bob"], _fixture.Server.LogEntries.Select(e => e.RequestMessage.Path));
    }

    // Answers one request on one keep-alive connection, then reports whether the client closed that connection.
    private static async Task<bool> AnswerOnceThenWaitForCloseAsync(TcpListener listener)
    {
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var socket = await listener.AcceptSocketAsync(giveUp.Token);
        await using var stream = new NetworkStream(socket);
        await ReadRequestAsync(stream, giveUp.Token);
        await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"u8.ToArray(), giveUp.Token);

        try
        {
            return await stream.ReadAsync(new byte[1], giveUp.Token) == 0;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true; // reset rather than closed: closed all the same
        }
    }

    private static async Task ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        int headerEnd;
        while ((headerEnd = Encoding.ASCII.GetString([.. received]).IndexOf("\r\n\r\n", StringComparison.Ordinal)) < 0)
        {
            received.AddRange(buffer.AsSpan(0, await stream.ReadAsync(buffer, cancellationToken)).ToArray());
        }

        var head = Encoding.ASCII.GetString([.. received], 0, headerEnd);
        var lengthLine = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var length = lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        while (received.Count < headerEnd + 4 + length)
        {
            received.AddRange(buffer.AsSpan(0, await stream.ReadAsync(buffer, cancellationToken)).ToArray());
        }
    }
}
