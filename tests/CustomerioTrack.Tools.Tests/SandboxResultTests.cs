using CustomerioTrack.Tools.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CustomerioTrack.Tools.Tests;

/// <summary>
/// Answers marked <c>X-CustomerioTrack-Sandbox: 1</c> come from the local sandbox: results say so instead of claiming
/// Customer.io accepted anything, and carry the sandbox's percent-encoded notes decoded.
/// </summary>
public sealed class SandboxResultTests
{
    private const string Identify = """{"mode":"execute","person_identifier":"42","request_body":{"plan":"pro"}}""";
    private const string SandboxNote = "Accepted by the CustomerioTrack sandbox, which only mimics the Track API: nothing reached Customer.io.";
    private const string CustomerIoNote = "Accepted by Customer.io. The Track API applies changes asynchronously, so acceptance does not prove the change was applied (identifier conflicts, for example, only show in the workspace's activity log).";

    [Fact]
    public async Task A_sandbox_answer_says_the_sandbox_accepted_it_and_lists_its_notes_decoded()
    {
        using var stub = new TrackStub();
        Respond(stub, 200, "{}", ["1"], [Uri.EscapeDataString("attribute 'plan' ignored: no workspace, so nothing was written"), Uri.EscapeDataString("café, 100% déjà vu")]);

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", Identify);

        Assert.Equal(
            $$"""{"status_code":200,"response":{},"note":"{{SandboxNote}}","sandbox_notes":["attribute 'plan' ignored: no workspace, so nothing was written","café, 100% déjà vu"]}""",
            result.ToJson());
        Assert.Equal(["PUT /api/v1/customers/42"], stub.Tap.RequestLines);
    }

    [Fact]
    public async Task A_sandbox_answer_without_notes_has_no_notes_list()
    {
        using var stub = new TrackStub();
        Respond(stub, 200, "{}", ["1"], []);

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", Identify);

        Assert.Equal($$"""{"status_code":200,"response":{},"note":"{{SandboxNote}}"}""", result.ToJson());
    }

    [Fact]
    public async Task An_answer_without_the_sandbox_mark_is_customer_io_s_and_its_note_headers_are_ignored()
    {
        using var stub = new TrackStub();
        Respond(stub, 200, "{}", [], [Uri.EscapeDataString("not from the sandbox")]);

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", Identify);

        Assert.Equal($$"""{"status_code":200,"response":{},"note":"{{CustomerIoNote}}"}""", result.ToJson());
    }

    [Fact]
    public async Task A_mark_other_than_1_is_not_the_sandbox()
    {
        using var stub = new TrackStub();
        Respond(stub, 200, "{}", ["0"], [Uri.EscapeDataString("ignored")]);

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", Identify);

        Assert.Equal($$"""{"status_code":200,"response":{},"note":"{{CustomerIoNote}}"}""", result.ToJson());
    }

    [Fact]
    public async Task A_sandbox_error_names_the_sandbox_and_keeps_its_notes()
    {
        using var stub = new TrackStub();
        Respond(stub, 400, """{"meta":{"error":"name cannot be blank"}}""", ["1"], [Uri.EscapeDataString("request not written")]);

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", Identify);

        Assert.True(result.IsError);
        Assert.Equal(
            """{"error":{"kind":"api_error","status_code":400,"message":"The CustomerioTrack sandbox answered 400 to UpdateOrAddPerson: name cannot be blank","api_messages":["name cannot be blank"],"response":{"meta":{"error":"name cannot be blank"}},"hint":"Customer.io rejected the request as invalid. Fix the fields it names; mode=get_request_schema shows the expected body.","sent":true},"sandbox_notes":["request not written"]}""",
            result.ToJson());
    }

    [Fact]
    public async Task A_sandbox_batch_answer_is_accounted_as_the_sandbox_s_with_its_notes()
    {
        using var stub = new TrackStub();
        Respond(stub, 200, "{}", ["1"], [Uri.EscapeDataString("batch item 0: delete of an unknown person ignored")]);

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", """{"mode":"execute","request_body":{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"delete"}]}}""");

        Assert.False(result.IsError, result.ToJson());
        Assert.Equal(SandboxNote, result.Content["note"]!.GetValue<string>());
        Assert.Equal("""["batch item 0: delete of an unknown person ignored"]""", result.Content["sandbox_notes"]!.ToJsonString());
        Assert.Equal(["POST /api/v2/batch"], stub.Tap.RequestLines);
    }

    // A split call that fails part way keeps what the sandbox said about the requests it had already accepted.
    [Fact]
    public async Task A_split_call_that_fails_keeps_the_notes_of_the_requests_before_the_failure()
    {
        using var stub = new TrackStub();
        stub.Server.Reset();
        var attributes = string.Join(",", Enumerable.Range(0, 10).Select(a => $"\"a{a}\":\"{new string('x', 900)}\""));
        var items = Enumerable.Range(0, 60).Select(i => "{\"type\":\"person\",\"identifiers\":{\"id\":\"p" + i + "\"},\"action\":\"identify\",\"attributes\":{" + attributes + "}}");
        (int Status, string Body, string Note)[] answers = [(200, "{}", "first request: p3 is suppressed, nothing written"), (400, """{"errors":[{"reason":"invalid"}]}""", "second request: nothing written")];
        for (var i = 0; i < answers.Length; i++)
        {
            var given = stub.Server.Given(Request.Create().UsingAnyMethod()).InScenario("split");
            given = i == 0 ? given : given.WhenStateIs("after 1");
            given.WillSetStateTo("after " + (i + 1)).RespondWith(Response.Create().WithStatusCode(answers[i].Status)
                .WithHeader("Content-Type", "application/json").WithHeader("X-CustomerioTrack-Sandbox", "1")
                .WithHeader("X-CustomerioTrack-Sandbox-Note", Uri.EscapeDataString(answers[i].Note)).WithBody(answers[i].Body));
        }

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", """{"mode":"execute","request_body":{"batch":[""" + string.Join(",", items) + "]}}");

        Assert.True(result.IsError, result.ToJson());
        Assert.Equal(2, stub.Tap.RequestLines.Count);
        Assert.Equal("""["first request: p3 is suppressed, nothing written","second request: nothing written"]""", result.Content["sandbox_notes"]!.ToJsonString());
    }

    [Fact]
    public async Task At_most_21_notes_are_taken_from_one_answer()
    {
        using var stub = new TrackStub();
        var notes = Enumerable.Range(1, 25).Select(i => "note " + i).ToArray();
        Respond(stub, 200, "{}", ["1"], notes.Select(Uri.EscapeDataString).ToArray());

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", Identify);

        Assert.Equal(notes.Take(21), result.Content["sandbox_notes"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    private static void Respond(TrackStub stub, int status, string body, string[] mark, string[] notes)
    {
        stub.Server.Reset();
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
        if (mark.Length > 0)
        {
            response = response.WithHeader("X-CustomerioTrack-Sandbox", mark);
        }

        if (notes.Length > 0)
        {
            response = response.WithHeader("X-CustomerioTrack-Sandbox-Note", notes);
        }

        stub.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(response);
    }
}
