namespace CustomerioTrack.Sandbox.Tests;

/// <summary>
/// JSON that parsers read differently (a key repeated in one object, an unpaired surrogate escape) is the client's
/// error: 400 naming the key or string and where, and nothing is written.
/// </summary>
public sealed class AmbiguousBodyTests : IDisposable
{
    private readonly SandboxHarness _h = new();

    public void Dispose() => _h.Dispose();

    public static TheoryData<string, string, string, string> Bodies => new()
    {
        { "PUT", "/api/v1/customers/u1", """{"p":1,"p":2}""", """{"meta":{"errors":["p: the key 'p' appears more than once in the same object; nothing was written"]}}""" },
        { "PUT", "/api/v1/customers/u1", """{"plan":"x","cio_relationships":{"action":"add_relationships","relationships":[{"identifiers":{"object_type_id":"1","object_id":"a"},"relationship_attributes":{"r":1,"r":2}}]}}""",
            """{"meta":{"errors":["cio_relationships.relationships.0.relationship_attributes.r: the key 'r' appears more than once in the same object; nothing was written"]}}""" },
        { "POST", "/api/v1/customers/u1/events", """{"name":"a","name":"b"}""", """{"meta":{"errors":["name: the key 'name' appears more than once in the same object; nothing was written"]}}""" },
        { "POST", "/api/v1/customers/u1/events", """{"name":"a","data":{"x":{"y":1,"y":2}}}""", """{"meta":{"errors":["data.x.y: the key 'y' appears more than once in the same object; nothing was written"]}}""" },
        { "POST", "/api/v1/events", """{"name":"a","anonymous_id":"an","data":{"k":1,"k":1}}""", """{"meta":{"errors":["data.k: the key 'k' appears more than once in the same object; nothing was written"]}}""" },
        { "PUT", "/api/v1/customers/u1/devices", """{"device":{"id":"t1","platform":"ios","attributes":{"a":"1","a":"2"}}}""", """{"meta":{"errors":["device.attributes.a: the key 'a' appears more than once in the same object; nothing was written"]}}""" },
        { "POST", "/api/v1/segments/3/add_customers", """{"ids":["u1"],"ids":["u2"]}""", """{"meta":{"errors":["ids: the key 'ids' appears more than once in the same object; nothing was written"]}}""" },
        { "POST", "/api/v1/merge_customers", """{"primary":{"id":"a","id":"b"},"secondary":{"id":"c"}}""", """{"meta":{"error":"primary.id: the key 'id' appears more than once in the same object; nothing was written"}}""" },
        { "POST", "/api/v1/forms/f1/submit", """{"data":{"email":"f@example.com","first_name":"F","first_name":"G"}}""", """{"meta":{"errors":["data.first_name: the key 'first_name' appears more than once in the same object; nothing was written"]}}""" },
        { "POST", "/api/v2/entity", """{"type":"object","identifiers":{"object_type_id":"1","object_id":"acme"},"action":"identify","attributes":{"n":"a","n":"b"}}""",
            """{"errors":[{"reason":"duplicateKey","field":"attributes.n","message":"the key 'n' appears more than once in the same object; nothing was written"}]}""" },
        { "POST", "/api/v2/entity", """{"type":"person","identifiers":{"id":"u1"},"action":"add_relationships","cio_relationships":[{"identifiers":{"object_type_id":"1","object_id":"a"},"relationship_attributes":{"r":1,"r":2}}]}""",
            """{"errors":[{"reason":"duplicateKey","field":"cio_relationships.0.relationship_attributes.r","message":"the key 'r' appears more than once in the same object; nothing was written"}]}""" },
        { "POST", "/api/v2/batch", """{"batch":[{"type":"person","identifiers":{"id":"u1"},"action":"identify","attributes":{"a":1}},{"type":"person","identifiers":{"id":"u2"},"action":"identify","attributes":{"a":1,"a":2}}]}""",
            """{"errors":[{"reason":"duplicateKey","field":"batch.1.attributes.a","message":"the key 'a' appears more than once in the same object; nothing was written"}]}""" },
        { "POST", "/api/v2/batch", """{"batch":[{"type":"person","identifiers":{"id":"u1"},"action":"identify","attributes":{"a":1}}],"batch":[]}""",
            """{"errors":[{"reason":"duplicateKey","field":"batch","message":"the key 'batch' appears more than once in the same object; nothing was written"}]}""" },
        // An escaped key is the same key.
        { "PUT", "/api/v1/customers/u1", """{"p":1,"\u0070":2}""", """{"meta":{"errors":["p: the key 'p' appears more than once in the same object; nothing was written"]}}""" },
        { "POST", "/api/v1/segments/3/add_customers", """{"ids":["u1","x\ud800"]}""", """{"meta":{"errors":["ids.1: the string has a \\u escape that is an unpaired surrogate (not Unicode text); nothing was written"]}}""" },
        { "PUT", "/api/v1/customers/u1", """{"\udc00x":1}""", """{"meta":{"errors":["a key of this object has a \\u escape that is an unpaired surrogate (not Unicode text); nothing was written"]}}""" },
        { "POST", "/api/v2/entity", """{"type":"person","identifiers":{"id":"u1"},"action":"identify","attributes":{"ok":1,"\ud800":1}}""",
            """{"errors":[{"reason":"unpairedSurrogate","field":"attributes","message":"a key of this object has a \\u escape that is an unpaired surrogate (not Unicode text); nothing was written"}]}""" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task An_ambiguous_body_is_a_400_naming_the_place_and_nothing_is_written(string method, string path, string body, string expected)
    {
        var (status, answer) = await _h.Raw(new HttpMethod(method), path, body);

        Assert.Equal(400, status);
        Assert.Equal(expected, answer);
        Assert.Empty(await _h.Inspector.GetPeopleAsync());
        Assert.Empty(await _h.Inspector.GetEventsAsync());
        Assert.Empty(await _h.Inspector.GetObjectsAsync());
        Assert.Empty(await _h.Inspector.GetSegmentsAsync());
        Assert.Empty(await _h.Inspector.GetJournalAsync());
    }

    [Fact]
    public async Task The_same_key_in_different_objects_or_case_is_not_a_repeat()
    {
        var (status, answer) = await _h.Raw(HttpMethod.Post, "/api/v1/customers/u1/events", """{"name":"e","data":{"p":1,"P":2,"q":{"p":3},"r":[{"p":4},{"p":5}]}}""");

        Assert.Equal((200, "{}"), (status, answer));
        Assert.Equal("""{"p":1,"P":2,"q":{"p":3},"r":[{"p":4},{"p":5}]}""", Assert.Single(await _h.Inspector.GetEventsAsync()).Data!.ToJsonString());
    }
}
