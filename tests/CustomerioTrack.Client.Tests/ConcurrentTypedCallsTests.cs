using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using CustomerioTrack.Client.Models;

namespace CustomerioTrack.Client.Tests;

/// <summary>
/// One typed client serving many calls at once. The event-id handler reads each batch into a pooled array: a batch
/// without events is sent from it, one with events gets a copy with ids inserted. Every request must still carry its own
/// items, each event its own id.
/// </summary>
public sealed class ConcurrentTypedCallsTests
{
    private const int Callers = 16;
    private const int CallsEach = 4;
    private const int Items = 300;

    [Fact]
    public async Task Concurrent_batches_each_send_their_own_items_and_every_event_gets_its_own_id()
    {
        var transport = new YieldingRecorder();
        var client = TrackClientFactory.Create(
            new TrackClientOptions { SiteId = "site-123", ApiKey = "key-456", BaseUrl = new Uri("https://track.customer.io"), Retry = new TrackRetryOptions { MaxRetries = 0 } },
            transport);

        await Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            for (var call = 0; call < CallsEach; call++)
            {
                await client.Api.V2.Batch.PostAsync(Batch($"c{caller}-{call}", withEvents: call % 2 == 1));
            }
        })));

        var tags = new HashSet<string>(StringComparer.Ordinal);
        var eventIds = new List<string>();
        foreach (var body in transport.Bodies)
        {
            var items = JsonDocument.Parse(body).RootElement.GetProperty("batch").EnumerateArray().ToList();
            Assert.Equal(Items, items.Count);
            var tag = items[0].GetProperty("identifiers").GetProperty("id").GetString()!.Split(':')[0];
            Assert.True(tags.Add(tag), "sent twice: " + tag);
            var withEvents = int.Parse(tag.Split('-')[1], System.Globalization.CultureInfo.InvariantCulture) % 2 == 1;
            for (var i = 0; i < Items; i++)
            {
                Assert.Equal($"{tag}:{i}", items[i].GetProperty("identifiers").GetProperty("id").GetString());
                if (withEvents && i % 2 == 1)
                {
                    var id = items[i].GetProperty("id").GetString()!;
                    Assert.True(Ulid.IsValid(id), id);
                    eventIds.Add(id);
                }
            }
        }

        Assert.Equal(Callers * CallsEach, tags.Count);
        Assert.Equal(Callers * (CallsEach / 2) * (Items / 2), eventIds.Distinct(StringComparer.Ordinal).Count());
    }

    private static BatchRequest Batch(string tag, bool withEvents) => new()
    {
        Batch = Enumerable.Range(0, Items).Select(i => !withEvents || i % 2 == 0
            ? new EntityRequest
            {
                PersonIdentify = new PersonIdentify
                {
                    Action = PersonIdentify_action.Identify,
                    Identifiers = new PersonIdentifiers { Id = $"{tag}:{i}" },
                    Attributes = new PersonAttributes { AdditionalData = new Dictionary<string, object> { ["note"] = new string('n', 300) } },
                },
            }
            : new EntityRequest
            {
                PersonEvent = new PersonEvent
                {
                    Action = PersonEvent_action.Event,
                    Identifiers = new PersonIdentifiers { Id = $"{tag}:{i}" },
                    Name = "purchase",
                },
            }).ToList(),
    };

    // Answers in memory after a pause, so other calls run while each body is still to be read.
    private sealed class YieldingRecorder : HttpMessageHandler
    {
        private readonly ConcurrentQueue<string> _bodies = new();

        public IReadOnlyList<string> Bodies => _bodies.ToArray();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Random.Shared.Next(0, 3), cancellationToken);
            _bodies.Enqueue(Encoding.UTF8.GetString(await request.Content!.ReadAsByteArrayAsync(cancellationToken)));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        }
    }
}
