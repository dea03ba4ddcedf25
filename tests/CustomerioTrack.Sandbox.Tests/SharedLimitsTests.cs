using System.Text;
using CustomerioTrack.Sandbox;

namespace CustomerioTrack.Sandbox.Tests;

/// <summary>The sandbox enforces the same Track limits as the tools (one implementation: TrackLimits).</summary>
public sealed class SharedLimitsTests
{
    private static readonly string Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(SandboxOptions.DefaultSiteId + ":" + SandboxOptions.DefaultApiKey));

    [Theory]
    [InlineData("""{"created_at":1700000000000}""", "1700000000000 looks like milliseconds")]
    [InlineData("""{"plan":"pro","nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn":1}""", "150 bytes")]
    public async Task Identify_over_a_track_limit_is_a_400_and_nothing_is_written(string body, string message)
    {
        using var sandbox = TrackSandbox.Open(new SandboxOptions { InMemory = true, InMemoryName = Guid.NewGuid().ToString("N") });

        var response = await sandbox.HandleAsync(new SandboxRequest("PUT", "/api/v1/customers/42", Authorization, Encoding.UTF8.GetBytes(body)));

        Assert.Equal(400, response.StatusCode);
        Assert.Contains(message, response.Body, StringComparison.Ordinal);
        Assert.Empty(await sandbox.Inspector.GetPeopleAsync());
    }

    [Fact]
    public async Task A_v2_operation_sent_as_an_identify_body_is_stored_as_attributes_as_Customer_io_does()
    {
        // The tools refuse this body as a caller's mistake (TrackLimits.V2OperationRule); the API it emulates does not.
        using var sandbox = TrackSandbox.Open(new SandboxOptions { InMemory = true, InMemoryName = Guid.NewGuid().ToString("N") });
        var body = """{"type":"person","identifiers":{"id":"42"},"action":"identify","attributes":{"plan":"pro"}}""";

        var response = await sandbox.HandleAsync(new SandboxRequest("PUT", "/api/v1/customers/42", Authorization, Encoding.UTF8.GetBytes(body)));

        Assert.Equal(200, response.StatusCode);
        var person = Assert.Single(await sandbox.Inspector.GetPeopleAsync());
        Assert.Equal("identify", person.Attributes["action"]!.GetValue<string>());
        Assert.Equal("pro", person.Attributes["attributes"]!["plan"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/api/v1/customers/42/events", """{"name":"   "}""")]
    [InlineData("/api/v1/events", """{"name":"\t ","anonymous_id":"a"}""")]
    [InlineData("/api/v2/entity", """{"type":"person","identifiers":{"id":"42"},"action":"event","name":" "}""")]
    public async Task An_event_name_of_only_whitespace_is_a_400_and_no_event_is_stored(string path, string body)
    {
        using var sandbox = TrackSandbox.Open(new SandboxOptions { InMemory = true, InMemoryName = Guid.NewGuid().ToString("N") });

        var response = await sandbox.HandleAsync(new SandboxRequest("POST", path, Authorization, Encoding.UTF8.GetBytes(body)));

        Assert.Equal(400, response.StatusCode);
        Assert.Contains("the event name is only whitespace; Customer.io trims it and rejects a blank name", response.Body, StringComparison.Ordinal);
        Assert.Empty(await sandbox.Inspector.GetEventsAsync());
        Assert.Empty(await sandbox.Inspector.GetPeopleAsync());
    }

    [Theory]
    [InlineData("PUT", "", """{"plan":"pro"}""")]
    [InlineData("POST", "/events", """{"name":"signed_up"}""")]
    [InlineData("PUT", "/devices", """{"device":{"id":"tok","platform":"ios"}}""")]
    [InlineData("POST", "/suppress", null)]
    public async Task A_path_identifier_that_reads_as_an_id_longer_than_150_bytes_is_a_400(string method, string suffix, string? body)
    {
        using var sandbox = TrackSandbox.Open(new SandboxOptions { InMemory = true, InMemoryName = Guid.NewGuid().ToString("N") });
        var id = new string('x', 151);

        var response = await sandbox.HandleAsync(new SandboxRequest(method, "/api/v1/customers/" + id + suffix, Authorization, body is null ? default : Encoding.UTF8.GetBytes(body)));

        Assert.Equal((400, """{"meta":{"errors":["identifier: 'identifier' is 151 bytes long (UTF-8) and reads as a person id (no '@', no cio_ prefix); Customer.io allows at most 150 bytes per person id"]}}"""),
            (response.StatusCode, response.Body));
        Assert.Empty(await sandbox.Inspector.GetPeopleAsync());
        Assert.Empty(await sandbox.Inspector.GetSuppressionsAsync());
    }

    [Theory]
    [InlineData("x")]
    [InlineData("cio_")]
    [InlineData("long@")]
    public async Task A_150_byte_id_and_longer_emails_or_cio_ids_pass_the_path_check(string prefix)
    {
        using var sandbox = TrackSandbox.Open(new SandboxOptions { InMemory = true, InMemoryName = Guid.NewGuid().ToString("N") });
        var identifier = prefix == "x" ? new string('x', 150) : prefix + new string('x', 160) + (prefix.EndsWith('@') ? ".example.com" : "");

        var response = await sandbox.HandleAsync(new SandboxRequest("DELETE", "/api/v1/customers/" + Uri.EscapeDataString(identifier), Authorization, default));

        Assert.Equal(200, response.StatusCode);
    }
}
