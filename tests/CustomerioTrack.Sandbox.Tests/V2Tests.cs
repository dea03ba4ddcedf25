using Xunit.Abstractions;
using System.Text.Json.Nodes;

namespace CustomerioTrack.Sandbox.Tests;

public sealed class V2Tests(ITestOutputHelper output) : IDisposable
{
    private readonly SandboxHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Entity_identifies_a_person_and_an_object_with_relationships()
    {
        await _h.Tool("ManageEntity", new { mode = "execute", request_body = new { type = "person", identifiers = new { id = "v2" }, action = "identify", attributes = new { plan = "pro" } } });
        await _h.Tool("ManageEntity", new
        {
            mode = "execute",
            request_body = new
            {
                type = "object",
                identifiers = new { object_type_id = "1", object_id = "acme" },
                action = "identify",
                attributes = new { name = "Acme" },
                cio_relationships = new[] { new { identifiers = new { id = "v2" }, relationship_attributes = new { role = "admin" } } },
            },
        });

        var obj = Assert.Single(await _h.Inspector.GetObjectsAsync());
        Assert.Equal(("1", "acme", "Acme"), (obj.ObjectTypeId, obj.ObjectId, (string?)obj.Attributes["name"]));
        var relationship = Assert.Single((await _h.Person("v2")).Relationships);
        Assert.Equal("admin", (string?)relationship.Attributes["role"]);

        await _h.Tool("ManageEntity", new { mode = "execute", request_body = new { type = "object", identifiers = new { object_type_id = "1", object_id = "acme" }, action = "delete" } });
        Assert.Empty(await _h.Inspector.GetObjectsAsync());
        Assert.Empty((await _h.Person("v2")).Relationships);
    }

    [Fact]
    public async Task Batch_applies_every_kind_of_item()
    {
        await _h.Tool("BatchProcessRequests", new
        {
            mode = "execute",
            request_body = new
            {
                batch = new object[]
                {
                    new { type = "person", identifiers = new { email = "b@example.com" }, action = "identify", attributes = new { a = 1 } },
                    new { type = "person", identifiers = new { email = "b@example.com" }, action = "event", name = "signed_up", attributes = new { plan = "x" } },
                    new { type = "person", identifiers = new { email = "b@example.com" }, action = "add_device", device = new { token = "t", platform = "android" } },
                    new { type = "person", identifiers = new { id = "other" }, action = "identify", attributes = new { b = 1 } },
                    new { type = "person", action = "merge", primary = new { email = "b@example.com" }, secondary = new { id = "other" } },
                    new { type = "delivery", identifiers = new { id = "DLV" }, action = "event", name = "opened", attributes = new { device_token = "t" } },
                },
            },
        });

        var detail = await _h.Person("b@example.com");
        Assert.Equal(1, (int?)detail.Person.Attributes["b"]);
        Assert.Equal("other", detail.Person.Id);
        Assert.Equal("signed_up", Assert.Single(detail.Events).Name);
        Assert.Equal("t", Assert.Single(detail.Devices).Token);
        Assert.Single(await _h.Inspector.GetPeopleAsync());
        Assert.Equal("DLV", Assert.Single(await _h.Inspector.GetDeliveryMetricsAsync()).DeliveryId);
    }

    [Fact]
    public async Task Batch_with_an_invalid_item_answers_207_and_applies_exactly_the_valid_items()
    {
        const string body = """
            {"batch":[
              {"type":"person","identifiers":{"id":"ok1"},"action":"identify","attributes":{"a":1}},
              {"type":"person","identifiers":{"id":"bad"},"action":"event"},
              {"type":"person","identifiers":{"id":"ok2"},"action":"identify","attributes":{"a":2}}
            ]}
            """;
        var (status, text) = await _h.Raw(HttpMethod.Post, "/api/v2/batch", body);
        output.WriteLine(text);
        Assert.Equal(207, status);
        var errors = JsonNode.Parse(text)!["errors"]!.AsArray();
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal(1, (int?)e!["batch_index"]));
        Assert.Contains("name", (string?)errors[0]!["message"], StringComparison.Ordinal);
        Assert.Equal(["ok1", "ok2"], (await _h.Inspector.GetPeopleAsync()).Select(p => p.Id));
        var journal = Assert.Single(await _h.Inspector.GetJournalAsync());
        Assert.Equal(207, journal.Status);
    }

    [Fact]
    public async Task A_batch_item_over_a_track_limit_gets_the_limit_message_alone_as_an_entity_body_does()
    {
        const string item = """{"type":"person","identifiers":{"id":"p"},"action":"event","name":"x","timestamp":1700000000000}""";

        var (status, text) = await _h.Raw(HttpMethod.Post, "/api/v2/batch", "{\"batch\":[" + item + "]}");
        var (entityStatus, entityText) = await _h.Raw(HttpMethod.Post, "/api/v2/entity", item);

        Assert.Equal(207, status);
        Assert.Equal(
            """{"errors":[{"batch_index":0,"reason":"timestampUnit","field":"timestamp","message":"1700000000000 looks like milliseconds; Track timestamps are integer unix seconds: send 1700000000"}]}""",
            text);
        Assert.Equal(
            (400, """{"errors":[{"reason":"timestampUnit","field":"timestamp","message":"1700000000000 looks like milliseconds; Track timestamps are integer unix seconds: send 1700000000"}]}"""),
            (entityStatus, entityText));
    }

    [Fact]
    public async Task A_failure_mid_request_rolls_back_the_whole_batch()
    {
        _h.Sandbox.Engine.BeforeCommit = operation => throw new InvalidOperationException("simulated crash in " + operation);
        const string body = """
            {"batch":[
              {"type":"person","identifiers":{"id":"x1"},"action":"identify","attributes":{"a":1}},
              {"type":"person","identifiers":{"id":"x2"},"action":"identify","attributes":{"a":2}}
            ]}
            """;
        var (status, text) = await _h.Raw(HttpMethod.Post, "/api/v2/batch", body);
        Assert.Equal(500, status);
        Assert.Contains("nothing was written", text, StringComparison.Ordinal);
        Assert.Empty(await _h.Inspector.GetPeopleAsync());
        Assert.Empty(await _h.Inspector.GetJournalAsync());

        _h.Sandbox.Engine.BeforeCommit = null;
        Assert.Equal(200, (await _h.Raw(HttpMethod.Post, "/api/v2/batch", body)).Status);
        Assert.Equal(2, (await _h.Inspector.GetPeopleAsync()).Count);
    }

    [Fact]
    public async Task Entity_with_an_invalid_body_answers_the_v2_400_shape()
    {
        var (status, text) = await _h.Raw(HttpMethod.Post, "/api/v2/entity", """{"type":"person","action":"identify"}""");
        output.WriteLine(text);
        Assert.Equal(400, status);
        var error = JsonNode.Parse(text)!["errors"]![0]!;
        Assert.NotNull((string?)error["reason"]);
        Assert.NotNull((string?)error["field"]);
        Assert.NotNull((string?)error["message"]);
        Assert.Empty(await _h.Inspector.GetJournalAsync());
    }

    [Fact]
    public async Task Oversized_batch_item_is_rejected_alone()
    {
        var big = new string('x', 33 * 1024);
        var body = $$$"""{"batch":[{"type":"person","identifiers":{"id":"small"},"action":"identify","attributes":{"a":1}},{"type":"person","identifiers":{"id":"big"},"action":"identify","attributes":{"a":"{{{big}}}"}}]}""";
        var (status, text) = await _h.Raw(HttpMethod.Post, "/api/v2/batch", body);
        Assert.Equal(207, status);
        Assert.Equal(1, (int?)JsonNode.Parse(text)!["errors"]![0]!["batch_index"]);
        Assert.Equal(["small"], (await _h.Inspector.GetPeopleAsync()).Select(p => p.Id));
    }

    [Fact]
    public async Task Each_batch_item_that_names_an_unknown_object_is_named_in_its_note()
    {
        const string body = """
            {"batch":[
              {"type":"object","identifiers":{"object_type_id":"1","object_id":"gone-1"},"action":"delete"},
              {"type":"object","identifiers":{"object_type_id":"2","object_id":"gone-2"},"action":"delete"},
              {"type":"object","identifiers":{"cio_object_id":"gone-3"},"action":"delete"},
              {"type":"person","identifiers":{"id":"p"},"action":"identify"},
              {"type":"person","identifiers":{"id":"p"},"action":"delete_relationships","cio_relationships":[{"identifiers":{"object_type_id":"1","object_id":"gone-4"}}]}
            ]}
            """;

        Assert.Equal((200, "{}"), await _h.Raw(HttpMethod.Post, "/api/v2/batch", body));

        Assert.Equal(
            [
                "nothing to delete: no object has object_type_id '1', object_id 'gone-1'",
                "nothing to delete: no object has object_type_id '2', object_id 'gone-2'",
                "no object has cio_object_id 'gone-3' (objects are created only from object_type_id + object_id)",
                "ignored a relationship to an unknown object (object_type_id '1', object_id 'gone-4')",
            ],
            Assert.Single(await _h.Inspector.GetJournalAsync()).Notes);
    }

    [Fact]
    public async Task Deleting_relationships_of_an_unknown_object_says_so()
    {
        const string body = """{"type":"object","identifiers":{"object_type_id":"1","object_id":"ghost"},"action":"delete_relationships","cio_relationships":[{"identifiers":{"id":"a"}}]}""";

        Assert.Equal((200, "{}"), await _h.Raw(HttpMethod.Post, "/api/v2/entity", body));

        Assert.Equal(["nothing to delete: no object has object_type_id '1', object_id 'ghost'"], Assert.Single(await _h.Inspector.GetJournalAsync()).Notes);
        Assert.Empty(await _h.Inspector.GetObjectsAsync());
    }
}
