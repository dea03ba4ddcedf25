using System.Collections;
using System.Text.Json;
using CustomerioTrack.Mcp.Tests.Support;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace CustomerioTrack.Mcp.Tests;

/// <summary>`--sandbox`: the server works with no account, every result says calls never go to Customer.io, and the state is readable.</summary>
public sealed class SandboxModeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cio-sandbox-mode-").FullName;

    private string Data => Path.Combine(_folder, "sandbox.db");

    [Fact]
    public async Task Tools_work_without_credentials_and_say_that_nothing_reached_customer_io()
    {
        await using var server = await InProcessServer.StartAsync(new Hashtable(), "--sandbox", "--data", Data);

        var result = await server.CallAsync("UpdateOrAddPerson", """{"mode":"execute","person_identifier":"ann@example.com","request_body":{"email":"ann@example.com","plan":"pro"}}""");

        Assert.NotEqual(true, result.IsError);
        var json = JsonDocument.Parse(((TextContentBlock)result.Content[0]).Text).RootElement;
        Assert.Equal(200, json.GetProperty("status_code").GetInt32());
        Assert.Equal($"Sandbox mode: calls go to the local CustomerioTrack sandbox ({Data}), never to Customer.io.", json.GetProperty("notice").GetString());
    }

    [Fact]
    public async Task The_instructions_add_sandbox_mode_to_the_Track_instructions()
    {
        await using var server = await InProcessServer.StartAsync(new Hashtable(), "--sandbox", "--data", Data);

        var instructions = server.Client.ServerInstructions!;
        Assert.StartsWith(TrackMcpServer.Instructions + " SANDBOX MODE: ", instructions, StringComparison.Ordinal);
        Assert.Contains("sandbox:// resources", instructions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sandbox_state_is_exposed_as_resources()
    {
        await using var server = await InProcessServer.StartAsync(new Hashtable(), "--sandbox", "--data", Data);
        await server.CallAsync("UpdateOrAddPerson", """{"mode":"execute","person_identifier":"42","request_body":{"plan":"pro"}}""");

        var resources = await server.Client.ListResourcesAsync();
        var templates = await server.Client.ListResourceTemplatesAsync();
        var person = await server.Client.ReadResourceAsync("sandbox://person/42");

        Assert.Equal(["sandbox://events", "sandbox://journal", "sandbox://people", "sandbox://segments"], resources.Select(r => r.Uri).Order());
        Assert.Equal("sandbox://person/{identifier}", Assert.Single(templates).UriTemplate);
        var text = Assert.IsType<TextResourceContents>(Assert.Single(person.Contents)).Text;
        Assert.Equal("pro", JsonDocument.Parse(text).RootElement.GetProperty("person").GetProperty("attributes").GetProperty("plan").GetString());
    }

    [Fact]
    public async Task Reading_a_person_the_sandbox_does_not_have_says_so_and_how_to_list_people()
    {
        await using var server = await InProcessServer.StartAsync(new Hashtable(), "--sandbox", "--data", Data);
        await server.CallAsync("UpdateOrAddPerson", """{"mode":"execute","person_identifier":"42","request_body":{"plan":"pro"}}""");

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => server.Client.ReadResourceAsync("sandbox://person/43").AsTask());

        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        Assert.Equal(
            "Request failed (remote): No person in the sandbox has the identifier '43' (an id, an email or cio_<cio_id>). Read sandbox://people to list the people in the sandbox.",
            error.Message);
    }

    [Fact]
    public async Task The_journal_and_events_resources_are_oldest_first_as_their_descriptions_say()
    {
        await using var server = await InProcessServer.StartAsync(new Hashtable(), "--sandbox", "--data", Data);
        await server.CallAsync("SendCustomerEvent", """{"mode":"execute","customer_identifier":"42","request_body":{"name":"first"}}""");
        await server.CallAsync("SendCustomerEvent", """{"mode":"execute","customer_identifier":"42","request_body":{"name":"second"}}""");
        await server.CallAsync("UpdateOrAddPerson", """{"mode":"execute","person_identifier":"42","request_body":{"plan":"pro"}}""");

        var descriptions = (await server.Client.ListResourcesAsync()).ToDictionary(r => r.Uri, r => r.Description);
        var journal = JsonDocument.Parse(Assert.IsType<TextResourceContents>(Assert.Single((await server.Client.ReadResourceAsync("sandbox://journal")).Contents)).Text).RootElement;
        var events = JsonDocument.Parse(Assert.IsType<TextResourceContents>(Assert.Single((await server.Client.ReadResourceAsync("sandbox://events")).Contents)).Text).RootElement;

        Assert.Equal(
            "The latest 200 accepted requests, oldest first (the last entry is the most recent call), each with what was not applied and why. Local sandbox data: nothing here is in Customer.io.",
            descriptions["sandbox://journal"]);
        Assert.Equal(
            "The latest 200 events (person and anonymous), oldest first: the last entry is the most recent. Local sandbox data: nothing here is in Customer.io.",
            descriptions["sandbox://events"]);
        Assert.Equal(
            ["POST /api/v1/customers/42/events", "POST /api/v1/customers/42/events", "PUT /api/v1/customers/42"],
            journal.EnumerateArray().Select(e => $"{e.GetProperty("method").GetString()} {e.GetProperty("path").GetString()}"));
        var seqs = journal.EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(seqs.Order(), seqs);
        Assert.Equal(["first", "second"], events.EnumerateArray().Select(e => e.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task The_sandbox_command_inspects_what_the_tools_did()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var call = await CliApp.RunAsync(["call", "UpdateOrAddPerson", "--sandbox", "--data", Data, "--person_identifier", "42", "--request-body", """{"plan":"pro"}"""], stdout, stderr, new Hashtable());
        var people = new StringWriter();

        var exit = await CliApp.RunAsync(["sandbox", "people", "--json", "--data", Data], people, stderr, new Hashtable());

        Assert.Equal(0, call);
        Assert.Equal(0, exit);
        var person = Assert.Single(JsonDocument.Parse(people.ToString()).RootElement.EnumerateArray());
        Assert.Equal("42", person.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Sandbox_and_a_real_target_cannot_be_mixed()
    {
        var stderr = new StringWriter();

        var exit = await CliApp.RunAsync(["tools", "--sandbox", "--track-url", "http://127.0.0.1:1"], TextWriter.Null, stderr, new Hashtable());

        Assert.Equal(2, exit);
        Assert.Equal("customerio-track-mcp: --sandbox cannot be combined with --site-id, --region or --track-url: the sandbox is its own Track API.", stderr.ToString().Trim());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
