using CustomerioTrack.Client.Models;

namespace CustomerioTrack.Sandbox.Tests;

public sealed class EventTests : IDisposable
{
    private readonly SandboxHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Track_through_the_typed_client_stores_the_event_and_creates_the_person()
    {
        await _h.Client.Api.V1.Customers["e1"].Events.PostAsync(new TrackEventRequest { Name = " purchase ", Data = new EventData { AdditionalData = { ["price"] = 23.45 } } });
        var detail = await _h.Person("e1");
        var e = Assert.Single(detail.Events);
        Assert.Equal("purchase", e.Name); // trimmed
        Assert.Equal("event", e.Type);
        Assert.Equal(23.45, (double?)e.Data?["price"]);
        Assert.NotNull(e.EventId); // the client adds a ULID
    }

    [Fact]
    public async Task Duplicate_event_ids_are_ignored()
    {
        var id = Client.Ulid.NewUlid();
        await _h.Track("e2", new { name = "a", id });
        await _h.Track("e2", new { name = "a", id });
        Assert.Single(await _h.Inspector.GetEventsAsync("e2"));
        Assert.Contains("duplicate event id", (await _h.Inspector.GetJournalAsync(1)).Single().Notes.Single());
    }

    [Fact]
    public async Task Page_views_and_screens_keep_their_type()
    {
        await _h.Track("e3", new { name = "/pricing", type = "page" });
        await _h.Track("e3", new { name = "Home", type = "screen" });
        Assert.Equal(["page", "screen"], (await _h.Inspector.GetEventsAsync("e3")).Select(e => e.Type));
    }

    [Fact]
    public async Task Anonymous_events_are_linked_when_identify_carries_the_anonymous_id()
    {
        await _h.Tool("TrackAnonymousEvent", new { mode = "execute", request_body = new { name = "viewed", anonymous_id = "anon-1" } });
        await _h.Tool("TrackAnonymousEvent", new { mode = "execute", request_body = new { name = "other", anonymous_id = "anon-2" } });
        Assert.Null((await _h.Inspector.GetEventsAsync()).First().PersonCioId);

        await _h.Identify("known", new { anonymous_id = "anon-1" });
        var detail = await _h.Person("known");
        Assert.Equal("viewed", Assert.Single(detail.Events).Name);

        // Later anonymous events with the same id go straight to the person.
        await _h.Tool("TrackAnonymousEvent", new { mode = "execute", request_body = new { name = "later", anonymous_id = "anon-1" } });
        Assert.Equal(2, (await _h.Person("known")).Events.Count);
        Assert.Null((await _h.Inspector.GetEventsAsync()).Single(e => e.Name == "other").PersonCioId);
    }

    [Fact]
    public async Task Metrics_and_push_metrics_are_recorded_without_auth()
    {
        var (status, body) = await _h.Raw(HttpMethod.Post, "/api/v1/metrics", """{"delivery_id":"RPI1","metric":"clicked","href":"https://x"}""", authenticate: false);
        Assert.Equal((200, "{}"), (status, body));
        (status, _) = await _h.Raw(HttpMethod.Post, "/api/v1/push/events", """{"delivery_id":"RPI2","event":"opened","device_id":"tok","timestamp":1700000000}""", authenticate: false);
        Assert.Equal(200, status);
        var metrics = await _h.Inspector.GetDeliveryMetricsAsync();
        Assert.Equal([("RPI1", "clicked", "metrics"), ("RPI2", "opened", "push")], metrics.Select(m => (m.DeliveryId, m.Metric, m.Source)));
    }
}
