using Xunit.Abstractions;
using System.Text.Json.Nodes;
using CustomerioTrack.Client;
using CustomerioTrack.Client.Models;

namespace CustomerioTrack.Sandbox.Tests;

public sealed class ProtocolTests(ITestOutputHelper output) : IDisposable
{
    private readonly SandboxHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Theory]
    [InlineData("PUT", "/api/v1/customers/1", "{}")]
    [InlineData("GET", "/api/v1/accounts/region", null)]
    [InlineData("POST", "/api/v2/batch", """{"batch":[]}""")]
    [InlineData("POST", "/api/v1/forms/f/submit", """{"data":{"id":"1"}}""")]
    public async Task Protected_operations_answer_401_without_a_body(string method, string path, string? body)
    {
        var (status, text) = await _h.Raw(new HttpMethod(method), path, body, authenticate: false);
        Assert.Equal((401, ""), (status, text));
        (status, text) = await _h.Raw(new HttpMethod(method), path, body, auth: SandboxHarness.Basic(_h.Sandbox.Options.SiteId, "wrong"));
        Assert.Equal((401, ""), (status, text));
        Assert.Empty(await _h.Inspector.GetJournalAsync());
    }

    [Fact]
    public async Task A_client_with_wrong_credentials_gets_an_api_error()
    {
        var client = TrackClientFactory.Create(new TrackClientOptions { SiteId = "x", ApiKey = "y", BaseUrl = TrackSandbox.InProcessBaseUrl }, _h.Sandbox.CreateHandler());
        var result = await Tools.TrackTools.Create(client).InvokeAsync("UpdateOrAddPerson", """{"person_identifier":"1","mode":"execute","request_body":{}}""");
        Assert.True(result.IsError);
        Assert.Equal(401, (int?)result.Content["error"]?["status_code"]);
        Assert.Empty(await _h.Inspector.GetPeopleAsync());
    }

    [Fact]
    public async Task Malformed_json_answers_400_and_writes_nothing()
    {
        await _h.Identify("keep", new { a = 1 });
        var before = await _h.Inspector.GetJournalAsync();

        var (status, text) = await _h.Raw(HttpMethod.Put, "/api/v1/customers/keep", """{"a": 2,""");
        Assert.Equal(400, status);
        Assert.NotEmpty(JsonNode.Parse(text)!["meta"]!["errors"]!.AsArray());

        (status, text) = await _h.Raw(HttpMethod.Put, "/api/v1/customers/keep/devices", """{"device":{"id":"t"}}""");
        Assert.Equal(400, status);
        output.WriteLine(text);
        Assert.Contains("platform", text, StringComparison.Ordinal);

        (status, text) = await _h.Raw(HttpMethod.Post, "/api/v1/merge_customers", """{"primary":{"id":"keep","email":"two@x.io"},"secondary":{"id":"s"}}""");
        Assert.Equal(400, status);
        output.WriteLine(text);
        Assert.IsType<string>((string?)JsonNode.Parse(text)!["meta"]!["error"]);

        (status, _) = await _h.Raw(HttpMethod.Post, "/api/v1/segments/abc/add_customers", """{"ids":["keep"]}""");
        Assert.Equal(400, status);

        Assert.Equal(before.Select(j => j.Seq), (await _h.Inspector.GetJournalAsync()).Select(j => j.Seq));
        Assert.Equal(1, (int?)(await _h.Person("keep")).Person.Attributes["a"]);
        Assert.Empty((await _h.Person("keep")).Devices);
    }

    [Fact]
    public async Task The_typed_client_surfaces_the_v1_400_shape()
    {
        var error = await Assert.ThrowsAsync<V1ErrorResponse>(() => _h.Client.Api.V1.Customers["x"].Devices.PutAsync(new AddDeviceRequest { Device = new V1Device { Id = "t" } }));
        Assert.Equal(400, error.ResponseStatusCode);
    }

    [Fact]
    public async Task Unknown_paths_and_methods_are_refused()
    {
        Assert.Equal(404, (await _h.Raw(HttpMethod.Get, "/api/v1/nothing")).Status);
        Assert.Equal(405, (await _h.Raw(HttpMethod.Get, "/api/v1/customers/1")).Status);
    }

    [Fact]
    public async Task The_journal_records_each_accepted_request()
    {
        await _h.Identify("j", new { a = 1 });
        var entry = Assert.Single(await _h.Inspector.GetJournalAsync());
        Assert.Equal(("PUT", "/api/v1/customers/j", "identify", 200), (entry.Method, entry.Path, entry.Operation, entry.Status));
        Assert.Equal(1, (int?)JsonNode.Parse(entry.RequestBody!)!["a"]);
        Assert.Equal("{}", entry.ResponseBody);
    }
}

public sealed class PersistenceTests
{
    [Fact]
    public async Task State_survives_a_restart_with_a_file_database()
    {
        var dir = Path.Combine(Path.GetTempPath(), "cio-sandbox-" + Guid.NewGuid().ToString("N"));
        var options = new SandboxOptions { DataPath = Path.Combine(dir, "nested", "sandbox.db") };
        try
        {
            await using (var server = await SandboxServer.StartAsync(options))
            {
                var client = TrackClientFactory.Create(server.Sandbox.CreateClientOptions(server.BaseUrl));
                await client.Api.V1.Customers["persist"].PutAsync(new IdentifyRequest { AdditionalData = { ["plan"] = "kept" } });
                await client.Api.V1.Customers["persist"].Events.PostAsync(new TrackEventRequest { Name = "e" });
            }

            using var reopened = TrackSandbox.Open(options);
            var detail = await reopened.Inspector.GetPersonAsync("persist");
            Assert.NotNull(detail);
            Assert.Equal("kept", (string?)detail.Person.Attributes["plan"]);
            Assert.Single(detail.Events);
            Assert.Equal(2, (await reopened.Inspector.GetJournalAsync()).Count);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task Two_clients_writing_the_same_person_lose_no_attribute()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { InMemory = true });
        var first = Tools.TrackTools.Create(TrackClientFactory.Create(server.Sandbox.CreateClientOptions(server.BaseUrl)));
        var second = Tools.TrackTools.Create(TrackClientFactory.Create(server.Sandbox.CreateClientOptions(server.BaseUrl)));

        async Task Write(Tools.TrackToolset tools, string prefix)
        {
            for (var i = 0; i < 50; i++)
            {
                var result = await tools.InvokeAsync("UpdateOrAddPerson", $$$"""{"person_identifier":"shared","mode":"execute","request_body":{"{{{prefix}}}{{{i}}}":{{{i}}}}}""");
                Assert.False(result.IsError, result.ToJson());
            }
        }

        await Task.WhenAll(Task.Run(() => Write(first, "a")), Task.Run(() => Write(second, "b")));

        var person = Assert.Single(await server.Inspector.GetPeopleAsync());
        Assert.Equal(100, person.Attributes.Count);
        Assert.Equal(100, (await server.Inspector.GetJournalAsync()).Count);
    }

    [Fact]
    public async Task Migrations_record_the_schema_version()
    {
        using var sandbox = TrackSandbox.Open(new SandboxOptions { InMemory = true, InMemoryName = "mig-" + Guid.NewGuid().ToString("N") });
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={sandbox.Options.InMemoryName};Mode=Memory;Cache=Shared");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_version";
        Assert.Equal((long)Storage.SandboxMigrations.Current, command.ExecuteScalar());
        // Opening again migrates nothing and keeps data.
        await sandbox.Inspector.GetPeopleAsync();
        using var again = TrackSandbox.Open(new SandboxOptions { InMemory = true, InMemoryName = sandbox.Options.InMemoryName });
        Assert.Empty(await again.Inspector.GetPeopleAsync());
    }
}
