using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CustomerioTrack.Tools.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Settings;

namespace CustomerioTrack.Tools.Tests;

/// <summary>
/// What a caller sees when Customer.io (or the network) misbehaves. Retries repeat only what is safe:
/// identify and other idempotent calls after any transient failure; merge, metrics, unsubscribe and forms only when
/// the request certainly was not processed.
/// </summary>
public sealed class FaultInjectionTests
{
    private const string Identify = """{"mode":"execute","person_identifier":"42","request_body":{"plan":"pro"}}""";
    private const string Merge = """{"mode":"execute","request_body":{"primary":{"id":"1"},"secondary":{"id":"2"}}}""";

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Idempotent_calls_are_retried_after_each_transient_status(int status)
    {
        using var stub = new ResilientStub();
        FailOnceThen(stub, Response.Create().WithStatusCode(status).WithBody("{}"));

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", Identify);

        Assert.False(result.IsError, result.ToJson());
        Assert.Equal(2, stub.Requests.Count);
        Assert.Equal(status, Assert.Single(stub.Retries).StatusCode);
    }

    [Theory]
    [InlineData(500, false)]
    [InlineData(502, false)]
    [InlineData(504, false)]
    [InlineData(408, false)]
    [InlineData(429, true)]
    public async Task Merge_is_retried_only_when_it_certainly_was_not_processed(int status, bool retried)
    {
        using var stub = new ResilientStub();
        FailOnceThen(stub, Response.Create().WithStatusCode(status).WithBody("""{"meta":{"error":"boom"}}"""));

        var result = await stub.Tools.InvokeAsync("MergeCustomerProfiles", Merge);

        Assert.Equal(retried ? 2 : 1, stub.Requests.Count);
        Assert.Equal(!retried, result.IsError);
        if (!retried)
        {
            Assert.Equal(status, result.Content["error"]!["status_code"]!.GetValue<int>());
            Assert.Equal($"Customer.io answered {status} to MergeCustomerProfiles: boom", result.Content["error"]!["message"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_503_with_retry_after_is_retried_even_for_merge_and_the_wait_is_the_servers()
    {
        using var stub = new ResilientStub();
        FailOnceThen(stub, Response.Create().WithStatusCode(503).WithHeader("Retry-After", "1"));

        var result = await stub.Tools.InvokeAsync("MergeCustomerProfiles", Merge);

        Assert.False(result.IsError, result.ToJson());
        Assert.Equal(2, stub.Requests.Count);
        Assert.Equal(TimeSpan.FromSeconds(1), Assert.Single(stub.Retries).Delay);
    }

    [Fact]
    public async Task A_503_without_retry_after_is_not_retried_for_merge()
    {
        using var stub = new ResilientStub();
        FailOnceThen(stub, Response.Create().WithStatusCode(503));

        var result = await stub.Tools.InvokeAsync("MergeCustomerProfiles", Merge);

        Assert.True(result.IsError);
        Assert.Single(stub.Requests);
        Assert.Empty(stub.Retries);
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_honoured_up_to_the_cap()
    {
        using var stub = new ResilientStub(maxDelay: TimeSpan.FromMilliseconds(300));
        var date = DateTimeOffset.UtcNow.AddMinutes(10).ToString("r", CultureInfo.InvariantCulture);
        FailOnceThen(stub, Response.Create().WithStatusCode(429).WithHeader("Retry-After", date));

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", Identify);

        Assert.False(result.IsError, result.ToJson());
        Assert.Equal(TimeSpan.FromMilliseconds(300), Assert.Single(stub.Retries).Delay);
    }

    [Fact]
    public async Task A_retried_event_carries_the_same_generated_id_so_customer_io_counts_it_once()
    {
        using var stub = new ResilientStub();
        FailOnceThen(stub, Response.Create().WithStatusCode(500));

        var result = await stub.Tools.InvokeAsync("SendCustomerEvent", """{"mode":"execute","customer_identifier":"42","request_body":{"name":"purchase"}}""");

        Assert.False(result.IsError, result.ToJson());
        var ids = stub.Requests.Select(r => JsonDocument.Parse(r.Body!).RootElement.GetProperty("id").GetString()).ToList();
        Assert.Equal(2, ids.Count);
        Assert.Equal(ids[0], ids[1]);
        Assert.Equal(result.Content["assigned_event_ids"]![0]!.GetValue<string>(), ids[0]);
    }

    [Fact]
    public async Task A_retried_batch_sends_the_callers_bytes_again_unchanged()
    {
        // A batch without events travels in a pooled copy of the caller's text; the retry must replay it whole.
        using var stub = new ResilientStub();
        FailOnceThen(stub, Response.Create().WithStatusCode(500));
        const string body = """{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"identify","attributes":{"plan":"pro"}} , {"type":"person","identifiers":{"id":"2"},"action":"delete"}]}""";

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", $$"""{"mode":"execute","request_body":{{body}}}""");

        Assert.False(result.IsError, result.ToJson());
        Assert.Equal([body, body], stub.Requests.Select(r => r.Body!).ToList());
        Assert.Null(result.Content["assigned_event_ids"]);
    }

    [Fact]
    public async Task Answers_slower_than_the_timeout_are_retried_for_idempotent_calls_then_reported()
    {
        using var stub = new ResilientStub(maxRetries: 1, timeout: TimeSpan.FromMilliseconds(200));
        stub.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200).WithBody("{}").WithDelay(TimeSpan.FromSeconds(2)));

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", Identify);

        Assert.True(result.IsError);
        var error = result.Content["error"]!;
        Assert.Equal("transport_error", error["kind"]!.GetValue<string>());
        Assert.Equal("unknown", error["sent"]!.GetValue<string>());
        Assert.Equal("The Track API did not answer within 0.2 s (PUT /api/v1/customers/42). The request may or may not have been processed.", error["message"]!.GetValue<string>());
        Assert.Equal(nameof(TimeoutException), Assert.Single(stub.Retries).Failure);
    }

    [Fact]
    public async Task A_spent_total_budget_ends_the_call_with_a_transport_error_naming_the_budget()
    {
        using var stub = new ResilientStub(maxRetries: 5, timeout: TimeSpan.FromSeconds(10), totalBudget: TimeSpan.FromMilliseconds(300));
        stub.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200).WithBody("{}").WithDelay(TimeSpan.FromSeconds(2)));

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", Identify);

        Assert.True(result.IsError);
        var error = result.Content["error"]!;
        Assert.Equal("transport_error", error["kind"]!.GetValue<string>());
        Assert.Equal("unknown", error["sent"]!.GetValue<string>());
        Assert.Equal("The Track API call did not complete within its total budget of 0.3 s, retries included. The request may or may not have been processed.", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_slow_answer_to_merge_is_not_retried()
    {
        using var stub = new ResilientStub(maxRetries: 2, timeout: TimeSpan.FromMilliseconds(200));
        stub.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromSeconds(2)));

        var result = await stub.Tools.InvokeAsync("MergeCustomerProfiles", Merge);

        Assert.True(result.IsError);
        Assert.Empty(stub.Retries);
    }

    [Fact]
    public async Task A_connection_reset_is_retried_for_identify_but_not_for_merge()
    {
        using var identifyServer = new ResettingServer();
        using var identify = new ResilientStub(maxRetries: 1, baseUrl: identifyServer.Url);
        using var mergeServer = new ResettingServer();
        using var merge = new ResilientStub(maxRetries: 1, baseUrl: mergeServer.Url);

        var identifyResult = await identify.Tools.InvokeAsync("UpdateOrAddPerson", Identify);
        var mergeResult = await merge.Tools.InvokeAsync("MergeCustomerProfiles", Merge);

        Assert.True(identifyResult.IsError);
        Assert.Equal(2, identifyServer.Connections);
        Assert.StartsWith("Could not reach the Customer.io Track API: ", identifyResult.Content["error"]!["message"]!.GetValue<string>());
        Assert.Equal("unknown", identifyResult.Content["error"]!["sent"]!.GetValue<string>());
        Assert.True(mergeResult.IsError);
        Assert.Equal(1, mergeServer.Connections);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_even_for_merge_because_nothing_was_processed()
    {
        var closedPort = FreePort();
        using var stub = new ResilientStub(maxRetries: 2, baseUrl: new Uri($"http://127.0.0.1:{closedPort}"));

        var result = await stub.Tools.InvokeAsync("MergeCustomerProfiles", Merge);

        Assert.True(result.IsError);
        Assert.Equal(2, stub.Retries.Count);
        Assert.All(stub.Retries, r => Assert.Equal(nameof(HttpRequestException), r.Failure));
    }

    [Fact]
    public async Task A_dns_failure_is_retried_even_for_merge_because_nothing_was_processed()
    {
        using var stub = new ResilientStub(maxRetries: 2, baseUrl: new Uri("http://customeriotrack-test.invalid"));

        var result = await stub.Tools.InvokeAsync("MergeCustomerProfiles", Merge);

        Assert.True(result.IsError);
        Assert.Equal(2, stub.Retries.Count);
        Assert.All(stub.Retries, r => Assert.Equal(nameof(HttpRequestException), r.Failure));
    }

    [Fact]
    public async Task An_error_page_of_unclosed_tags_is_quoted_in_one_pass()
    {
        // 4 MB of '<': a backtracking tag pattern takes minutes on it (quadratic), a hang for the agent waiting.
        using var stub = new ResilientStub(maxRetries: 0);
        stub.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(502)
            .WithHeader("Content-Type", "text/html").WithBody(new string('<', 4 * 1024 * 1024)));

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", Identify);

        Assert.Equal(new string('<', 300) + "…", result.Content["error"]!["response_text"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_html_error_page_is_summarized_as_text()
    {
        using var stub = new ResilientStub(maxRetries: 0);
        stub.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(502)
            .WithHeader("Content-Type", "text/html").WithBody("<html><head><title>502</title><style>p { color: red }</style></head><body><h1>Bad Gateway</h1><script>if (a < b) retry();</script><p>upstream   down</p></body></html>"));

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", Identify);

        var error = result.Content["error"]!;
        Assert.Equal(502, error["status_code"]!.GetValue<int>());
        Assert.Equal("502 Bad Gateway upstream down", error["response_text"]!.GetValue<string>());
        Assert.Equal("Customer.io answered 502 to UpdateOrAddPerson.", error["message"]!.GetValue<string>());
        Assert.StartsWith("A temporary problem on Customer.io's side", error["hint"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_malformed_json_error_body_is_shown_as_text()
    {
        using var stub = new ResilientStub(maxRetries: 0);
        stub.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(400)
            .WithHeader("Content-Type", "application/json").WithBody("""{"meta":{"errors":["unterminated"""));

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", Identify);

        var error = result.Content["error"]!;
        Assert.Equal("""{"meta":{"errors":["unterminated""", error["response_text"]!.GetValue<string>());
        Assert.Equal(400, error["status_code"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_redirect_to_a_foreign_host_fails_clearly_and_sends_it_nothing()
    {
        using var foreign = WireMock.Server.WireMockServer.Start();
        foreign.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200).WithBody("{}"));
        using var stub = new ResilientStub(maxRetries: 0);
        var target = foreign.Url!.Replace("localhost", "127.0.0.1", StringComparison.Ordinal) + "/api/v1/customers/42";
        stub.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(307).WithHeader("Location", target));

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", Identify);

        Assert.True(result.IsError);
        Assert.Empty(foreign.LogEntries);
        Assert.StartsWith(
            $"The Track API answered 307 redirecting to {new Uri(target).GetLeftPart(UriPartial.Authority)}, which is not a Customer.io Track host or the configured base URL. The redirect was not followed and no credentials were sent there.",
            result.Content["error"]!["message"]!.GetValue<string>());
    }

    private static void FailOnceThen(ResilientStub stub, IResponseBuilder failure)
    {
        stub.Server.Given(Request.Create().UsingAnyMethod()).InScenario("flaky").WillSetStateTo("recovered").RespondWith(failure);
        stub.Server.Given(Request.Create().UsingAnyMethod()).InScenario("flaky").WhenStateIs("recovered")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{}"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
