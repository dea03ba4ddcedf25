using System.Collections;
using System.Text.Json.Nodes;
using CustomerioTrack.Mcp.Tests.Support;

namespace CustomerioTrack.Mcp.Tests;

/// <summary>The human commands: tools, schema, call (exit codes 0/1/2), --help, configuration errors.</summary>
public sealed class CliTests
{
    private static async Task<(int Exit, string Out, string Err)> RunAsync(IDictionary environment, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr, environment);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => RunAsync(new Hashtable(), args);

    [Fact]
    public async Task Tools_prints_a_table_of_the_17_tools_with_annotations()
    {
        var (exit, output, _) = await RunAsync("tools");

        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("TOOL", lines[0]);
        Assert.Contains("ANNOTATIONS", lines[0]);
        Assert.Equal(17, lines.Count(l => McpToolListTests.Expected.Keys.Any(k => l.StartsWith(k + " ", StringComparison.Ordinal) || l.TrimEnd() == k)));
        Assert.Contains(lines, l => l.StartsWith("GetTrackApiRegion", StringComparison.Ordinal) && l.Contains("read-only,idempotent,open-world"));
        Assert.Contains(lines, l => l.StartsWith("DeleteCustomer", StringComparison.Ordinal) && l.Contains("destructive") && l.Contains("customer_identifier*"));
    }

    [Fact]
    public async Task Tools_honours_the_filters()
    {
        var (exit, output, _) = await RunAsync("tools", "--no-destructive");

        Assert.Equal(0, exit);
        Assert.DoesNotContain("DeleteCustomer", output);
        Assert.Contains("9 tools.", output);
    }

    [Fact]
    public async Task Schema_prints_the_request_body_schema_pretty()
    {
        var (exit, output, _) = await RunAsync("schema", "AddPeopleToSegment");

        Assert.Equal(0, exit);
        Assert.Contains("\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\"", output);
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", JsonNode.Parse(output)!["$schema"]!.GetValue<string>());
    }

    [Fact]
    public async Task Schema_of_a_tool_without_body_says_so_and_lists_its_parameters()
    {
        var (exit, output, _) = await RunAsync("schema", "RemoveCustomerDevice");

        Assert.Equal(0, exit);
        Assert.Contains("has no request body", output);
        Assert.Contains("--device_unique_id", output);
    }

    [Theory]
    [InlineData("schema", "NoSuchTool")]
    [InlineData("call", "NoSuchTool")]
    [InlineData("schema")]
    public async Task Unknown_or_missing_tool_is_usage_error_listing_the_tools(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Contains("UpdateOrAddPerson", error);
    }

    [Fact]
    public async Task Call_success_prints_the_result_and_exits_0()
    {
        using var stub = new TrackStub();

        var (exit, output, _) = await RunAsync(stub.Environment(), "call", "UpdateOrAddPerson", "--person-identifier", "42", "--request-body", """{"email":"a@b.io"}""");

        Assert.Equal(0, exit);
        Assert.Equal(200, JsonNode.Parse(output)!["status_code"]!.GetValue<int>());
        var request = Assert.Single(stub.Requests);
        Assert.Equal("PUT /api/v1/customers/42", $"{request.Method} {request.AbsolutePath}");
        Assert.Equal("""{"email":"a@b.io"}""", request.Body);
    }

    [Fact]
    public async Task Call_converts_integers_and_booleans_and_reads_the_body_from_a_file()
    {
        using var stub = new TrackStub();
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, """{"ids":["a@b.io"]}""");
        try
        {
            var (exit, _, error) = await RunAsync(stub.Environment(), "call", "AddPeopleToSegment", "--segment_identifier", "7", "--identifier_type", "email", "--request-body", "@" + file);
            var (exit2, _, _) = await RunAsync(stub.Environment(), "call", "GlobalUnsubscribeUser", "--delivery_id_for_unsubscription", "dlv1", "--set_unsubscribed_attribute", "false");

            Assert.Equal(0, exit);
            Assert.Equal("", error);
            Assert.Equal(0, exit2);
            Assert.Equal("/api/v1/segments/7/add_customers", stub.Requests[0].AbsolutePath);
            Assert.Equal("email", stub.Requests[0].Query!["id_type"].Single());
            Assert.Equal("""{"unsubscribe":false}""", stub.Requests[1].Body!.Replace(" ", ""));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Call_with_mode_get_request_schema_prints_the_schema()
    {
        var (exit, output, _) = await RunAsync("call", "ManageEntity", "--mode", "get_request_schema");

        Assert.Equal(0, exit);
        Assert.NotNull(JsonNode.Parse(output)!["request_body_schema"]);
    }

    [Fact]
    public async Task Call_api_error_exits_1()
    {
        using var stub = new TrackStub(400, """{"meta":{"error":"bad request"}}""");

        var (exit, output, _) = await RunAsync(stub.Environment(), "call", "DeleteCustomer", "--customer_identifier", "42");

        Assert.Equal(1, exit);
        Assert.Contains("bad request", output);
    }

    [Fact]
    public async Task Call_invalid_body_exits_1_and_sends_nothing()
    {
        using var stub = new TrackStub();

        var (exit, output, _) = await RunAsync(stub.Environment(), "call", "AddPeopleToSegment", "--segment_identifier", "7", "--request-body", "{\"ids\":[]}");

        Assert.Equal(1, exit);
        Assert.Contains("request_body", output);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Call_without_credentials_exits_1_naming_the_variables()
    {
        var (exit, output, _) = await RunAsync("call", "GetTrackApiRegion");

        Assert.Equal(1, exit);
        Assert.Contains("CUSTOMERIO_SITE_ID", output);
    }

    [Fact]
    public async Task Call_dry_run_prints_the_request_and_sends_nothing()
    {
        using var stub = new TrackStub();

        var (exit, output, _) = await RunAsync(stub.Environment(), "call", "DeleteCustomer", "--customer_identifier", "42", "--dry-run");

        Assert.Equal(0, exit);
        Assert.Equal("DELETE", JsonNode.Parse(output)!["request"]!["method"]!.GetValue<string>());
        Assert.Empty(stub.Requests);
    }

    [Theory]
    [InlineData("call", "DeleteCustomer", "--nope", "1")]
    [InlineData("call", "GetTrackApiRegion", "--customer_identifier", "1")]
    [InlineData("call", "UpdateOrAddPerson", "--request-body")]
    [InlineData("call", "UpdateOrAddPerson", "--request-body", "@/definitely/not/here.json")]
    [InlineData("tools", "--bogus")]
    [InlineData("--port", "x")]
    [InlineData("frobnicate")]
    [InlineData("--tools", "DeleteCustomer,Nope")]
    [InlineData("--exclude-tools", "Nope")]
    [InlineData("--region", "asia")]
    [InlineData("--track-url", "not a url")]
    [InlineData("--port", "5000")]
    public async Task Bad_usage_exits_2_with_a_message_on_stderr(params string[] args)
    {
        var (exit, output, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith("customerio-track-mcp: ", error);
    }

    [Fact]
    public async Task Unknown_tool_names_in_filters_list_the_valid_ones()
    {
        var (_, _, error) = await RunAsync("tools", "--tools", "Nope");

        Assert.Contains("Nope", error);
        Assert.Contains("UpdateOrAddPerson", error);
    }

    [Fact]
    public async Task Invalid_region_in_the_environment_is_a_clear_error()
    {
        var (exit, _, error) = await RunAsync(new Hashtable { ["CUSTOMERIO_REGION"] = "mars" }, "tools");

        Assert.Equal(2, exit);
        Assert.Contains("CUSTOMERIO_REGION", error);
        Assert.Contains("'us' or 'eu'", error);
    }

    [Fact]
    public async Task There_is_no_api_key_option_and_the_message_says_why()
    {
        var (exit, _, error) = await RunAsync("call", "GetTrackApiRegion", "--api-key", "secret");

        Assert.Equal(2, exit);
        Assert.Contains("process listings", error);
        Assert.Contains("CUSTOMERIO_API_KEY", error);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    [InlineData("tools", "--help")]
    [InlineData("schema", "--help")]
    [InlineData("call", "--help")]
    [InlineData("call", "DeleteCustomer", "--help")]
    [InlineData("help", "call")]
    [InlineData("--http", "--help")]
    public async Task Help_everywhere_exits_0(params string[] args)
    {
        var (exit, output, _) = await RunAsync(args);

        Assert.Equal(0, exit);
        Assert.Contains("Usage", output);
    }

    [Fact]
    public async Task Main_help_explains_the_variables_and_why_there_is_no_api_key_option()
    {
        var (_, output, _) = await RunAsync("--help");

        foreach (var expected in new[] { "CUSTOMERIO_SITE_ID", "CUSTOMERIO_API_KEY", "CUSTOMERIO_REGION", "CUSTOMERIO_TRACK_URL", "CUSTOMERIO_MCP_TOKEN", "--dry-run", "--no-destructive", "--exclude-tools", "process listings" })
        {
            Assert.Contains(expected, output);
        }
    }

    [Theory]
    [InlineData("https://site-1:sk_live_9f8e7d6c5b4a@track.customer.io", "CUSTOMERIO_TRACK_URL (or --track-url) must not contain user info (the part before '@'): set the Site ID in CUSTOMERIO_SITE_ID and the Track API key in CUSTOMERIO_API_KEY.")]
    [InlineData("ftp://site-1:sk_live_9f8e7d6c5b4a@track.example", "CUSTOMERIO_TRACK_URL (or --track-url) must be an absolute http(s) URL such as http://127.0.0.1:8080, not '(not shown: it holds an '@')'.")]
    public async Task A_track_url_with_credentials_is_refused_without_echoing_them(string url, string message)
    {
        // The URL goes into the startup log line; user info in it would put the key on stderr.
        var (exit, output, error) = await RunAsync(new Hashtable { ["CUSTOMERIO_TRACK_URL"] = url, ["CUSTOMERIO_SITE_ID"] = "site-1", ["CUSTOMERIO_API_KEY"] = "sk_live_9f8e7d6c5b4a" }, "tools");

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal("customerio-track-mcp: " + message, error.Trim());
    }

    [Fact]
    public async Task Version_prints_the_version()
    {
        var (exit, output, _) = await RunAsync("--version");

        Assert.Equal(0, exit);
        Assert.Equal(TrackMcpServer.Version, output.Trim());
    }
}
