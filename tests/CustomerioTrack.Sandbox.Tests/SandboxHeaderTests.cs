namespace CustomerioTrack.Sandbox.Tests;

/// <summary>
/// Every answer says it came from the sandbox, and carries the notes of what the sandbox ignored, dropped, did not write
/// or changed, percent-encoded, at most 20 plus a count. Both transports send the same headers.
/// </summary>
public sealed class SandboxHeaderTests : IDisposable
{
    private readonly SandboxHarness _h = new();

    public void Dispose() => _h.Dispose();

    public static TheoryData<string> Transports => new() { SandboxWire.InProcess, SandboxWire.Server };

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_call_that_did_what_it_asked_has_only_the_sandbox_header(string transport)
    {
        var answer = await SandboxWire.Send(_h, transport, HttpMethod.Put, "/api/v1/customers/n1", """{"plan":"x"}""");

        Assert.Equal((200, "{}"), (answer.Status, answer.Body));
        Assert.Equal(["X-CustomerioTrack-Sandbox: 1"], answer.Headers);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Identify_of_a_suppressed_person_says_nothing_was_written(string transport)
    {
        await _h.Identify("u3", new { plan = "x" });
        await _h.Tool("SuppressCustomerProfile", new { unique_person_identifier = "u3" });

        var answer = await SandboxWire.Send(_h, transport, HttpMethod.Put, "/api/v1/customers/u3", """{"plan":"y"}""");

        Assert.Equal((200, "{}"), (answer.Status, answer.Body));
        Assert.Equal(
            [
                "X-CustomerioTrack-Sandbox: 1",
                "X-CustomerioTrack-Sandbox-Note: ignored%3A%20id%20%27u3%27%20is%20suppressed%20%28unsuppress%20it%20first%29%3B%20nothing%20was%20written",
            ],
            answer.Headers);
        Assert.Empty(await _h.Inspector.GetPeopleAsync());
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_segment_call_names_the_ids_it_ignored(string transport)
    {
        await _h.Identify("m1", new { plan = "x" });

        var answer = await SandboxWire.Send(_h, transport, HttpMethod.Post, "/api/v1/segments/7/add_customers", """{"ids":["m1","nonexist","ghost é"]}""");

        Assert.Equal((200, "{}"), (answer.Status, answer.Body));
        Assert.Equal(
            [
                "X-CustomerioTrack-Sandbox: 1",
                "X-CustomerioTrack-Sandbox-Note: segment%207%20did%20not%20exist%2C%20so%20the%20sandbox%20created%20it%3B%20in%20Customer.io%20the%20manual%20segment%20must%20already%20exist%20%28create%20it%20in%20the%20Customer.io%20UI%20or%20with%20the%20App%20API%29",
                "X-CustomerioTrack-Sandbox-Note: ignored%202%20id%28s%29%20that%20match%20no%20person%20by%20id%3A%20nonexist%2C%20ghost%20%C3%A9",
            ],
            answer.Headers);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task An_ignored_email_change_is_reported(string transport)
    {
        await _h.Identify("u1@example.com", new { plan = "x" });

        var answer = await SandboxWire.Send(_h, transport, HttpMethod.Put, "/api/v1/customers/u1%40example.com", """{"email":"other@example.com"}""");

        Assert.Equal((200, "{}"), (answer.Status, answer.Body));
        Assert.Equal(
            [
                "X-CustomerioTrack-Sandbox: 1",
                "X-CustomerioTrack-Sandbox-Note: ignored%20email%20change%20to%20%27other%40example.com%27%3A%20address%20the%20person%20by%20cio_%3Ccio_id%3E%20or%20id%20to%20change%20their%20email",
            ],
            answer.Headers);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Notes_that_restate_success_are_not_sent(string transport)
    {
        // The journal notes that the event created the person; that is what the API does, so the caller hears nothing.
        var answer = await SandboxWire.Send(_h, transport, HttpMethod.Post, "/api/v1/customers/new-person/events", """{"name":"signup"}""");

        Assert.Equal((200, "{}"), (answer.Status, answer.Body));
        Assert.Equal(["X-CustomerioTrack-Sandbox: 1"], answer.Headers);
        Assert.Equal(["created a person with id 'new-person' for the event"], (await _h.Inspector.GetJournalAsync()).Single().Notes);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task More_than_20_notes_end_with_a_count_of_the_rest(string transport)
    {
        var items = string.Join(",", Enumerable.Range(1, 23).Select(i => $$"""{"type":"person","identifiers":{"id":"gone{{i}}"},"action":"delete"}"""));

        var answer = await SandboxWire.Send(_h, transport, HttpMethod.Post, "/api/v2/batch", "{\"batch\":[" + items + "]}");

        Assert.Equal((200, "{}"), (answer.Status, answer.Body));
        Assert.Equal(
            [
                "X-CustomerioTrack-Sandbox: 1",
                .. Enumerable.Range(1, 20).Select(i => $"X-CustomerioTrack-Sandbox-Note: nothing%20to%20delete%3A%20no%20person%20has%20id%20%27gone{i}%27"),
                "X-CustomerioTrack-Sandbox-Note: %E2%80%A6%20and%203%20more%20notes%3A%20read%20sandbox%3A%2F%2Fjournal",
            ],
            answer.Headers);
        Assert.Equal(23, (await _h.Inspector.GetJournalAsync()).Single().Notes.Count);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Error_answers_carry_the_sandbox_header_too(string transport)
    {
        var notFound = await SandboxWire.Send(_h, transport, HttpMethod.Get, "/api/v1/nowhere", null);
        var invalid = await SandboxWire.Send(_h, transport, HttpMethod.Post, "/api/v1/customers/x/events", """{"name":"a","name":"b"}""");

        Assert.Equal(404, notFound.Status);
        Assert.Equal(["X-CustomerioTrack-Sandbox: 1"], notFound.Headers);
        Assert.Equal(400, invalid.Status);
        Assert.Equal(["X-CustomerioTrack-Sandbox: 1"], invalid.Headers);
    }
}
