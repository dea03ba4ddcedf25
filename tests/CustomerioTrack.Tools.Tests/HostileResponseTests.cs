using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using CustomerioTrack.Tools.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CustomerioTrack.Tools.Tests;

/// <summary>
/// Answers no Track API gives but a wrong base URL, a broken proxy or a failing network can: too large, endless,
/// dripping, cut off, compressed unasked, a web page instead of JSON, invalid UTF-8, a 207 whose error list is not
/// what Customer.io documents. Each ends in a result that says what happened, loses no item and never escapes as an
/// exception.
/// </summary>
public sealed class HostileResponseTests
{
    private const string Identify = """{"mode":"execute","person_identifier":"42","request_body":{"plan":"pro"}}""";
    private const string Merge = """{"mode":"execute","request_body":{"primary":{"id":"1"},"secondary":{"id":"2"}}}""";
    private const string ThreeDeletes = """{"mode":"execute","request_body":{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"delete"},{"type":"person","identifiers":{"id":"2"},"action":"delete"},{"type":"person","identifiers":{"id":"3"},"action":"delete"}]}}""";
    private const int Limit = Client.Http.AttemptTimeoutHandler.MaxResponseBytes;

    // Without the limit and the attempt timeout on the body, some of these calls would never end: they are cut off here.
    private static CancellationToken Bounded => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    [Fact]
    public async Task An_endless_answer_is_cut_at_the_limit_and_reported_as_sent_and_not_read_and_not_retried()
    {
        using var server = new ScriptedHttpServer(async (stream, stop) =>
        {
            await stream.WriteAsync(ScriptedHttpServer.Head(200, "Content-Type: application/json", "Transfer-Encoding: chunked"), stop);
            var chunk = Encoding.ASCII.GetBytes("10000\r\n" + new string(' ', 0x10000) + "\r\n");
            while (true)
            {
                await stream.WriteAsync(chunk, stop);
            }
        });
        using var stub = new ResilientStub(maxRetries: 2, baseUrl: server.Url);

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", Identify, Bounded);

        Assert.True(result.IsError);
        var error = result.Content["error"]!;
        Assert.Equal("transport_error", error["kind"]!.GetValue<string>());
        Assert.True(error["sent"]!.GetValue<bool>());
        Assert.Equal(
            "The answer to PUT /api/v1/customers/42 (HTTP 200) was larger than the 8 MB limit for a Track API answer and was not read. The request was sent and may have been processed.",
            error["message"]!.GetValue<string>());
        Assert.StartsWith("Track API answers are small JSON documents", error["hint"]!.GetValue<string>());
        Assert.Equal(1, server.Requests);
        Assert.Empty(stub.Retries);
    }

    [Fact]
    public async Task An_answer_announcing_more_than_the_limit_is_not_read_at_all()
    {
        using var server = new ScriptedHttpServer(async (stream, stop) =>
        {
            await stream.WriteAsync(ScriptedHttpServer.Head(502, "Content-Type: text/html", $"Content-Length: {Limit + 1}"), stop);
            await Task.Delay(Timeout.Infinite, stop);
        });
        using var stub = new ResilientStub(maxRetries: 0, baseUrl: server.Url, timeout: TimeSpan.FromSeconds(20));

        var result = await stub.Tools.InvokeAsync("MergeCustomerProfiles", Merge, Bounded);

        var error = result.Content["error"]!;
        Assert.Equal(
            "The answer to POST /api/v1/merge_customers (HTTP 502) was larger than the 8 MB limit for a Track API answer and was not read. The request was sent and may have been processed.",
            error["message"]!.GetValue<string>());
        Assert.True(error["sent"]!.GetValue<bool>());
    }

    [Fact]
    public async Task An_answer_of_exactly_the_limit_is_read()
    {
        using var stub = new TrackStub();
        var body = "{\"pad\":\"" + new string('a', Limit - 10) + "\"}";
        Assert.Equal(Limit, body.Length);
        stub.Respond(200, body);

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", Identify);

        Assert.False(result.IsError, result.IsError ? result.ToJson() : null);
        Assert.Equal(Limit - 10, result.Content["response"]!["pad"]!.GetValue<string>().Length);
    }

    // The first request is answered 200 {}; every later one gets a 200 status line with this length header, then nothing.
    private static ScriptedHttpServer FirstAnsweredThenStalled(string contentLength)
    {
        var answered = 0;
        return new ScriptedHttpServer(async (stream, stop) =>
        {
            if (Interlocked.Increment(ref answered) == 1)
            {
                await stream.WriteAsync(ScriptedHttpServer.Head(200, "Content-Type: application/json", "Content-Length: 2"), stop);
                await stream.WriteAsync("{}"u8.ToArray(), stop);
                return;
            }

            await stream.WriteAsync(ScriptedHttpServer.Head(200, "Content-Type: application/json", contentLength), stop);
            await Task.Delay(Timeout.Infinite, stop);
        });
    }

    [Fact]
    public async Task An_oversized_answer_to_the_second_request_of_a_split_batch_accounts_for_every_item()
    {
        using var server = FirstAnsweredThenStalled($"Content-Length: {Limit + 1}");
        using var stub = new ResilientStub(maxRetries: 0, baseUrl: server.Url);

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", SplitBatch.Arguments, Bounded);

        Assert.True(result.IsError);
        var counts = result.Content["items"]!;
        Assert.Equal(1200, counts["submitted"]!.GetValue<int>());
        Assert.Equal(1200, counts["accepted"]!.GetValue<int>() + counts["failed"]!.GetValue<int>() + counts["not_sent"]!.GetValue<int>());
        Assert.True(counts["failed"]!.GetValue<int>() > 0);
        var failed = result.Content["failed"]![0]!["message"]!.GetValue<string>();
        Assert.Equal("request 2 of 3 got an answer too large to read; it may have been processed", failed);
    }

    [Fact]
    public async Task A_body_dripping_past_the_attempt_timeout_ends_the_attempt()
    {
        using var server = new ScriptedHttpServer(async (stream, stop) =>
        {
            await stream.WriteAsync(ScriptedHttpServer.Head(200, "Content-Type: application/json", "Content-Length: 100"), stop);
            for (var i = 0; i < 100; i++)
            {
                await stream.WriteAsync(" "u8.ToArray(), stop);
                await stream.FlushAsync(stop);
                await Task.Delay(100, stop);
            }
        });
        using var stub = new ResilientStub(maxRetries: 0, baseUrl: server.Url, timeout: TimeSpan.FromMilliseconds(500));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var result = await stub.Tools.InvokeAsync("MergeCustomerProfiles", Merge, Bounded);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.True(result.IsError);
        var error = result.Content["error"]!;
        Assert.Equal("transport_error", error["kind"]!.GetValue<string>());
        Assert.Equal(
            "The Track API's answer to POST /api/v1/merge_customers (HTTP 200) did not arrive in full within 0.5 s. The request was sent and may have been processed.",
            error["message"]!.GetValue<string>());
        Assert.True(error["sent"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_late_body_on_the_second_request_of_a_split_batch_says_those_items_may_have_been_processed()
    {
        using var server = FirstAnsweredThenStalled("Content-Length: 2");
        using var stub = new ResilientStub(maxRetries: 0, baseUrl: server.Url, timeout: TimeSpan.FromMilliseconds(500));

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", SplitBatch.Arguments, Bounded);

        Assert.True(result.IsError);
        var counts = result.Content["items"]!;
        Assert.Equal(1200, counts["submitted"]!.GetValue<int>());
        Assert.Equal(1200, counts["accepted"]!.GetValue<int>() + counts["failed"]!.GetValue<int>() + counts["not_sent"]!.GetValue<int>());
        Assert.True(counts["failed"]!.GetValue<int>() > 0);
        Assert.Equal("request 2 of 3 got an answer that did not arrive in full; it may have been processed", result.Content["failed"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_connection_closed_mid_body_is_retried_for_identify_and_reported_truthfully_for_merge()
    {
        static async Task CutOff(Stream stream, CancellationToken stop)
        {
            await stream.WriteAsync(ScriptedHttpServer.Head(200, "Content-Type: application/json", "Content-Length: 100"), stop);
            await stream.WriteAsync("{\"meta\":"u8.ToArray(), stop);
            await stream.FlushAsync(stop);
        }

        using var identifyServer = new ScriptedHttpServer(CutOff);
        using var identify = new ResilientStub(maxRetries: 1, baseUrl: identifyServer.Url);
        using var mergeServer = new ScriptedHttpServer(CutOff);
        using var merge = new ResilientStub(maxRetries: 1, baseUrl: mergeServer.Url);

        var identifyResult = await identify.Tools.InvokeAsync("UpdateOrAddPerson", Identify);
        var mergeResult = await merge.Tools.InvokeAsync("MergeCustomerProfiles", Merge);

        Assert.True(identifyResult.IsError);
        Assert.Equal(2, identifyServer.Requests);
        Assert.Equal(1, mergeServer.Requests);
        var error = mergeResult.Content["error"]!;
        Assert.StartsWith("The Track API's answer to POST /api/v1/merge_customers (HTTP 200) broke off before its end", error["message"]!.GetValue<string>());
        Assert.EndsWith("The request was sent and may have been processed.", error["message"]!.GetValue<string>());
        Assert.True(error["sent"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_gzip_answer_nobody_asked_for_is_decoded()
    {
        var gzipped = Gzip("""{"meta":{"error":"name cannot be blank"}}""");
        using var server = new ScriptedHttpServer(async (stream, stop) =>
        {
            await stream.WriteAsync(ScriptedHttpServer.Head(400, "Content-Type: application/json", "Content-Encoding: gzip", $"Content-Length: {gzipped.Length}"), stop);
            await stream.WriteAsync(gzipped, stop);
        });
        using var stub = new ResilientStub(maxRetries: 0, baseUrl: server.Url);

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", Identify);

        Assert.Equal("Customer.io answered 400 to UpdateOrAddPerson: name cannot be blank", result.Content["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_gzip_bomb_is_cut_at_the_limit_like_any_large_answer()
    {
        var bomb = Gzip(new string(' ', Limit + 1));
        using var server = new ScriptedHttpServer(async (stream, stop) =>
        {
            await stream.WriteAsync(ScriptedHttpServer.Head(200, "Content-Type: application/json", "Content-Encoding: gzip", $"Content-Length: {bomb.Length}"), stop);
            await stream.WriteAsync(bomb, stop);
        });
        using var stub = new ResilientStub(maxRetries: 0, baseUrl: server.Url);

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", Identify, Bounded);

        Assert.True(bomb.Length < 100_000);
        Assert.StartsWith("The answer to PUT /api/v1/customers/42 (HTTP 200) was larger than the 8 MB limit", result.Content["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_web_page_answered_with_200_is_not_reported_as_accepted()
    {
        using var stub = new TrackStub();
        var page = "<!DOCTYPE html><html><head><title>Sign in</title></head><body><h1>Corporate proxy</h1><p>Please sign in to continue.</p>" + new string('x', 5000) + "</body></html>";
        stub.Respond(200, page, "text/html; charset=utf-8");

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", Identify);

        Assert.True(result.IsError);
        var error = result.Content["error"]!;
        Assert.Equal("api_error", error["kind"]!.GetValue<string>());
        Assert.Equal(200, error["status_code"]!.GetValue<int>());
        Assert.Equal(
            "The answer to UpdateOrAddPerson was an HTML page with status 200, not the Track API's JSON: something other than the Track API answered (a proxy, a sign-in page, a website at the configured URL). Whether Customer.io received the request is unknown.",
            error["message"]!.GetValue<string>());
        Assert.StartsWith("Sign in Corporate proxy Please sign in to continue.", error["response_text"]!.GetValue<string>());
        Assert.True(error["response_text"]!.GetValue<string>().Length <= 301);
        Assert.Equal("unknown", error["sent"]!.GetValue<string>());
        Assert.Null(result.Content["note"]);
    }

    [Fact]
    public async Task A_web_page_answered_with_200_to_a_batch_accepts_no_item()
    {
        using var stub = new TrackStub();
        stub.Respond(200, "<html><body>Sign in</body></html>", "text/html");

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", ThreeDeletes);

        Assert.True(result.IsError);
        Assert.Equal(0, result.Content["items"]!["accepted"]!.GetValue<int>());
        Assert.Equal(3, result.Content["items"]!["failed"]!.GetValue<int>());
        Assert.StartsWith("The answer to BatchProcessRequests was an HTML page", result.Content["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_long_plain_text_success_body_is_shortened()
    {
        using var stub = new TrackStub();
        stub.Respond(200, "OK " + new string('z', 10_000), "text/plain");

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", Identify);

        Assert.False(result.IsError);
        Assert.Equal("OK " + new string('z', 297) + "…", result.Content["response"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"partial\"")]
    [InlineData("""{"errors":"some items failed"}""")]
    [InlineData("""{"errors":{"batch_index":1}}""")]
    [InlineData("not json at all")]
    [InlineData("")]
    public async Task A_207_without_a_readable_error_list_says_so_and_accounts_for_every_item(string body)
    {
        using var stub = new TrackStub(207, body);

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", ThreeDeletes);

        Assert.True(result.Content["partial_failure"]!.GetValue<bool>(), result.ToJson());
        var counts = result.Content["items"]!;
        Assert.Equal(3, counts["accepted"]!.GetValue<int>() + counts["failed"]!.GetValue<int>());
        var unattributed = Assert.Single(result.Content["failed"]!.AsArray());
        Assert.Null(unattributed!["index"]);
        Assert.Equal("Customer.io answered 207 (some items failed) without a readable list of errors: which items failed is unknown.", unattributed["note"]!.GetValue<string>());
        Assert.Contains("could not be matched to an item", result.Content["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_207_whose_errors_are_not_objects_or_name_missing_items_keeps_the_rest()
    {
        using var stub = new TrackStub(207, """{"errors":["boom",7,null,{"batch_index":2,"reason":"invalid","message":"bad"},{"batch_index":3,"reason":"invalid"},{"batch_index":-1},{"batch_index":"1"}]}""");

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", ThreeDeletes);

        Assert.False(result.IsError, result.ToJson());
        var counts = result.Content["items"]!;
        Assert.Equal(2, counts["accepted"]!.GetValue<int>());
        Assert.Equal(1, counts["failed"]!.GetValue<int>());
        var failed = result.Content["failed"]!.AsArray();
        Assert.Equal(7, failed.Count);
        Assert.Equal(2, failed[0]!["index"]!.GetValue<int>());
        Assert.All(failed.Skip(1), f => Assert.Null(f!["index"]));
        Assert.Contains(failed, f => f!["message"]?.GetValue<string>() == "boom");
    }

    [Fact]
    public async Task A_207_naming_one_item_twice_counts_it_once_with_both_errors()
    {
        using var stub = new TrackStub(207, """{"errors":[{"batch_index":1,"reason":"invalid","field":"identifiers","message":"first"},{"batch_index":1,"reason":"required","field":"action","message":"second"},{"batch_index":2,"reason":"invalid","message":"third"}]}""");

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", ThreeDeletes);

        Assert.False(result.IsError, result.ToJson());
        var counts = result.Content["items"]!;
        Assert.Equal(3, counts["submitted"]!.GetValue<int>());
        Assert.Equal(1, counts["accepted"]!.GetValue<int>());
        Assert.Equal(2, counts["failed"]!.GetValue<int>());

        // One entry per failed item, the second error of item 1 kept with it.
        var failed = result.Content["failed"]!.AsArray();
        Assert.Equal([1, 2], failed.Select(f => f!["index"]!.GetValue<int>()));
        Assert.Equal("first", failed[0]!["message"]!.GetValue<string>());
        var more = Assert.Single(failed[0]!["more_errors"]!.AsArray());
        Assert.Equal("required", more!["reason"]!.GetValue<string>());
        Assert.Equal("action", more["field"]!.GetValue<string>());
        Assert.Equal("second", more["message"]!.GetValue<string>());
        Assert.Null(failed[1]!["more_errors"]);

        // The request's count is of items, like the totals: they add up.
        var request = Assert.Single(result.Content["requests"]!.AsArray());
        Assert.Equal(2, request!["failed"]!.GetValue<int>());
        Assert.StartsWith("1 of 3 items were accepted, 2 failed, 0 were not sent.", result.Content["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(207, """{"errors":[{"batch_index":0,"reason":"invalid"}],"errors":[{"batch_index":1}]}""")]
    [InlineData(207, """{"errors":[{"batch_index":0,"batch_index":1,"reason":"invalid"}]}""")]
    [InlineData(200, """{"ok":true,"ok":false}""")]
    [InlineData(400, """{"meta":{"error":"bad"},"meta":{"error":"worse"}}""")]
    public async Task A_json_answer_repeating_a_property_ends_in_a_result(int status, string body)
    {
        using var stub = new TrackStub(status, body);

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", ThreeDeletes);

        Assert.NotNull(JsonNode.Parse(result.ToJson()));
        var counts = result.Content["items"];
        if (counts is not null)
        {
            Assert.Equal(3, counts["accepted"]!.GetValue<int>() + counts["failed"]!.GetValue<int>() + counts["not_sent"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task A_transport_that_follows_redirects_is_a_configuration_error_and_nothing_is_sent()
    {
        using var stub = new TrackStub(primaryHandler: new SocketsHttpHandler());

        var single = await stub.Tools.InvokeAsync("UpdateOrAddPerson", Identify);
        var batch = await stub.Tools.InvokeAsync("BatchProcessRequests", ThreeDeletes);

        Assert.Empty(stub.Server.LogEntries);
        foreach (var result in new[] { single, batch })
        {
            Assert.True(result.IsError, result.ToJson());
            Assert.Equal("configuration", result.Content["error"]!["kind"]!.GetValue<string>());
            Assert.False(result.Content["error"]!["sent"]!.GetValue<bool>());
            Assert.Contains("AllowAutoRedirect", result.Content["error"]!["message"]!.GetValue<string>());
        }

        var counts = batch.Content["items"]!;
        Assert.Equal(0, counts["failed"]!.GetValue<int>());
        Assert.Equal(3, counts["not_sent"]!.GetValue<int>());
    }

    [Fact]
    public async Task Invalid_utf8_in_a_json_answer_does_not_break_the_result()
    {
        using var stub = new TrackStub();
        var body = "{\"meta\":{\"error\":\"bad name "u8.ToArray().Concat(new byte[] { 0xFF, 0xC3 }).Concat("\"}}"u8.ToArray()).ToArray();
        stub.Server.Reset();
        stub.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(400).WithHeader("Content-Type", "application/json").WithBody(body));

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", Identify);

        Assert.True(result.IsError);
        Assert.Equal("Customer.io answered 400 to UpdateOrAddPerson: bad name \uFFFD\uFFFD", result.Content["error"]!["message"]!.GetValue<string>());
        Assert.NotNull(JsonNode.Parse(result.ToJson()));
    }

    [Fact]
    public async Task Invalid_utf8_in_a_json_string_of_a_success_does_not_break_the_result()
    {
        using var stub = new TrackStub();
        var body = "{\"name\":\"caf"u8.ToArray().Concat(new byte[] { 0xE9 }).Concat("\"}"u8.ToArray()).ToArray();
        stub.Server.Reset();
        stub.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", Identify);

        Assert.False(result.IsError);
        Assert.Equal("caf\uFFFD", result.Content["response"]!["name"]!.GetValue<string>());
        Assert.NotNull(JsonNode.Parse(result.ToJson()));
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }
}
