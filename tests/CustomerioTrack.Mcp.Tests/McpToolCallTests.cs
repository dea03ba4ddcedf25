using System.Text.Json;
using CustomerioTrack.Mcp.Tests.Support;
using ModelContextProtocol.Protocol;

namespace CustomerioTrack.Mcp.Tests;

/// <summary>tools/call for each of the 17 tools against WireMock, plus dry-run, filters and missing credentials.</summary>
public sealed class McpToolCallTests
{
    [Theory]
    [MemberData(nameof(ToolCalls.Names), MemberType = typeof(ToolCalls))]
    public async Task Each_tool_reaches_the_api_and_returns_the_result(string tool)
    {
        var call = ToolCalls.For(tool);
        using var stub = new TrackStub(body: """{"meta":{"note":"stubbed"}}""");
        await using var server = await InProcessServer.StartAsync(stub.Environment());

        var result = await server.CallAsync(tool, call.Arguments);

        Assert.True(result.IsError is not true, Results.Text(result));
        var request = Assert.Single(stub.Requests);
        Assert.Equal(call.Method, request.Method);
        Assert.Equal(call.Path, request.AbsolutePath);
        var json = Results.Json(result);
        Assert.Equal(200, json["status_code"]!.GetValue<int>());
        Assert.Equal("stubbed", json["response"]!["meta"]!["note"]!.GetValue<string>());
        Assert.NotNull(result.StructuredContent);
        Assert.Equal(200, result.StructuredContent!.Value.GetProperty("status_code").GetInt32());
    }

    [Fact]
    public async Task Query_parameters_and_flattened_body_reach_the_wire()
    {
        using var stub = new TrackStub();
        await using var server = await InProcessServer.StartAsync(stub.Environment());

        await server.CallAsync("AddPeopleToSegment", ToolCalls.For("AddPeopleToSegment").Arguments);
        await server.CallAsync("GlobalUnsubscribeUser", ToolCalls.For("GlobalUnsubscribeUser").Arguments);

        Assert.Equal("email", stub.Requests[0].Query!["id_type"].Single());
        Assert.Equal("""{"unsubscribe":true}""", stub.Requests[1].Body!.Replace(" ", ""));
        Assert.StartsWith("Basic ", TrackStub.Header(stub.Requests[0], "Authorization"));
    }

    [Fact]
    public async Task Arguments_as_an_agent_built_on_Arcade_sends_them_reach_the_wire()
    {
        // Arcade's OpenAI strict-mode schemas make every optional parameter required and nullable, and its request_body
        // is stringified JSON: null optional parameters mean "left out", in both modes.
        using var stub = new TrackStub();
        await using var server = await InProcessServer.StartAsync(stub.Environment());

        var schema = await server.CallAsync("AddPeopleToSegment", """{"mode":"get_request_schema","segment_identifier":null,"identifier_type":null,"request_body":null}""");
        var segment = await server.CallAsync("AddPeopleToSegment", """{"mode":"execute","segment_identifier":12345,"identifier_type":null,"request_body":"{\"ids\":[\"42\"]}"}""");
        var unsubscribe = await server.CallAsync("GlobalUnsubscribeUser", """{"delivery_id_for_unsubscription":"dlv1","set_unsubscribed_attribute":null}""");

        Assert.True(schema.IsError is not true, Results.Text(schema));
        Assert.NotNull(Results.Json(schema)["request_body_schema"]);
        Assert.True(segment.IsError is not true, Results.Text(segment));
        Assert.True(unsubscribe.IsError is not true, Results.Text(unsubscribe));
        Assert.Equal(2, stub.Requests.Count);
        Assert.Equal("/api/v1/segments/12345/add_customers", stub.Requests[0].AbsolutePath);
        Assert.Equal("id", stub.Requests[0].Query!["id_type"].Single());
        Assert.Equal("""{"ids":["42"]}""", stub.Requests[0].Body);
        Assert.Equal("""{"unsubscribe":true}""", stub.Requests[1].Body!.Replace(" ", ""));
    }

    [Fact]
    public async Task Get_request_schema_returns_the_schema_object_and_sends_nothing()
    {
        using var stub = new TrackStub();
        await using var server = await InProcessServer.StartAsync(stub.Environment());

        var result = await server.CallAsync("UpdateOrAddPerson", """{"mode":"get_request_schema"}""");

        Assert.True(result.IsError is not true);
        var json = Results.Json(result);
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", json["request_body_schema"]!["$schema"]!.GetValue<string>());
        Assert.Contains("execute", json["instructions"]!.GetValue<string>());
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Invalid_arguments_are_a_tool_error_and_nothing_is_sent()
    {
        using var stub = new TrackStub();
        await using var server = await InProcessServer.StartAsync(stub.Environment());

        var result = await server.CallAsync("AddPeopleToSegment", """{"mode":"execute","segment_identifier":7,"request_body":{"ids":[]}}""");

        Assert.True(result.IsError);
        Assert.Contains("request_body", Results.Text(result));
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Api_errors_are_tool_errors_with_the_status()
    {
        using var stub = new TrackStub(401, """{"meta":{"error":"Unauthorized request"}}""");
        await using var server = await InProcessServer.StartAsync(stub.Environment());

        var result = await server.CallAsync("DeleteCustomer", """{"customer_identifier":"42"}""");

        Assert.True(result.IsError);
        var text = Results.Text(result);
        Assert.Contains("401", text);
        Assert.Contains("Unauthorized request", text);
        Assert.DoesNotContain(TrackStub.ApiKey, text);
    }

    [Fact]
    public async Task Dry_run_sends_nothing_and_redacts_authorization()
    {
        using var stub = new TrackStub();
        await using var server = await InProcessServer.StartAsync(stub.Environment(), "--dry-run");

        var result = await server.CallAsync("UpdateOrAddPerson", """{"mode":"execute","person_identifier":"a@b.io","request_body":{"email":"a@b.io"}}""");

        Assert.True(result.IsError is not true, Results.Text(result));
        Assert.Empty(stub.Requests);
        var json = Results.Json(result);
        Assert.True(json["dry_run"]!.GetValue<bool>());
        Assert.Equal("PUT", json["request"]!["method"]!.GetValue<string>());
        Assert.Equal(stub.Url + "/api/v1/customers/a%40b.io", json["request"]!["url"]!.GetValue<string>());
        Assert.Equal("Basic [redacted]", json["request"]!["headers"]!["Authorization"]!.GetValue<string>());
        Assert.Equal("a@b.io", json["request"]!["body"]!["email"]!.GetValue<string>());
        Assert.DoesNotContain(TrackStub.ApiKey, Results.Text(result));
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(TrackStub.SiteId + ":" + TrackStub.ApiKey)), Results.Text(result));
    }

    [Fact]
    public async Task Dry_run_still_validates()
    {
        using var stub = new TrackStub();
        await using var server = await InProcessServer.StartAsync(stub.Environment(), "--dry-run");

        var result = await server.CallAsync("DeleteCustomer", "{}");

        Assert.True(result.IsError);
        Assert.Contains("customer_identifier", Results.Text(result));
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Allow_list_exposes_only_the_named_tools()
    {
        using var stub = new TrackStub();
        await using var server = await InProcessServer.StartAsync(stub.Environment(), "--tools", "GetTrackApiRegion,UpdateOrAddPerson");

        var tools = await server.ListToolsAsync();

        Assert.Equal(["GetTrackApiRegion", "UpdateOrAddPerson"], tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        var hidden = await CallHiddenAsync(server, "DeleteCustomer");
        Assert.True(hidden);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Exclude_list_hides_the_named_tools()
    {
        using var stub = new TrackStub();
        await using var server = await InProcessServer.StartAsync(stub.Environment(), "--exclude-tools", "DeleteCustomer, MergeCustomerProfiles");

        var names = (await server.ListToolsAsync()).Select(t => t.Name).ToList();

        Assert.Equal(15, names.Count);
        Assert.DoesNotContain("DeleteCustomer", names);
        Assert.DoesNotContain("MergeCustomerProfiles", names);
    }

    [Fact]
    public async Task No_destructive_hides_exactly_the_destructive_tools()
    {
        using var stub = new TrackStub();
        await using var server = await InProcessServer.StartAsync(stub.Environment(), "--no-destructive");

        var names = (await server.ListToolsAsync()).Select(t => t.Name).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(McpToolListTests.Expected.Keys.Except(McpToolListTests.Destructive).Order(StringComparer.Ordinal), names);
        Assert.True(await CallHiddenAsync(server, "DeleteCustomer"));
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Without_credentials_the_tools_are_listed_and_a_call_names_the_variable_to_set()
    {
        using var stub = new TrackStub();
        await using var server = await InProcessServer.StartAsync(stub.Environment(credentials: false));

        Assert.Equal(17, (await server.ListToolsAsync()).Count);
        var result = await server.CallAsync("DeleteCustomer", """{"customer_identifier":"42"}""");

        Assert.True(result.IsError);
        var text = Results.Text(result);
        Assert.Contains("CUSTOMERIO_SITE_ID", text);
        Assert.Contains("CUSTOMERIO_API_KEY", text);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task With_only_the_key_missing_the_error_names_only_the_key()
    {
        using var stub = new TrackStub();
        var environment = stub.Environment(credentials: false);
        environment["CUSTOMERIO_SITE_ID"] = TrackStub.SiteId;
        await using var server = await InProcessServer.StartAsync(environment);

        var text = Results.Text(await server.CallAsync("GetTrackApiRegion", "{}"));

        Assert.Contains("CUSTOMERIO_API_KEY", text);
        Assert.DoesNotContain("CUSTOMERIO_SITE_ID", text);
    }

    [Fact]
    public async Task Site_id_option_overrides_the_environment()
    {
        using var stub = new TrackStub();
        await using var server = await InProcessServer.StartAsync(stub.Environment(), "--site-id", "other-site");

        await server.CallAsync("GetTrackApiRegion", "{}");

        var expected = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("other-site:" + TrackStub.ApiKey));
        Assert.Equal(expected, TrackStub.Header(Assert.Single(stub.Requests), "Authorization"));
    }

    [Fact]
    public async Task The_key_never_appears_in_the_server_log()
    {
        using var stub = new TrackStub();
        await using (var server = await InProcessServer.StartAsync(stub.Environment()))
        {
            await server.CallAsync("DeleteCustomer", """{"customer_identifier":"42"}""");
            Assert.DoesNotContain(TrackStub.ApiKey, server.Stderr.ToString());
        }
    }

    /// <summary>True when calling the tool fails because the server does not expose it.</summary>
    private static async Task<bool> CallHiddenAsync(InProcessServer server, string tool)
    {
        try
        {
            var result = await server.CallAsync(tool, "{}");
            return result.IsError == true;
        }
        catch (ModelContextProtocol.McpException)
        {
            return true;
        }
    }
}
