using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CustomerioTrack.Tools.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Xunit.Abstractions;

namespace CustomerioTrack.Tools.Tests;

/// <summary>Issue 5 §4: large batches and segment calls are split, sent in order, and every item is accounted for.</summary>
public sealed class ChunkingTests(ITestOutputHelper output)
{
    private const int ItemBytes = 10_000;

    // 49 items of 10,000 bytes fit in 500,000 bytes ({"batch":[ + 49 items + 48 commas + ]} = 490,060); 50 do not.
    private const int PerChunk = 49;

    // 110 items of exactly 10,000 bytes: a 1,100,121-byte body, with spaces and non-ASCII that must survive byte for byte.
    private static readonly string[] Items = Enumerable.Range(0, 110).Select(Item).ToArray();

    private static readonly string LargeBatch = """{"mode":"execute","request_body":{"batch":[""" + string.Join(",", Items) + "]}}";

    private static string Item(int index)
    {
        var attributes = new StringBuilder();
        for (var a = 0; a < 10; a++)
        {
            attributes.Append(CultureInfo.InvariantCulture, $"\"a{a}\": \"{new string('x', 950)}\", ");
        }

        var head = $$"""{ "type": "person", "identifiers": {"id": "p{{index:000}}"}, "action": "identify", "attributes": { "city": "Zürich", {{attributes}}"pad": " """;
        const string tail = "\" } }";
        var pad = ItemBytes - Encoding.UTF8.GetByteCount(head) - Encoding.UTF8.GetByteCount(tail);
        var item = head + new string('.', pad) + tail;
        Assert.Equal(ItemBytes, Encoding.UTF8.GetByteCount(item));
        return item;
    }

    [Theory]
    [InlineData(499_999, 1)]
    [InlineData(500_000, 2)]
    public void A_batch_must_be_smaller_than_500000_bytes_so_one_of_exactly_500000_is_split(int bytes, int requests)
    {
        // track-api-facts §3.5: /batch "< 500kb" (read as 500,000 bytes).
        var envelope = Encoding.UTF8.GetByteCount("{\"batch\":[" + string.Join(",", Items.Take(49)) + ",]}");
        var last = "{\"pad\":\"" + new string('x', bytes - envelope - 10) + "\"}";
        var json = "{\"batch\":[" + string.Join(",", Items.Take(49)) + "," + last + "]}";
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(json));
        var payload = Encoding.UTF8.GetBytes(json);
        using var body = System.Text.Json.JsonDocument.Parse(json);

        var scanned = Chunking.RequestChunker.Plan(Limits.TrackOperation.Batch, payload)!;
        var counted = Chunking.RequestChunker.Plan(Limits.TrackOperation.Batch, payload, body.RootElement)!;

        Assert.Equal(requests, scanned.Chunks.Count);
        Assert.Equal(requests, counted.Chunks.Count);
        Assert.All(scanned.Chunks, c => Assert.True(c.Body.Length < 500_000, c.Body.Length.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(50, scanned.Chunks.Sum(c => c.Count));
    }

    [Theory]
    [InlineData("batch", 3)]
    [InlineData("batch", 110)]
    [InlineData("ids", 999)]
    [InlineData("ids", 1000)]
    [InlineData("ids", 2500)]
    public void Planning_from_the_parsed_body_gives_the_same_plan_as_scanning_the_bytes(string property, int count)
    {
        var json = property == "batch"
            ? "{\"batch\":[" + string.Join(",", Items.Take(count)) + "]}"
            : "{\"ids\":[" + string.Join(",", Enumerable.Range(0, count).Select(i => $"\"{i}\"")) + "]}";
        var payload = Encoding.UTF8.GetBytes(json);
        using var body = System.Text.Json.JsonDocument.Parse(json);
        var operation = property == "batch" ? Limits.TrackOperation.Batch : Limits.TrackOperation.Segment;

        var scanned = Chunking.RequestChunker.Plan(operation, payload)!;
        var counted = Chunking.RequestChunker.Plan(operation, payload, body.RootElement)!;

        Assert.Equal(count, counted.ItemCount);
        Assert.Equal(scanned.ItemCount, counted.ItemCount);
        Assert.Equal(scanned.Chunks.Select(c => (c.Offset, c.Count, Encoding.UTF8.GetString(c.Body.Span))), counted.Chunks.Select(c => (c.Offset, c.Count, Encoding.UTF8.GetString(c.Body.Span))));
    }

    private static string Chunk(int first, int count) => "{\"batch\":[" + string.Join(",", Items.Skip(first).Take(count)) + "]}";

    private static void RespondInSequence(TrackStub stub, params (int Status, string Body)[] answers)
    {
        stub.Server.Reset();
        for (var i = 0; i < answers.Length; i++)
        {
            var given = stub.Server.Given(Request.Create().UsingAnyMethod()).InScenario("sequence");
            given = i == 0 ? given : given.WhenStateIs("after " + i);
            given.WillSetStateTo("after " + (i + 1))
                .RespondWith(Response.Create().WithStatusCode(answers[i].Status).WithHeader("Content-Type", "application/json").WithBody(answers[i].Body));
        }
    }

    private static (int Submitted, int Accepted, int Failed, int NotSent) Counts(ToolCallResult result)
    {
        var items = result.Content["items"]!;
        return (items["submitted"]!.GetValue<int>(), items["accepted"]!.GetValue<int>(), items["failed"]!.GetValue<int>(), items["not_sent"]!.GetValue<int>());
    }

    private static List<int?> Statuses(ToolCallResult result) =>
        result.Content["requests"]!.AsArray().Select(r => r!["status_code"]?.GetValue<int>()).ToList();

    [Fact]
    public async Task A_batch_over_500_KB_goes_out_as_requests_of_at_most_500_KB_in_order_with_every_item_byte_for_byte()
    {
        Assert.Equal(1_100_121, Encoding.UTF8.GetByteCount(LargeBatch) - """{"mode":"execute","request_body":}""".Length);
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", LargeBatch);

        Assert.False(result.IsError, result.ToJson()[..500]);
        var bodies = stub.Requests.Select(r => r.Body!).ToList();
        Assert.Equal([Chunk(0, PerChunk), Chunk(PerChunk, PerChunk), Chunk(2 * PerChunk, 110 - (2 * PerChunk))], bodies);
        Assert.All(stub.Requests, r => Assert.True(Encoding.UTF8.GetByteCount(r.Body!) < 500_000));
        Assert.All(stub.Requests, r => Assert.Equal("/api/v2/batch", r.Path));
        Assert.Equal((110, 110, 0, 0), Counts(result));
        Assert.Equal([200, 200, 200], Statuses(result));
        Assert.Empty(result.Content["failed"]!.AsArray());
        Assert.Empty(result.Content["not_sent"]!.AsArray());
        Assert.Equal(200, result.Content["status_code"]!.GetValue<int>());
        Assert.Equal("110 of 110 items were accepted, 0 failed, 0 were not sent (sent as 3 of 3 planned requests).", result.Content["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_207_in_the_second_request_maps_batch_indexes_back_to_the_callers_indexes()
    {
        using var stub = new TrackStub();
        RespondInSequence(stub,
            (200, "{}"),
            (207, """{"errors":[{"batch_index":0,"reason":"invalid","field":"identifiers","message":"bad id"},{"batch_index":5,"reason":"invalid","field":"attributes","message":"too big"}]}"""),
            (200, "{}"));

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", LargeBatch);

        Assert.False(result.IsError);
        Assert.Equal(3, stub.Requests.Count);
        Assert.Equal(207, result.Content["status_code"]!.GetValue<int>());
        Assert.True(result.Content["partial_failure"]!.GetValue<bool>());
        Assert.Equal((110, 108, 2, 0), Counts(result));
        Assert.Equal([200, 207, 200], Statuses(result));
        JsonAssert.Equal(
            """[{"index":49,"reason":"invalid","field":"identifiers","message":"bad id"},{"index":54,"reason":"invalid","field":"attributes","message":"too big"}]""",
            result.Content["failed"]!.ToJsonString());
        Assert.StartsWith("108 of 110 items were accepted, 2 failed, 0 were not sent (sent as 3 of 3 planned requests). Fix and resend only the failed items", result.Content["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_500_in_the_second_request_stops_the_call_and_lists_the_third_requests_items_as_not_sent()
    {
        using var stub = new TrackStub();
        RespondInSequence(stub, (200, "{}"), (500, """{"meta":{"error":"internal"}}"""), (200, "{}"));

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", LargeBatch);

        Assert.True(result.IsError);
        Assert.Equal([Chunk(0, PerChunk), Chunk(PerChunk, PerChunk)], stub.Requests.Select(r => r.Body!).ToList());
        Assert.Equal((110, 49, 49, 12), Counts(result));
        Assert.Equal([200, 500, null], Statuses(result));
        Assert.False(result.Content["requests"]![2]!["sent"]!.GetValue<bool>());
        Assert.Equal(Enumerable.Range(49, 49), ItemEntries.Indexes(result.Content["failed"]));
        Assert.All(result.Content["failed"]!.AsArray(), f =>
        {
            Assert.Equal("request_failed", f!["reason"]!.GetValue<string>());
            Assert.Equal("request 2 of 3 failed with HTTP 500; it may or may not have been processed", f["message"]!.GetValue<string>());
        });
        Assert.Equal(Enumerable.Range(98, 12), ItemEntries.Indexes(result.Content["not_sent"]));
        Assert.All(result.Content["not_sent"]!.AsArray(), n => Assert.Equal("not sent because request 2 of 3 failed", n!["reason"]!.GetValue<string>()));
        var error = result.Content["error"]!;
        Assert.Equal("api_error", error["kind"]!.GetValue<string>());
        Assert.Equal(500, error["status_code"]!.GetValue<int>());
        Assert.True(error["sent"]!.GetValue<bool>());
        Assert.Equal(
            "Customer.io answered 500 to BatchProcessRequests: internal 49 of 110 items were accepted, 49 failed, 12 were not sent (sent as 2 of 3 planned requests). The 49 failed items with reason 'request_failed' may or may not have been processed: resending them repeats any that were. Resend the items listed in 'not_sent'. Resending accepted items would repeat them.",
            error["message"]!.GetValue<string>());
    }

    // Items of a 207 have something to fix; those of a request answered 500 have nothing to fix and may already be in.
    [Fact]
    public async Task Items_rejected_by_a_207_and_items_of_a_request_answered_500_get_different_advice()
    {
        using var stub = new TrackStub();
        RespondInSequence(stub,
            (207, """{"errors":[{"batch_index":3,"reason":"invalid","field":"identifiers","message":"bad id"}]}"""),
            (500, """{"meta":{"error":"internal"}}"""),
            (200, "{}"));

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", LargeBatch);

        Assert.Equal((110, 48, 50, 12), Counts(result));
        Assert.Equal(
            "Customer.io answered 500 to BatchProcessRequests: internal 48 of 110 items were accepted, 50 failed, 12 were not sent (sent as 2 of 3 planned requests). Fix and resend the 1 failed items Customer.io rejected (listed by index in 'failed'). The 49 failed items with reason 'request_failed' may or may not have been processed: resending them repeats any that were. Resend the items listed in 'not_sent'. Resending accepted items would repeat them.",
            result.Content["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cancelling_after_the_first_request_was_accepted_throws_with_every_item_accounted_for()
    {
        using var stub = new TrackStub();
        using var cancellation = new CancellationTokenSource();
        stub.Server.Reset();
        stub.Server.Given(Request.Create().UsingAnyMethod()).InScenario("slow").WillSetStateTo("first answered")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{}"));
        // The caller cancels while the second request is with the server, which never answers in time.
        stub.Server.Given(Request.Create().UsingAnyMethod()).InScenario("slow").WhenStateIs("first answered")
            .RespondWith(Response.Create().WithCallback(_ =>
            {
                cancellation.Cancel();
                Thread.Sleep(TimeSpan.FromSeconds(3));
                return new WireMock.ResponseMessage { StatusCode = 200 };
            }));

        var cancelled = await Assert.ThrowsAsync<ToolCallCancelledException>(() => stub.Tools.InvokeAsync("BatchProcessRequests", LargeBatch, cancellation.Token));

        Assert.IsAssignableFrom<OperationCanceledException>(cancelled);
        Assert.Equal(cancellation.Token, cancelled.CancellationToken);
        Assert.Equal("The call was cancelled after 49 of 110 items were accepted; PartialResult accounts for every item.", cancelled.Message);
        var result = cancelled.PartialResult;
        Assert.True(result.IsError);
        Assert.Equal((110, 49, 49, 12), Counts(result));
        Assert.Equal([200, null, null], Statuses(result));
        Assert.Equal(Enumerable.Range(49, 49), ItemEntries.Indexes(result.Content["failed"]));
        Assert.All(result.Content["failed"]!.AsArray(), f =>
        {
            Assert.Equal("request_cancelled", f!["reason"]!.GetValue<string>());
            Assert.Equal("the call was cancelled while request 2 of 3 was under way; it may or may not have been processed", f["message"]!.GetValue<string>());
        });
        Assert.Equal(Enumerable.Range(98, 12), ItemEntries.Indexes(result.Content["not_sent"]));
        Assert.All(result.Content["not_sent"]!.AsArray(), n => Assert.Equal("not sent because the call was cancelled", n!["reason"]!.GetValue<string>()));
        var error = result.Content["error"]!;
        Assert.Equal("cancelled", error["kind"]!.GetValue<string>());
        Assert.True(error["sent"]!.GetValue<bool>());
        Assert.StartsWith("The call was cancelled during request 2 of 3. 49 of 110 items were accepted, 49 failed, 12 were not sent", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cancelling_a_call_of_one_request_is_a_plain_cancellation()
    {
        using var stub = new TrackStub();
        stub.Server.Reset();
        stub.Server.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("{}").WithDelay(TimeSpan.FromSeconds(30)));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            stub.Tools.InvokeAsync("BatchProcessRequests", "{\"mode\":\"execute\",\"request_body\":" + Chunk(0, 3) + "}", cancellation.Token));

        Assert.IsNotType<ToolCallCancelledException>(cancelled);
    }

    [Fact]
    public async Task A_400_on_the_first_request_sends_nothing_more_and_accounts_for_everything()
    {
        using var stub = new TrackStub(400, """{"errors":[{"reason":"invalid","field":"batch","message":"nope"}]}""");

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", LargeBatch);

        Assert.True(result.IsError);
        Assert.Single(stub.Requests);
        Assert.Equal((110, 0, 49, 61), Counts(result));
        Assert.Equal([400, null, null], Statuses(result));
        Assert.All(result.Content["failed"]!.AsArray(), f => Assert.Equal("request_rejected", f!["reason"]!.GetValue<string>()));
        Assert.Equal("request 1 of 3 was rejected with HTTP 400; Customer.io did not accept any item in it", result.Content["failed"]![0]!["message"]!.GetValue<string>());
        // The first request reached Customer.io (it answered), though none of its items were accepted.
        Assert.True(result.Content["error"]!["sent"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Segment_calls_with_2500_ids_go_out_as_1000_1000_and_500()
    {
        using var stub = new TrackStub();
        var ids = Enumerable.Range(0, 2500).Select(i => "\"user-" + i.ToString(CultureInfo.InvariantCulture) + "@example.com\"").ToList();
        var arguments = """{"mode":"execute","segment_identifier":7,"identifier_type":"email","request_body":{"ids":[""" + string.Join(",", ids) + "]}}";

        var result = await stub.Tools.InvokeAsync("AddPeopleToSegment", arguments);

        Assert.False(result.IsError, result.ToJson()[..300]);
        Assert.Equal(
            ["{\"ids\":[" + string.Join(",", ids.Take(1000)) + "]}", "{\"ids\":[" + string.Join(",", ids.Skip(1000).Take(1000)) + "]}", "{\"ids\":[" + string.Join(",", ids.Skip(2000)) + "]}"],
            stub.Requests.Select(r => r.Body!).ToList());
        Assert.All(stub.Requests, r => Assert.Equal("/api/v1/segments/7/add_customers", r.Path));
        Assert.All(stub.Requests, r => Assert.Equal("email", r.Query!["id_type"].Single()));
        Assert.Equal((2500, 2500, 0, 0), Counts(result));
        Assert.Equal([200, 200, 200], Statuses(result));
        JsonAssert.Equal("""[{"status_code":200,"first_index":0,"count":1000},{"status_code":200,"first_index":1000,"count":1000},{"status_code":200,"first_index":2000,"count":500}]""",
            result.Content["requests"]!.ToJsonString());
    }

    [Fact]
    public async Task A_failed_segment_request_leaves_the_remaining_ids_not_sent()
    {
        using var stub = new TrackStub();
        RespondInSequence(stub, (200, "{}"), (401, ""));
        var ids = string.Join(",", Enumerable.Range(0, 2500).Select(i => "\"" + i.ToString(CultureInfo.InvariantCulture) + "\""));

        var result = await stub.Tools.InvokeAsync("RemoveUserFromSegment", """{"mode":"execute","segment_identifier":7,"request_body":{"ids":[""" + ids + "]}}");

        Assert.True(result.IsError);
        Assert.Equal(2, stub.Requests.Count);
        Assert.Equal((2500, 1000, 1000, 500), Counts(result));
        Assert.Equal(Enumerable.Range(1000, 1000), ItemEntries.Indexes(result.Content["failed"]));
        Assert.Equal(Enumerable.Range(2000, 500), ItemEntries.Indexes(result.Content["not_sent"]));
        Assert.Equal(401, result.Content["error"]!["status_code"]!.GetValue<int>());
    }

    // A request refused as a whole used to give each of its items the same entry: 1,000 of them for one segment call.
    [Fact]
    public async Task A_1000_id_segment_call_answered_401_lists_its_ids_as_one_failed_entry()
    {
        using var stub = new TrackStub(401, "");
        var ids = string.Join(",", Enumerable.Range(0, 1000).Select(i => "\"user-" + i.ToString(CultureInfo.InvariantCulture) + "@example.com\""));

        var result = await stub.Tools.InvokeAsync("AddPeopleToSegment", """{"mode":"execute","segment_identifier":7,"identifier_type":"email","request_body":{"ids":[""" + ids + "]}}");

        var bytes = Encoding.UTF8.GetByteCount(result.ToJson());
        output.WriteLine($"1,000-id segment call answered 401: {bytes:N0} bytes");

        Assert.True(result.IsError);
        Assert.Single(stub.Requests);
        Assert.Equal((1000, 0, 1000, 0), Counts(result));
        Assert.Equal(
            """[{"indexes":{"from":0,"to":999},"count":1000,"reason":"request_refused","message":"the request was refused with HTTP 401; Customer.io did not process any item in it, and nothing in the items is the cause"}]""",
            result.Content["failed"]!.ToJsonString());
        Assert.Equal("[]", result.Content["not_sent"]!.ToJsonString());
        Assert.Equal("""[{"status_code":401,"first_index":0,"count":1000,"error":"the request was refused with HTTP 401; Customer.io did not process any item in it, and nothing in the items is the cause"}]""",
            result.Content["requests"]!.ToJsonString());
        Assert.True(bytes < 3_000, bytes.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_split_batch_whose_second_request_is_answered_500_lists_each_requests_items_as_one_entry()
    {
        using var stub = new TrackStub();
        RespondInSequence(stub, (200, "{}"), (500, """{"meta":{"error":"internal"}}"""), (200, "{}"));

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", LargeBatch);

        Assert.Equal((110, 49, 49, 12), Counts(result));
        Assert.Equal(
            """[{"indexes":{"from":49,"to":97},"count":49,"reason":"request_failed","message":"request 2 of 3 failed with HTTP 500; it may or may not have been processed"}]""",
            result.Content["failed"]!.ToJsonString());
        Assert.Equal(
            """[{"indexes":{"from":98,"to":109},"count":12,"reason":"not sent because request 2 of 3 failed"}]""",
            result.Content["not_sent"]!.ToJsonString());
    }

    // The rule is about items, not requests: the later requests' items are not sent for one and the same reason.
    [Fact]
    public async Task Items_of_several_requests_not_sent_for_the_same_reason_share_one_entry()
    {
        using var stub = new TrackStub(401, "");
        var ids = string.Join(",", Enumerable.Range(0, 3500).Select(i => "\"" + i.ToString(CultureInfo.InvariantCulture) + "\""));

        var result = await stub.Tools.InvokeAsync("RemoveUserFromSegment", """{"mode":"execute","segment_identifier":7,"request_body":{"ids":[""" + ids + "]}}");

        Assert.Single(stub.Requests);
        Assert.Equal((3500, 0, 1000, 2500), Counts(result));
        Assert.Equal(
            """[{"indexes":{"from":0,"to":999},"count":1000,"reason":"request_refused","message":"request 1 of 4 was refused with HTTP 401; Customer.io did not process any item in it, and nothing in the items is the cause"}]""",
            result.Content["failed"]!.ToJsonString());
        Assert.Equal(
            """[{"indexes":{"from":1000,"to":3499},"count":2500,"reason":"not sent because request 1 of 4 failed"}]""",
            result.Content["not_sent"]!.ToJsonString());
        Assert.Equal([401, null, null, null], Statuses(result));
    }

    // A run's entry has no "index" either: the message must point at the errors that named no item, not at the run.
    [Fact]
    public async Task Errors_that_name_no_item_are_pointed_to_by_their_null_index_beside_a_run_of_failed_items()
    {
        using var stub = new TrackStub();
        RespondInSequence(stub, (207, """{"errors":[{"reason":"invalid","message":"whole batch?"}]}"""), (500, """{"meta":{"error":"internal"}}"""), (200, "{}"));

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", LargeBatch);

        Assert.Equal((110, 49, 49, 12), Counts(result));
        Assert.Equal(
            """[{"indexes":{"from":49,"to":97},"count":49,"reason":"request_failed","message":"request 2 of 3 failed with HTTP 500; it may or may not have been processed"},{"index":null,"reason":"invalid","field":null,"message":"whole batch?","note":"Customer.io did not say which item this error is about."}]""",
            result.Content["failed"]!.ToJsonString());
        Assert.Equal(
            "Customer.io answered 500 to BatchProcessRequests: internal 49 of 110 items were accepted, 49 failed, 12 were not sent (sent as 2 of 3 planned requests). The 49 failed items with reason 'request_failed' may or may not have been processed: resending them repeats any that were. Resend the items listed in 'not_sent'. Resending accepted items would repeat them. 1 error(s) could not be matched to an item (see 'failed' entries whose index is null); those items are counted as accepted.",
            result.Content["error"]!["message"]!.GetValue<string>());
    }

    // Items that each got their own error keep their own entry, even when the errors read alike.
    [Fact]
    public async Task Items_a_207_names_keep_one_entry_each_even_when_their_errors_are_the_same()
    {
        using var stub = new TrackStub(207, """{"errors":[{"batch_index":0,"reason":"invalid","field":"identifiers","message":"bad id"},{"batch_index":1,"reason":"invalid","field":"identifiers","message":"bad id"},{"batch_index":2,"reason":"invalid","field":"action","message":"unknown action"}]}""");

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", """{"mode":"execute","request_body":{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"delete"},{"type":"person","identifiers":{"id":"2"},"action":"delete"},{"type":"person","identifiers":{"id":"3"},"action":"delete"},{"type":"person","identifiers":{"id":"4"},"action":"delete"}]}}""");

        Assert.False(result.IsError);
        Assert.Equal((4, 1, 3, 0), Counts(result));
        Assert.Equal(
            """[{"index":0,"reason":"invalid","field":"identifiers","message":"bad id"},{"index":1,"reason":"invalid","field":"identifiers","message":"bad id"},{"index":2,"reason":"invalid","field":"action","message":"unknown action"}]""",
            result.Content["failed"]!.ToJsonString());
        Assert.Equal("[]", result.Content["not_sent"]!.ToJsonString());
    }

    [Fact]
    public async Task A_single_request_batch_keeps_its_shape_and_adds_the_accounting()
    {
        using var stub = new TrackStub(207, """{"errors":[{"batch_index":1,"reason":"invalid","field":"identifiers","message":"bad"},{"reason":"invalid","message":"whole batch?"}]}""");

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", """{"mode":"execute","request_body":{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"delete"},{"type":"person","identifiers":{"id":"2"},"action":"delete"},{"type":"person","identifiers":{"id":"3"},"action":"delete"}]}}""");

        Assert.False(result.IsError);
        var request = Assert.Single(stub.Requests);
        JsonAssert.Equal("""{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"delete"},{"type":"person","identifiers":{"id":"2"},"action":"delete"},{"type":"person","identifiers":{"id":"3"},"action":"delete"}]}""", request.Body!);
        Assert.Equal(207, result.Content["status_code"]!.GetValue<int>());
        Assert.Equal((3, 2, 1, 0), Counts(result));
        Assert.Equal(1, result.Content["failed"]![0]!["index"]!.GetValue<int>());
        Assert.Null(result.Content["failed"]![1]!["index"]);
        Assert.Equal("Customer.io did not say which item this error is about.", result.Content["failed"]![1]!["note"]!.GetValue<string>());
        Assert.NotNull(result.Content["response"]);
        Assert.Contains("1 error(s) could not be matched to an item", result.Content["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_dry_run_of_a_large_batch_describes_every_request_and_sends_nothing()
    {
        using var stub = new TrackStub(options: new TrackToolsOptions { IncludeDisabledByDefault = true, DryRun = true });

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", LargeBatch);

        Assert.False(result.IsError);
        Assert.Empty(stub.Requests);
        var requests = result.Content["requests"]!.AsArray();
        Assert.Equal([0, 49, 98], requests.Select(r => r!["first_index"]!.GetValue<int>()));
        Assert.Equal([49, 49, 12], requests.Select(r => r!["count"]!.GetValue<int>()));
        Assert.All(requests, r => Assert.Equal("POST", r!["method"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Events_split_across_requests_keep_the_ids_assigned_before_splitting()
    {
        using var stub = new TrackStub();
        var pad = new string('y', 900);
        var events = Enumerable.Range(0, 600).Select(i => "{\"type\":\"person\",\"identifiers\":{\"id\":\"" + i.ToString(CultureInfo.InvariantCulture) + "\"},\"action\":\"event\",\"name\":\"e\",\"attributes\":{\"p\":\"" + pad + "\"}}");

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", """{"mode":"execute","request_body":{"batch":[""" + string.Join(",", events) + "]}}");

        Assert.False(result.IsError);
        Assert.Equal(2, stub.Requests.Count);
        var assigned = result.Content["assigned_event_ids"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
        Assert.Equal(600, assigned.Count);
        var sent = stub.Requests.SelectMany(r => JsonNode.Parse(r.Body!)!["batch"]!.AsArray()).Select(item => item!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(assigned, sent);
    }

    [Fact]
    public async Task An_unexpected_207_for_an_entity_request_counts_the_request_as_one_item()
    {
        using var stub = new TrackStub(207, """{"errors":[{"batch_index":0,"reason":"invalid","field":"identifiers","message":"bad"}]}""");

        var result = await stub.Tools.InvokeAsync("ManageEntity", """{"mode":"execute","request_body":{"type":"person","identifiers":{"id":"1"},"action":"add_relationships","cio_relationships":[{"identifiers":{"object_type_id":"1","object_id":"a"}},{"identifiers":{"object_type_id":"1","object_id":"b"}}]}}""");

        Assert.False(result.IsError);
        Assert.Equal((1, 0, 1, 0), Counts(result));
        Assert.Equal([0], ItemEntries.Indexes(result.Content["failed"]));
    }
}
