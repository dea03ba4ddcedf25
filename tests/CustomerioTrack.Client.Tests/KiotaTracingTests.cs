using System.Diagnostics;
using System.Net;
using System.Text;
using CustomerioTrack.Client.Models;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace CustomerioTrack.Client.Tests;

/// <summary>Tests that listen to Kiota's activity source, or depend on nobody listening, run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KiotaTracingCollection
{
    public const string Name = "Kiota tracing";
}

/// <summary>
/// Whoever traces Kiota's adapter keeps getting its spans: with a listener on Kiota's activity source, typed and raw
/// calls of a factory-built client go through Kiota's adapter.
/// </summary>
[Collection(KiotaTracingCollection.Name)]
public sealed class KiotaTracingTests
{
    [Fact]
    public async Task With_a_listener_on_Kiotas_source_calls_are_traced_by_Kiota()
    {
        var started = new List<string>();
        using (var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == new ObservabilityOptions().TracerInstrumentationName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = activity => { lock (started) { started.Add(activity.OperationName); } },
        })
        {
            ActivitySource.AddActivityListener(listener);
            var client = Client();

            await client.Api.V1.Customers["ann"].PutAsync(new IdentifyRequest { Email = "ann@example.com" });
            Assert.Contains(started, name => name.StartsWith("SendAsync", StringComparison.Ordinal));

            started.Clear();
            await client.SendRawAsync(client.Api.V1.Customers["ann"].ToDeleteRequestInformation());
            Assert.Contains(started, name => name.StartsWith("SendNoContentAsync", StringComparison.Ordinal));
        }
    }

    private static TrackApiClient Client() =>
        TrackClientFactory.Create(Support.TestClients.Options(new Uri("https://track.customer.io")), new OkTransport());

    private sealed class OkTransport : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new StringContent("{}", Encoding.UTF8, "application/json") });
    }
}
