using CustomerioTrack.Tools.Tests.Support;

namespace CustomerioTrack.Tools.Tests;

/// <summary>
/// After an answer that leaves open whether an event was recorded, the model is told how to resend it without counting
/// it twice: the tool gave the event a ULID, and a resend without that id would get a new one.
/// </summary>
public sealed class EventResendHintTests
{
    private const string Temporary = "A temporary problem on Customer.io's side; retrying later should work.";

    [Theory]
    [InlineData("SendCustomerEvent", """{"mode":"execute","customer_identifier":"42","request_body":{"name":"purchase"}}""")]
    [InlineData("TrackAnonymousEvent", """{"mode":"execute","request_body":{"name":"x","anonymous_id":"a1"}}""")]
    [InlineData("ManageEntity", """{"mode":"execute","request_body":{"type":"person","identifiers":{"id":"1"},"action":"event","name":"e"}}""")]
    public async Task An_event_answered_500_is_told_to_resend_with_the_id_it_was_sent_with(string tool, string arguments)
    {
        using var stub = new TrackStub(500, "");

        var result = await stub.Tools.InvokeAsync(tool, arguments);

        var id = result.Content["assigned_event_ids"]![0]!.GetValue<string>();
        Assert.Contains($"\"id\":\"{id}\"", stub.Requests.Single().Body);
        Assert.Equal(
            Temporary + $" The event was sent with the id {id}: to resend it, add \"id\":\"{id}\" to it, so that Customer.io ignores it if it already recorded it.",
            result.Content["error"]!["hint"]!.GetValue<string>());
    }

    [Fact]
    public async Task Events_of_a_batch_answered_502_are_told_to_resend_with_the_ids_in_order()
    {
        using var stub = new TrackStub(502, "");

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests",
            """{"mode":"execute","request_body":{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"event","name":"a"},{"type":"person","identifiers":{"id":"2"},"action":"identify"},{"type":"person","identifiers":{"id":"3"},"action":"page","name":"/p"}]}}""");

        Assert.Equal(2, result.Content["assigned_event_ids"]!.AsArray().Count);
        Assert.Equal(
            Temporary + " The events that had no id were sent with the ids in assigned_event_ids, in their order in the request: to resend one, add its \"id\" to it, so that Customer.io ignores it if it already recorded it.",
            result.Content["error"]!["hint"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_event_rejected_with_400_gets_no_resend_advice()
    {
        using var stub = new TrackStub(400, """{"meta":{"error":"event name must not be blank"}}""");

        var result = await stub.Tools.InvokeAsync("SendCustomerEvent", """{"mode":"execute","customer_identifier":"42","request_body":{"name":"purchase"}}""");

        Assert.Equal("Customer.io rejected the request as invalid. Fix the fields it names; mode=get_request_schema shows the expected body.", result.Content["error"]!["hint"]!.GetValue<string>());
    }
}
