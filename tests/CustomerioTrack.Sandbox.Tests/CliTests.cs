using System.Text.Json;

namespace CustomerioTrack.Sandbox.Tests;

public sealed class CliTests : IDisposable
{
    private readonly SandboxHarness _h = new();

    public void Dispose() => _h.Dispose();

    private async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = await SandboxCli.RunAsync(_h.Sandbox, args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private async Task Seed()
    {
        await _h.Identify("42", new { email = "ann@example.com", plan = "pro" });
        await _h.Track("42", new { name = "purchase", data = new { price = 5 } });
        await _h.Tool("AddPeopleToSegment", new { segment_identifier = 3, mode = "execute", request_body = new { ids = new[] { "42" } } });
    }

    [Fact]
    public async Task People_prints_a_table_and_json()
    {
        await Seed();
        var (code, text, _) = await Run("people");
        Assert.Equal(0, code);
        var lines = text.Split('\n');
        var cioId = (await _h.Person("42")).Person.CioId;
        Assert.Matches(@"^CIO_ID\s+ID  EMAIL\s+UNSUBSCRIBED  UPDATED\s+ATTRIBUTES$", lines[0]);
        Assert.StartsWith(cioId + "  42", lines[1], StringComparison.Ordinal);
        Assert.Contains("ann@example.com", lines[1], StringComparison.Ordinal);

        (code, text, _) = await Run("people", "--json");
        Assert.Equal(0, code);
        var json = JsonDocument.Parse(text).RootElement;
        Assert.Equal("42", json[0].GetProperty("id").GetString());
        Assert.Equal(cioId, json[0].GetProperty("cio_id").GetString());
        Assert.Equal("pro", json[0].GetProperty("attributes").GetProperty("plan").GetString());
    }

    [Fact]
    public async Task Empty_tables_say_none()
    {
        var (code, text, _) = await Run("segments");
        Assert.Equal(0, code);
        Assert.Equal("SEGMENT_ID  MEMBERS  CIO_IDS\n(none)\n", text);
    }

    [Fact]
    public async Task Person_events_segments_journal_and_reset()
    {
        await Seed();
        var (code, text, _) = await Run("person", "ann@example.com");
        Assert.Equal(0, code);
        Assert.Contains("id:           42\n", text, StringComparison.Ordinal);
        Assert.Contains("segments:     3\n", text, StringComparison.Ordinal);
        Assert.Contains("\nAttributes\nNAME   VALUE\n", text, StringComparison.Ordinal);

        (code, text, _) = await Run("person", "42", "--json");
        var person = JsonDocument.Parse(text).RootElement;
        Assert.Equal("purchase", person.GetProperty("events")[0].GetProperty("name").GetString());
        Assert.Equal(3, person.GetProperty("segments")[0].GetInt32());

        (code, text, _) = await Run("events");
        Assert.Matches(@"^SEQ\s+RECEIVED\s+PERSON\s+ANONYMOUS_ID  TYPE   NAME\s+EVENT_ID\s+DATA\n", text);
        Assert.Contains("purchase", text, StringComparison.Ordinal);

        (_, text, _) = await Run("segments");
        Assert.StartsWith("SEGMENT_ID  MEMBERS  CIO_IDS\n3           1        ", text, StringComparison.Ordinal);

        (_, text, _) = await Run("journal", "--limit", "2");
        var lines = text.TrimEnd('\n').Split('\n');
        Assert.Matches(@"^SEQ\s+TIME\s+STATUS  METHOD  PATH\s+NOTES$", lines[0]);
        Assert.Equal(3, lines.Length);

        (_, text, _) = await Run("journal", "--json");
        Assert.Equal(3, JsonDocument.Parse(text).RootElement.GetArrayLength());

        (code, _, _) = await Run("reset");
        Assert.Equal(0, code);
        Assert.Empty(await _h.Inspector.GetPeopleAsync());
        Assert.Empty(await _h.Inspector.GetJournalAsync());
    }

    [Fact]
    public async Task Unknown_person_and_unknown_command_fail()
    {
        var (code, _, err) = await Run("person", "ghost");
        Assert.Equal(1, code);
        Assert.Contains("ghost", err, StringComparison.Ordinal);
        (code, _, _) = await Run("frobnicate");
        Assert.Equal(2, code);
    }

    [Fact]
    public async Task The_standalone_cli_reads_a_data_file()
    {
        var dir = Path.Combine(Path.GetTempPath(), "cio-sandbox-cli-" + Guid.NewGuid().ToString("N"));
        var path = Path.Combine(dir, "s.db");
        try
        {
            using (var sandbox = TrackSandbox.Open(new SandboxOptions { DataPath = path }))
            {
                using var client = new HttpClient(sandbox.CreateHandler()) { BaseAddress = TrackSandbox.InProcessBaseUrl };
                using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/customers/file-person") { Content = new StringContent("""{"a":1}""") };
                request.Headers.Authorization = SandboxHarness.Basic(SandboxOptions.DefaultSiteId, SandboxOptions.DefaultApiKey);
                Assert.True((await client.SendAsync(request)).IsSuccessStatusCode);
            }

            var stdout = new StringWriter();
            Assert.Equal(0, await SandboxCli.RunAsync(["people", "--json", "--data", path], stdout, new StringWriter()));
            Assert.Equal("file-person", JsonDocument.Parse(stdout.ToString()).RootElement[0].GetProperty("id").GetString());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
