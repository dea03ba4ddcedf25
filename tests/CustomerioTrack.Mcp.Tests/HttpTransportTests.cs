using System.Collections;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CustomerioTrack.Mcp.Tests.Support;
using ModelContextProtocol.Client;

namespace CustomerioTrack.Mcp.Tests;

/// <summary>Streamable HTTP in-process (the real command on a free loopback port): token, Host and Origin checks.</summary>
public sealed class HttpTransportTests
{
    private const string Token = "test-token-5f1c2b7a9e";
    private const string Initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class RunningServer : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly TextWriter _stderr;
        private int _port;

        public RunningServer(IDictionary environment, params string[] extraArgs)
        {
            Stderr = new StringWriter();
            _stderr = TextWriter.Synchronized(Stderr);
            // Port 0: Kestrel takes a free port as it binds. A port probed free beforehand (FreePort) can be taken by
            // any other socket on the machine before the server binds it; this one is read back from the startup line.
            Task = System.Threading.Tasks.Task.Run(() => CliApp.RunAsync(["--http", "--port", "0", .. extraArgs], TextWriter.Null, _stderr, environment, _stop.Token));
        }

        /// <summary>The port the server listens on; known once <see cref="WaitReadyAsync"/> has returned.</summary>
        public int Port => _port != 0 ? _port : throw new InvalidOperationException("Call WaitReadyAsync first: the server picks its port as it starts.");

        public StringWriter Stderr { get; }

        public Task<int> Task { get; }

        public Uri Url => new($"http://127.0.0.1:{Port}/mcp");

        /// <summary>Waits for the "listening on" line (generously: CI shares two cores) and fails if it never comes.</summary>
        public async Task WaitReadyAsync()
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                string text;
                lock (_stderr)
                {
                    text = Stderr.ToString();
                }

                var listening = System.Text.RegularExpressions.Regex.Match(text, @"listening on (http://\S+)/mcp");
                if (listening.Success)
                {
                    _port = new Uri(listening.Groups[1].Value).Port;
                    return;
                }

                if (Task.IsCompleted)
                {
                    throw new InvalidOperationException($"Server exited with {await Task}: {text}");
                }

                if (waited.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new TimeoutException($"The server did not say it was listening within 60 s: {text}");
                }

                await System.Threading.Tasks.Task.Delay(50);
            }
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            await Task.WaitAsync(TimeSpan.FromSeconds(15));
            _stop.Dispose();
        }
    }

    private static HttpRequestMessage Post(Uri url, string? token = null, string? origin = null, string? host = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(Initialize, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (host is not null)
        {
            request.Headers.Host = host;
        }

        return request;
    }

    private static Hashtable Environment(TrackStub stub, bool token = true)
    {
        var environment = stub.Environment();
        if (token)
        {
            environment["CUSTOMERIO_MCP_TOKEN"] = Token;
        }

        return environment;
    }

    [Fact]
    public async Task Token_is_required_on_every_request()
    {
        using var stub = new TrackStub();
        await using var server = new RunningServer(Environment(stub));
        await server.WaitReadyAsync();
        using var http = new HttpClient();

        using var missing = await http.SendAsync(Post(server.Url));
        using var wrong = await http.SendAsync(Post(server.Url, token: Token + "x"));
        using var right = await http.SendAsync(Post(server.Url, token: Token));
        using var getWithout = await http.GetAsync(server.Url);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, getWithout.StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("http://localhost.evil.example")]
    [InlineData("null")]
    public async Task Foreign_origin_is_forbidden(string origin)
    {
        using var stub = new TrackStub();
        await using var server = new RunningServer(Environment(stub));
        await server.WaitReadyAsync();
        using var http = new HttpClient();

        using var response = await http.SendAsync(Post(server.Url, Token, origin));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("http://localhost:3000")]
    [InlineData("http://127.0.0.1")]
    [InlineData("https://[::1]:8443")]
    public async Task Loopback_origins_are_allowed(string origin)
    {
        using var stub = new TrackStub();
        await using var server = new RunningServer(Environment(stub));
        await server.WaitReadyAsync();
        using var http = new HttpClient();

        using var response = await http.SendAsync(Post(server.Url, Token, origin));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Foreign_host_header_is_forbidden_against_dns_rebinding()
    {
        using var stub = new TrackStub();
        await using var server = new RunningServer(Environment(stub));
        await server.WaitReadyAsync();
        using var http = new HttpClient();

        using var rebound = await http.SendAsync(Post(server.Url, Token, host: $"attacker.example:{server.Port}"));
        using var localhost = await http.SendAsync(Post(server.Url, Token, host: $"localhost:{server.Port}"));

        Assert.Equal(HttpStatusCode.Forbidden, rebound.StatusCode);
        Assert.Equal(HttpStatusCode.OK, localhost.StatusCode);
    }

    // The SDK's own client over Streamable HTTP, with the token.
    private static Task<McpClient> ConnectAsync(RunningServer server) =>
        McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = server.Url,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + Token },
        }));

    [Fact]
    public async Task Sdk_client_lists_and_calls_over_http_with_the_token()
    {
        using var stub = new TrackStub();
        await using var server = new RunningServer(Environment(stub));
        await server.WaitReadyAsync();

        await using var client = await ConnectAsync(server);
        var tools = await client.ListToolsAsync();
        var result = await client.CallToolAsync("DeleteCustomer", new Dictionary<string, object?> { ["customer_identifier"] = "42" });

        Assert.Equal(17, tools.Count);
        Assert.True(result.IsError is not true, Results.Text(result));
        Assert.Equal("DELETE /api/v1/customers/42", Assert.Single(stub.RequestLines));
    }

    [Fact]
    public async Task A_split_batch_over_http_sends_progress_notifications()
    {
        using var stub = new TrackStub();
        await using var server = new RunningServer(Environment(stub));
        await server.WaitReadyAsync();
        await using var client = await ConnectAsync(server);
        var pad = new string('p', 900);
        var items = Enumerable.Range(0, 1200).Select(i => $$$"""{"type":"person","identifiers":{"id":"{{{i}}}"},"action":"identify","attributes":{"p":"{{{pad}}}"}}""");
        // Collected by a handler of the session: the SDK client hands a call's own IProgress only what arrives before it
        // has processed the result, and it may process the result first.
        var received = new System.Collections.Concurrent.ConcurrentQueue<(double Progress, string Message)>();
        await using var handler = client.RegisterNotificationHandler(ModelContextProtocol.Protocol.NotificationMethods.ProgressNotification, (notification, _) =>
        {
            received.Enqueue((notification.Params!["progress"]!.GetValue<double>(), notification.Params!["message"]!.GetValue<string>()));
            return ValueTask.CompletedTask;
        });

        var result = await client.CallToolAsync("BatchProcessRequests", new Dictionary<string, object?>
        {
            ["mode"] = "execute",
            ["request_body"] = System.Text.Json.JsonDocument.Parse("""{"batch":[""" + string.Join(",", items) + "]}").RootElement,
        }, new Progress<ModelContextProtocol.ProgressNotificationValue>());
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (received.Count < 4 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.True(result.IsError is not true, Results.Text(result));
        Assert.Equal(3, stub.RequestLines.Count);
        Assert.Equal([0d, 1d, 2d, 3d], received.Select(v => v.Progress).Order());
        Assert.Contains((3d, "Request 3 of 3 accepted (1,200 of 1,200 items sent)."), received);
    }

    [Fact]
    public async Task Loopback_without_a_token_serves_without_authentication()
    {
        using var stub = new TrackStub();
        await using var server = new RunningServer(Environment(stub, token: false));
        await server.WaitReadyAsync();
        using var http = new HttpClient();

        using var response = await http.SendAsync(Post(server.Url));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("192.168.1.10")]
    public async Task Refuses_to_bind_a_non_loopback_address_without_a_token(string host)
    {
        using var stub = new TrackStub();
        var stderr = new StringWriter();

        var exit = await CliApp.RunAsync(["--http", "--host", host, "--port", FreePort().ToString()], TextWriter.Null, stderr, Environment(stub, token: false));

        Assert.Equal(2, exit);
        Assert.Contains("CUSTOMERIO_MCP_TOKEN", stderr.ToString());
    }

    [Fact]
    public async Task A_wildcard_bind_with_allowed_hosts_refuses_every_other_host()
    {
        using var stub = new TrackStub();
        await using var server = new RunningServer(Environment(stub), "--host", "0.0.0.0", "--allowed-host", "mcp.example.test");
        await server.WaitReadyAsync();
        using var http = new HttpClient();

        using var named = await http.SendAsync(Post(server.Url, token: Token, host: $"mcp.example.test:{server.Port}"));
        using var loopback = await http.SendAsync(Post(server.Url, token: Token));
        using var other = await http.SendAsync(Post(server.Url, token: Token, host: $"rebound.attacker.test:{server.Port}"));

        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        Assert.Equal(HttpStatusCode.OK, loopback.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal("Host \"rebound.attacker.test\" is not allowed: use localhost, 127.0.0.1 or the address the server listens on, or start it with --allowed-host rebound.attacker.test.", System.Text.Json.Nodes.JsonNode.Parse(await other.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
        Assert.DoesNotContain("Host header is not checked", server.Stderr.ToString());
    }

    [Fact]
    public async Task A_wildcard_bind_without_allowed_hosts_says_the_host_is_not_checked()
    {
        using var stub = new TrackStub();
        await using var server = new RunningServer(Environment(stub), "--host", "0.0.0.0");
        await server.WaitReadyAsync();
        using var http = new HttpClient();

        using var any = await http.SendAsync(Post(server.Url, token: Token, host: $"anything.test:{server.Port}"));

        Assert.Equal(HttpStatusCode.OK, any.StatusCode);
        Assert.Contains("bound to every interface, so the Host header is not checked; pass --allowed-host NAME (or CUSTOMERIO_MCP_ALLOWED_HOSTS)", server.Stderr.ToString());
    }

    [Theory]
    [InlineData("--allowed-host", "x.test")]
    [InlineData("--http", "--allowed-host", "x.test:8080")]
    [InlineData("--http", "--allowed-host", "x.test/mcp")]
    public async Task Allowed_host_usage_errors(params string[] args)
    {
        using var stub = new TrackStub();
        var stderr = new StringWriter();

        var exit = await CliApp.RunAsync([.. args, "--port", FreePort().ToString()], TextWriter.Null, stderr, Environment(stub));

        Assert.Equal(2, exit);
        Assert.Contains("--allowed-host", stderr.ToString());
    }

    [Fact]
    public async Task Http_only_options_without_http_are_usage_errors()
    {
        var stderr = new StringWriter();

        var exit = await CliApp.RunAsync(["--token", "x"], TextWriter.Null, stderr, new Hashtable());

        Assert.Equal(2, exit);
    }

    [Fact]
    public async Task A_port_in_use_is_a_usage_error_naming_the_address_and_the_flag()
    {
        using var stub = new TrackStub();
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        var stderr = new StringWriter();

        var exit = await CliApp.RunAsync(["--http", "--port", port.ToString()], TextWriter.Null, stderr, Environment(stub));

        Assert.Equal(2, exit);
        Assert.Equal(
            $"customerio-track-mcp: Cannot listen on 127.0.0.1:{port}: the port is already in use (another server, or another customerio-track-mcp, is on it). Choose a free one with --port.",
            stderr.ToString().Trim());
    }

    [Fact]
    public async Task A_host_that_is_not_an_address_of_this_machine_is_a_usage_error()
    {
        using var stub = new TrackStub();
        var stderr = new StringWriter();
        var port = FreePort();

        // 192.0.2.0/24 is TEST-NET-1: documentation only, never assigned to a machine.
        var exit = await CliApp.RunAsync(["--http", "--host", "192.0.2.7", "--port", port.ToString()], TextWriter.Null, stderr, Environment(stub));

        Assert.Equal(2, exit);
        Assert.Equal(
            $"customerio-track-mcp: Cannot listen on 192.0.2.7:{port}: 192.0.2.7 is not an address of this machine. Use --host with one of its addresses, 127.0.0.1, or 0.0.0.0 for every interface.",
            stderr.ToString().Trim());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task An_empty_token_option_is_a_usage_error_not_a_lock_nobody_can_open(string token)
    {
        using var stub = new TrackStub();
        var stderr = new StringWriter();

        // The cap only stops a server that wrongly started; a usage error returns at once.
        using var cap = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var exit = await CliApp.RunAsync(["--http", "--host", "0.0.0.0", "--token", token, "--port", FreePort().ToString()], TextWriter.Null, stderr, Environment(stub), cap.Token);

        Assert.Equal(2, exit);
        Assert.Equal(
            "customerio-track-mcp: --token must not be empty: give a long random string, or leave it out to use CUSTOMERIO_MCP_TOKEN.",
            stderr.ToString().Trim());
    }

    [Fact]
    public async Task A_token_option_with_surrounding_spaces_matches_the_bearer_value()
    {
        using var stub = new TrackStub();
        await using var server = new RunningServer(Environment(stub, token: false), "--token", $" {Token} ");
        await server.WaitReadyAsync();
        using var http = new HttpClient();

        using var response = await http.SendAsync(Post(server.Url, token: Token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_401_says_whether_the_token_is_missing_or_wrong_and_never_echoes_it()
    {
        using var stub = new TrackStub();
        await using var server = new RunningServer(Environment(stub));
        await server.WaitReadyAsync();
        using var http = new HttpClient();

        using var missing = await http.SendAsync(Post(server.Url));
        using var wrong = await http.SendAsync(Post(server.Url, token: "guess-1234"));
        var missingBody = await missing.Content.ReadAsStringAsync();
        var wrongBody = await wrong.Content.ReadAsStringAsync();

        Assert.Equal("Bearer realm=\"customerio-track-mcp\"", missing.Headers.GetValues("WWW-Authenticate").Single());
        Assert.Equal("""{"error":"This server requires a bearer token: send the header Authorization: Bearer followed by the CUSTOMERIO_MCP_TOKEN value it was started with."}""", missingBody);
        Assert.Equal("Bearer realm=\"customerio-track-mcp\", error=\"invalid_token\"", wrong.Headers.GetValues("WWW-Authenticate").Single());
        Assert.Equal("""{"error":"The bearer token does not match the one this server was started with (CUSTOMERIO_MCP_TOKEN or --token)."}""", wrongBody);
        Assert.DoesNotContain("guess-1234", wrongBody + server.Stderr);
        Assert.DoesNotContain(Token, missingBody + wrongBody + server.Stderr);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_gets_a_json_rpc_error_naming_the_limit()
    {
        using var stub = new TrackStub();
        await using var server = new RunningServer(Environment(stub));
        await server.WaitReadyAsync();

        // Raw HTTP: the server answers from the Content-Length alone, so no 30 MB upload races the early reply.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
        var stream = tcp.GetStream();
        var head = $"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:{server.Port}\r\nAuthorization: Bearer {Token}\r\nContent-Type: application/json\r\n"
            + "Accept: application/json, text/event-stream\r\nContent-Length: 30000001\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 413 Payload Too Large\r\n", response);
        Assert.Contains("\r\nContent-Type: application/json\r\n", response);
        Assert.Equal(
            """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"The request body is larger than this server accepts (30,000,000 bytes). The Track API itself takes at most 500 KB per request (a batch): send less per tool call."}}""",
            response.Split("\r\n\r\n", 2)[1].Split("\r\n").Where(line => line.StartsWith('{')).Single());
    }

    [Fact]
    public async Task A_body_nested_beyond_64_levels_gets_an_error_naming_the_depth_limit()
    {
        using var stub = new TrackStub();
        await using var server = new RunningServer(Environment(stub));
        await server.WaitReadyAsync();
        using var http = new HttpClient();
        // The message is level 1 and "params" level 2: 63 arrays open level 65, one past the SDK's limit.
        var body = """{"jsonrpc":"2.0","id":"deep","method":"ping","params":{"a":""" + new string('[', 63) + new string(']', 63) + "}}";
        using var request = Post(server.Url, token: Token);
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await http.SendAsync(request);
        using var reply = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        // The SDK's own answer over HTTP already names the limit (stdio gets the same from the server's line check).
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32600, reply.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("The maximum configured depth of 64 has been exceeded", reply.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_tool_argument_gets_the_tools_unicode_problem_over_http_and_nothing_is_sent()
    {
        using var stub = new TrackStub();
        await using var server = new RunningServer(Environment(stub));
        await server.WaitReadyAsync();
        using var http = new HttpClient();
        // JSON admits the escape, but the SDK cannot bind such params: it answered -32603 "An error occurred.".
        using var call = Post(server.Url, token: Token);
        call.Content = new StringContent(
            """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"UpdateOrAddPerson","arguments":{"mode":"execute","person_identifier":"42","request_body":{"plan":"a\ud800b"}}}}""",
            Encoding.UTF8, "application/json");

        using var response = await http.SendAsync(call);
        var body = await response.Content.ReadAsStringAsync();
        using var reply = JsonDocument.Parse(body.Split('\n').Select(line => line.Trim()).Single(line => line.StartsWith("data: {", StringComparison.Ordinal))["data: ".Length..]);

        Assert.Equal(2, reply.RootElement.GetProperty("id").GetInt32());
        var result = reply.RootElement.GetProperty("result");
        Assert.True(result.GetProperty("isError").GetBoolean(), body);
        var problem = Assert.Single(result.GetProperty("structuredContent").GetProperty("error").GetProperty("problems").EnumerateArray());
        Assert.Equal("request_body/plan", problem.GetProperty("field").GetString());
        Assert.Equal("unicode", problem.GetProperty("rule").GetString());
        Assert.StartsWith("'request_body/plan' contains \\uD800, half of a UTF-16 surrogate pair without its other half;", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(stub.RequestLines);
    }

    [Fact]
    public async Task A_wildcard_bind_spelled_out_in_full_is_treated_as_every_interface()
    {
        using var stub = new TrackStub();
        await using var server = new RunningServer(Environment(stub), "--host", "0:0:0:0:0:0:0:0");
        await server.WaitReadyAsync();
        using var http = new HttpClient();

        using var any = await http.SendAsync(Post(server.Url, token: Token, host: $"mcp.example.test:{server.Port}"));

        Assert.Equal(HttpStatusCode.OK, any.StatusCode);
        Assert.Contains("bound to every interface, so the Host header is not checked", server.Stderr.ToString());
    }
}
