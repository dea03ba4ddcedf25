using System.Text.Json;
using CustomerioTrack.Tools.Tests.Support;

namespace CustomerioTrack.Tools.Tests;

/// <summary>
/// A key given twice in one object is ambiguous (the checks read one value, the API may keep the other): the call is
/// refused, naming each such key, and nothing is sent. Keys repeated across different objects are fine.
/// </summary>
public sealed class DuplicateKeysTests
{
    public static TheoryData<string, string, string, string> Duplicates => new()
    {
        // tool, arguments, field, message
        { "UpdateOrAddPerson", """{"mode":"execute","person_identifier":"42","request_body":{"email":"a@b.io","plan":"pro","email":"c@d.io"}}""",
            "request_body/email", "'email' is given 2 times in the same object; give each key once (which of the values would count is not defined)" },
        { "UpdateOrAddPerson", """{"mode":"execute","person_identifier":"42","request_body":"{\"p\":1,\"p\":2,\"p\":3}"}""",
            "request_body/p", "'p' is given 3 times in the same object; give each key once (which of the values would count is not defined)" },
        { "UpdateOrAddPerson", """{"mode":"execute","person_identifier":"42","request_body":{"a":1,"\u0061":2}}""",
            "request_body/a", "'a' is given 2 times in the same object; give each key once (which of the values would count is not defined)" },
        { "SendCustomerEvent", """{"mode":"execute","customer_identifier":"1","request_body":{"name":"a","name":"b"}}""",
            "request_body/name", "'name' is given 2 times in the same object; give each key once (which of the values would count is not defined)" },
        { "SendCustomerEvent", """{"mode":"execute","customer_identifier":"1","request_body":{"name":"a","data":{"items":[{"sku":"1"},{"sku":"2","sku":"3"}]}}}""",
            "request_body/data/items/1/sku", "'sku' is given 2 times in the same object; give each key once (which of the values would count is not defined)" },
        { "BatchProcessRequests", """{"mode":"execute","request_body":{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"delete"},{"type":"person","identifiers":{"id":"2"},"action":"identify","attributes":{"a/b":1,"a/b":2}}]}}""",
            "request_body/batch/1/attributes/a~1b", "'a/b' is given 2 times in the same object; give each key once (which of the values would count is not defined)" },
    };

    [Theory]
    [MemberData(nameof(Duplicates))]
    public async Task A_duplicate_key_in_argument_text_is_refused_and_nothing_is_sent(string tool, string arguments, string field, string message)
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync(tool, arguments);

        AssertRefused(result, stub, tool, (field, message));
    }

    [Theory]
    [MemberData(nameof(Duplicates))]
    public async Task A_duplicate_key_in_parsed_arguments_is_refused_and_nothing_is_sent(string tool, string arguments, string field, string message)
    {
        // As the MCP server passes them: arguments by name, each already parsed.
        using var stub = new TrackStub();
        using var document = JsonDocument.Parse(arguments);
        var byName = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

        var result = await stub.Tools.InvokeAsync(tool, byName);

        AssertRefused(result, stub, tool, (field, message));
    }

    [Fact]
    public async Task Every_duplicated_key_is_reported_once_in_document_order()
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson",
            """{"mode":"execute","person_identifier":"42","request_body":{"b":1,"a":{"x":1,"x":2},"b":2,"c":[{"y":1,"y":1}]}}""");

        AssertRefused(result, stub, "UpdateOrAddPerson",
            ("request_body/b", "'b' is given 2 times in the same object; give each key once (which of the values would count is not defined)"),
            ("request_body/a/x", "'x' is given 2 times in the same object; give each key once (which of the values would count is not defined)"),
            ("request_body/c/0/y", "'y' is given 2 times in the same object; give each key once (which of the values would count is not defined)"));
    }

    [Fact]
    public async Task The_same_key_in_different_objects_is_not_a_duplicate()
    {
        using var stub = new TrackStub();
        const string Body = """{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"identify","attributes":{"plan":"a","nested":{"plan":"b"}}},{"type":"person","identifiers":{"id":"2"},"action":"identify","attributes":{"plan":"c"}}]}""";

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests", $$"""{"mode":"execute","request_body":{{Body}}}""");

        Assert.False(result.IsError, result.ToJson());
        var request = Assert.Single(stub.Requests);
        Assert.Equal("/api/v2/batch", request.Path);
        Assert.Equal(Body, request.Body);
    }

    // The fast pass proves names distinct by a 64-bucket fingerprint and compares exactly only on a shared bucket or an
    // escape: against a plain set of decoded names, over random objects full of near-collisions and escapes.
    [Fact]
    public void The_fast_check_agrees_with_a_set_of_decoded_names_on_random_bodies()
    {
        var random = new Random(20261129);
        string[] names = ["a", "b", "ab", "ba", "aa", "abc", "acb", "cab", "id", "di", "type", "tpye", "x/y", "\\u0061", "\\u0062", "a\\u0062", "\\\"", "\\\\", "é", "\\u00e9", ""];
        var found = 0;
        for (var round = 0; round < 3000; round++)
        {
            var json = RandomValue(random, names, depth: 0);
            using var document = JsonDocument.Parse(json);
            var problems = new List<ToolProblem>();

            CustomerioTrack.Tools.Validation.DuplicateKeys.Find(document.RootElement, "request_body", problems);

            var expected = CountDuplicatedKeys(document.RootElement);
            Assert.True(expected == problems.Count, $"{json}: expected {expected} duplicated keys, found {problems.Count}");
            found += problems.Count > 0 ? 1 : 0;
        }

        Assert.InRange(found, 300, 2700);
    }

    private static string RandomValue(Random random, string[] names, int depth)
    {
        var kind = depth >= 3 ? 2 : random.Next(3);
        if (kind == 2)
        {
            return random.Next(2) == 0 ? "1" : "\"v\"";
        }

        var count = random.Next(0, 6);
        var parts = Enumerable.Range(0, count).Select(_ => RandomValue(random, names, depth + 1));
        return kind == 0
            ? "[" + string.Join(",", parts) + "]"
            : "{" + string.Join(",", parts.Select(part => $"\"{names[random.Next(names.Length)]}\":{part}")) + "}";
    }

    private static int CountDuplicatedKeys(JsonElement value)
    {
        var count = 0;
        if (value.ValueKind == JsonValueKind.Object)
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var property in value.EnumerateObject())
            {
                seen[property.Name] = seen.GetValueOrDefault(property.Name) + 1;
                count += CountDuplicatedKeys(property.Value);
            }

            count += seen.Values.Count(n => n > 1);
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            count += value.EnumerateArray().Sum(CountDuplicatedKeys);
        }

        return count;
    }

    private static void AssertRefused(ToolCallResult result, TrackStub stub, string tool, params (string Field, string Message)[] expected)
    {
        Assert.True(result.IsError, result.ToJson());
        Assert.Empty(stub.Requests);
        var error = result.Content["error"]!;
        Assert.Equal("invalid_request_body", error["kind"]!.GetValue<string>());
        Assert.False(error["sent"]!.GetValue<bool>());
        Assert.StartsWith($"{tool} was not called: ", error["message"]!.GetValue<string>());
        var problems = error["problems"]!.AsArray()
            .Select(p => (p!["field"]!.GetValue<string>(), p["rule"]!.GetValue<string>(), p["message"]!.GetValue<string>()))
            .ToList();
        Assert.Equal(expected.Select(e => (e.Field, "duplicateKey", e.Message)).ToList(), problems);
    }
}
