using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerioTrack.Tools.Tests.Support;
using Microsoft.Extensions.AI;

namespace CustomerioTrack.Tools.Tests;

/// <summary>
/// The AI functions take arguments in every shape chat clients and function-invocation middleware hand over
/// (JsonElement, boxed primitives, JsonNode, dictionaries, lists, null) and send exactly what the MCP path sends for the
/// same JSON, or answer with a tool error naming the argument.
/// </summary>
public sealed class AIFunctionArgumentTests
{
    // The MCP path: arguments by name as JsonElements parsed from the JSON text.
    private static async Task<(string Line, string? Body, ToolCallResult Result)> ViaMcpAsync(string tool, string argumentsJson)
    {
        using var stub = new TrackStub();
        using var document = JsonDocument.Parse(argumentsJson);
        var byName = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        var result = await stub.Tools.InvokeAsync(tool, byName);
        var requests = stub.Requests;
        return (string.Join("\n", stub.Tap.RequestLines), requests.Count == 1 ? requests[0].Body : null, result);
    }

    private static async Task<(string Line, string? Body, JsonElement Result)> ViaAIAsync(string tool, AIFunctionArguments arguments, CancellationToken cancellationToken = default)
    {
        using var stub = new TrackStub();
        var function = stub.Tools.AsAIFunctions().Single(f => f.Name == tool);
        var answer = await function.InvokeAsync(arguments, cancellationToken);
        var requests = stub.Requests;
        return (string.Join("\n", stub.Tap.RequestLines), requests.Count == 1 ? requests[0].Body : null, Assert.IsType<JsonElement>(answer));
    }

    private static void SameRequest(string mcpLine, string? mcpBody, string aiLine, string? aiBody)
    {
        Assert.Equal(mcpLine, aiLine);
        Assert.Equal(mcpBody, aiBody);
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public async Task A_parsed_body_next_to_a_plain_string_goes_out_byte_for_byte()
    {
        const string body = """{"plan" : "pro",  "seats":5.0}""";
        var mcp = await ViaMcpAsync("UpdateOrAddPerson", $$"""{"mode":"execute","person_identifier":"ann@example.com","request_body":{{body}}}""");

        var ai = await ViaAIAsync("UpdateOrAddPerson", new AIFunctionArguments
        {
            ["mode"] = "execute",
            ["person_identifier"] = "ann@example.com",
            ["request_body"] = Json(body),
        });

        Assert.Equal(body, mcp.Body);
        SameRequest(mcp.Line, mcp.Body, ai.Line, ai.Body);
    }

    public static TheoryData<string, object?> SegmentIds => new()
    {
        { "7", 7 },
        { "7", 7L },
        { "7", 7.0 },
        { "7", 7m },
        { "7", 7.0m },
        { "7", "7" },
        { "7", (short)7 },
        { "7", (byte)7 },
        { "7", 7u },
        { "7", 7f },
        { "7", Json("7") },
        { "7", JsonValue.Create(7) },
        { "2147483647", int.MaxValue },
        { "0", 0L },
    };

    [Theory]
    [MemberData(nameof(SegmentIds))]
    public async Task An_integer_in_any_boxed_or_parsed_form_is_the_same_request(string json, object? value)
    {
        var mcp = await ViaMcpAsync("AddPeopleToSegment", $$"""{"mode":"execute","segment_identifier":{{json}},"identifier_type":"email","request_body":"{\"ids\":[\"a@b.c\"]}"}""");

        var ai = await ViaAIAsync("AddPeopleToSegment", new AIFunctionArguments
        {
            ["mode"] = "execute",
            ["segment_identifier"] = value,
            ["identifier_type"] = "email",
            ["request_body"] = """{"ids":["a@b.c"]}""",
        });

        Assert.False(mcp.Result.IsError, mcp.Result.ToJson());
        SameRequest(mcp.Line, mcp.Body, ai.Line, ai.Body);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(7.5)]
    public async Task A_number_that_is_no_integer_is_a_tool_error_naming_the_argument(double value)
    {
        var ai = await ViaAIAsync("AddPeopleToSegment", new AIFunctionArguments
        {
            ["mode"] = "execute",
            ["segment_identifier"] = value,
            ["request_body"] = """{"ids":["42"]}""",
        });

        Assert.Equal("", ai.Line);
        var problem = ai.Result.GetProperty("error").GetProperty("problems")[0];
        Assert.Equal("segment_identifier", problem.GetProperty("field").GetString());
    }

    // Reflection-based serialization writes a BigInteger as its public properties ({"isPowerOfTwo":false,...,"sign":1}),
    // which the body schema accepts: it must go out as the number it is.
    [Fact]
    public async Task A_big_integer_goes_out_as_its_number()
    {
        const string digits = "123456789012345678901234567890";
        var mcp = await ViaMcpAsync("UpdateOrAddPerson", """{"mode":"execute","person_identifier":"42","request_body":{"lifetime_value":""" + digits + ""","seats":{"count":-5}}}""");

        var ai = await ViaAIAsync("UpdateOrAddPerson", new AIFunctionArguments
        {
            ["mode"] = "execute",
            ["person_identifier"] = "42",
            ["request_body"] = new Dictionary<string, object?>
            {
                ["lifetime_value"] = System.Numerics.BigInteger.Parse(digits, System.Globalization.CultureInfo.InvariantCulture),
                ["seats"] = new JsonObject { ["count"] = JsonValue.Create(new System.Numerics.BigInteger(-5)) },
            },
        });

        Assert.Equal("""{"lifetime_value":""" + digits + ""","seats":{"count":-5}}""", ai.Body);
        SameRequest(mcp.Line, mcp.Body, ai.Line, ai.Body);
    }

    [Fact]
    public async Task A_big_integer_identifier_is_the_same_request()
    {
        var mcp = await ViaMcpAsync("AddPeopleToSegment", """{"mode":"execute","segment_identifier":7,"identifier_type":"email","request_body":"{\"ids\":[\"a@b.c\"]}"}""");

        var ai = await ViaAIAsync("AddPeopleToSegment", new AIFunctionArguments
        {
            ["mode"] = "execute",
            ["segment_identifier"] = new System.Numerics.BigInteger(7),
            ["identifier_type"] = "email",
            ["request_body"] = """{"ids":["a@b.c"]}""",
        });

        Assert.False(mcp.Result.IsError, mcp.Result.ToJson());
        SameRequest(mcp.Line, mcp.Body, ai.Line, ai.Body);
    }

    public static TheoryData<string, string> NonFiniteNodes => new()
    {
        { "double NaN", "NaN" },
        { "double Infinity", "Infinity" },
        { "float -Infinity", "-Infinity" },
        { "Half NaN", "NaN" },
        { "boxed Half Infinity", "Infinity" },
    };

    private static object NonFinite(string label) => label switch
    {
        "double NaN" => JsonValue.Create(double.NaN),
        "double Infinity" => new JsonObject { ["score"] = double.PositiveInfinity },
        "float -Infinity" => new JsonObject { ["score"] = JsonValue.Create(float.NegativeInfinity) },
        "Half NaN" => new JsonObject { ["score"] = JsonValue.Create(Half.NaN) },
        _ => new Dictionary<string, object?> { ["score"] = Half.PositiveInfinity },
    };

    // System.Text.Json throws writing such a value held in a JsonNode (ArgumentException; for Half a JsonException
    // when the written "NaN" is read back): a tool error, as for a boxed double.
    [Theory]
    [MemberData(nameof(NonFiniteNodes))]
    public async Task A_non_finite_number_in_a_node_is_a_tool_error_naming_the_argument(string label, string spelled)
    {
        var ai = await ViaAIAsync("UpdateOrAddPerson", new AIFunctionArguments
        {
            ["mode"] = "execute",
            ["person_identifier"] = "42",
            ["request_body"] = NonFinite(label),
        });

        Assert.Equal("", ai.Line);
        var problem = ai.Result.GetProperty("error").GetProperty("problems")[0];
        Assert.Equal("request_body", problem.GetProperty("field").GetString());
        Assert.Equal($"'request_body' is {spelled}, which is not a JSON number; give a finite number", problem.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_half_goes_out_as_its_shortest_number()
    {
        var ai = await ViaAIAsync("UpdateOrAddPerson", new AIFunctionArguments
        {
            ["mode"] = "execute",
            ["person_identifier"] = "42",
            ["request_body"] = new Dictionary<string, object?> { ["ratio"] = (Half)0.1, ["score"] = JsonValue.Create((Half)(-1.5)), ["tiny"] = Half.Epsilon },
        });

        Assert.Equal("""{"ratio":0.1,"score":-1.5,"tiny":6E-08}""", ai.Body);
    }

    // A char is written as a one-character string; a lone surrogate would go out as U+FFFD, another value than given.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_char_that_is_a_lone_surrogate_is_a_tool_error_not_a_replacement_character(bool inNode)
    {
        var ai = await ViaAIAsync("UpdateOrAddPerson", new AIFunctionArguments
        {
            ["mode"] = "execute",
            ["person_identifier"] = "42",
            ["request_body"] = inNode
                ? new JsonObject { ["initial"] = JsonValue.Create('\ud800') }
                : new Dictionary<string, object?> { ["initial"] = '\ud800' },
        });

        Assert.Equal("", ai.Line);
        var problem = ai.Result.GetProperty("error").GetProperty("problems")[0];
        Assert.Equal("request_body", problem.GetProperty("field").GetString());
        Assert.Equal("'request_body' holds a lone UTF-16 surrogate at index 0 of a string; give well-formed text", problem.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_char_goes_out_as_a_one_character_string()
    {
        var ai = await ViaAIAsync("UpdateOrAddPerson", new AIFunctionArguments
        {
            ["mode"] = "execute",
            ["person_identifier"] = "42",
            ["request_body"] = new Dictionary<string, object?> { ["initial"] = 'é', ["grade"] = JsonValue.Create('A') },
        });

        Assert.Equal("""{"initial":"é","grade":"A"}""", ai.Body);
    }

    [Fact]
    public async Task A_value_of_a_type_json_cannot_carry_is_a_tool_error_naming_the_argument()
    {
        var ai = await ViaAIAsync("UpdateOrAddPerson", new AIFunctionArguments
        {
            ["mode"] = "execute",
            ["person_identifier"] = "42",
            ["request_body"] = typeof(string),
        });

        Assert.Equal("", ai.Line);
        var error = ai.Result.GetProperty("error");
        Assert.Equal("request_body", error.GetProperty("problems")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_string_with_a_lone_surrogate_is_the_same_error_as_over_mcp()
    {
        var mcp = await ViaMcpAsync("DeleteCustomer", """{"customer_identifier":"a\ud800b"}""");

        var ai = await ViaAIAsync("DeleteCustomer", new AIFunctionArguments { ["customer_identifier"] = "a\ud800b" });

        Assert.True(mcp.Result.IsError, mcp.Result.ToJson());
        Assert.Equal("", ai.Line);
        Assert.Equal("customer_identifier", ai.Result.GetProperty("error").GetProperty("problems")[0].GetProperty("field").GetString());
    }

    public static TheoryData<object> LoneSurrogateBodies => new()
    {
        new JsonObject { ["plan"] = "a\ud800b" },
        new JsonObject { ["a\udc00"] = "pro" },
        new Dictionary<string, object?> { ["tags"] = new List<object?> { "\ud83d" } },
        JsonNode.Parse("""{"plan":"a\ud800b"}""")!,
        new JsonObject { ["plan"] = JsonNode.Parse("\"a\\ud800b\"") },
    };

    [Theory]
    [MemberData(nameof(LoneSurrogateBodies))]
    public async Task A_body_with_a_lone_surrogate_is_a_tool_error_not_a_replacement_character(object body)
    {
        var ai = await ViaAIAsync("UpdateOrAddPerson", new AIFunctionArguments { ["mode"] = "execute", ["person_identifier"] = "42", ["request_body"] = body });

        Assert.Equal("", ai.Line);
        Assert.Equal("request_body", ai.Result.GetProperty("error").GetProperty("problems")[0].GetProperty("field").GetString());
    }

    public static TheoryData<object, string> ApplicationObjectsJsonCannotCarry => new()
    {
        { new { plan = "a\ud800b" }, "'request_body' holds a lone UTF-16 surrogate at index 1 of a string; give well-formed text" },
        { new { tags = new Dictionary<string, int> { ["a\udc00"] = 1 } }, "'request_body' holds a lone UTF-16 surrogate at index 1 of a key; give well-formed text" },
        { new { initial = '\ud800' }, "'request_body' holds a lone UTF-16 surrogate at index 0 of a string; give well-formed text" },
        { new { nested = new List<object> { "ok", "\udfff" } }, "'request_body' holds a lone UTF-16 surrogate at index 0 of a string; give well-formed text" },
        { (Plan: "pro", Seats: 3), "'request_body' is a ValueTuple`2, which has no properties to write as JSON (fields are not written); give an object with properties, a dictionary, a string, number, boolean or array" },
    };

    [Theory]
    [MemberData(nameof(ApplicationObjectsJsonCannotCarry))]
    public async Task An_application_object_json_cannot_carry_as_given_is_a_tool_error_and_nothing_is_sent(object body, string message)
    {
        var ai = await ViaAIAsync("UpdateOrAddPerson", new AIFunctionArguments { ["mode"] = "execute", ["person_identifier"] = "42", ["request_body"] = body });

        Assert.Equal("", ai.Line);
        var problem = ai.Result.GetProperty("error").GetProperty("problems")[0];
        Assert.Equal(("request_body", "type", message), (problem.GetProperty("field").GetString(), problem.GetProperty("rule").GetString(), problem.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task An_application_object_goes_out_with_its_big_integers_as_numbers_and_its_text_as_given()
    {
        const string digits = "123456789012345678901234567890";

        var ai = await ViaAIAsync("UpdateOrAddPerson", new AIFunctionArguments
        {
            ["mode"] = "execute",
            ["person_identifier"] = "42",
            ["request_body"] = new { lifetime_value = System.Numerics.BigInteger.Parse(digits, System.Globalization.CultureInfo.InvariantCulture), plan = "pro 🚀", tags = new Dictionary<string, object> { ["é"] = 'x' } },
        });

        // The writer escapes characters beyond the BMP (\uD83D\uDE80): the same text, read back.
        using var body = JsonDocument.Parse(ai.Body!);
        Assert.Equal(digits, body.RootElement.GetProperty("lifetime_value").GetRawText());
        Assert.Equal("pro 🚀", body.RootElement.GetProperty("plan").GetString());
        Assert.Equal("x", body.RootElement.GetProperty("tags").GetProperty("é").GetString());
        Assert.Equal(["lifetime_value", "plan", "tags"], body.RootElement.EnumerateObject().Select(p => p.Name));
    }

    public static TheoryData<object?> Flags => new() { false, "false", "FALSE", Json("false"), JsonValue.Create(false) };

    [Theory]
    [MemberData(nameof(Flags))]
    public async Task A_boolean_in_any_form_is_the_same_request(object? flag)
    {
        var mcp = await ViaMcpAsync("GlobalUnsubscribeUser", """{"delivery_id_for_unsubscription":"d/1","set_unsubscribed_attribute":false}""");

        var ai = await ViaAIAsync("GlobalUnsubscribeUser", new AIFunctionArguments
        {
            ["delivery_id_for_unsubscription"] = "d/1",
            ["set_unsubscribed_attribute"] = flag,
        });

        SameRequest(mcp.Line, mcp.Body, ai.Line, ai.Body);
    }

    public static TheoryData<object> Bodies => new()
    {
        new JsonObject { ["plan"] = "pro", ["tags"] = new JsonArray("a", null, 3), ["x"] = null, ["note"] = "é<>&'\"\u2028😀" },
        new Dictionary<string, object?> { ["plan"] = "pro", ["tags"] = new List<object?> { "a", null, 3L }, ["x"] = null, ["note"] = "é<>&'\"\u2028😀" },
        (IDictionary<string, object?>)new Dictionary<string, object?> { ["plan"] = "pro", ["tags"] = new object?[] { "a", null, 3 }, ["x"] = null, ["note"] = "é<>&'\"\u2028😀" },
        new Dictionary<string, object?> { ["plan"] = Json("\"pro\""), ["tags"] = Json("""["a",null,3]"""), ["x"] = null, ["note"] = JsonValue.Create("é<>&'\"\u2028😀") },
        """{"plan":"pro","tags":["a",null,3],"x":null,"note":"é<>&'\"\u2028\uD83D\uDE00"}""",
    };

    // A value with no JSON text of its own goes out compact, in System.Text.Json's relaxed spelling (a character outside
    // the Basic Multilingual Plane as a \u surrogate pair): the MCP path given that text sends the same bytes.
    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_body_as_node_dictionary_or_json_text_is_the_same_request(object body)
    {
        var mcp = await ViaMcpAsync("UpdateOrAddPerson", """{"mode":"execute","person_identifier":"a b","request_body":{"plan":"pro","tags":["a",null,3],"x":null,"note":"é<>&'\"\u2028\uD83D\uDE00"}}""");

        var ai = await ViaAIAsync("UpdateOrAddPerson", new AIFunctionArguments
        {
            ["mode"] = JsonValue.Create("execute"),
            ["person_identifier"] = "a b",
            ["request_body"] = body,
        });

        Assert.False(mcp.Result.IsError, mcp.Result.ToJson());
        SameRequest(mcp.Line, mcp.Body, ai.Line, ai.Body);
    }

    [Fact]
    public async Task A_list_for_the_body_is_the_same_error_as_over_mcp()
    {
        var mcp = await ViaMcpAsync("UpdateOrAddPerson", """{"mode":"execute","person_identifier":"42","request_body":["a"]}""");

        var ai = await ViaAIAsync("UpdateOrAddPerson", new AIFunctionArguments
        {
            ["mode"] = "execute",
            ["person_identifier"] = "42",
            ["request_body"] = new List<string> { "a" },
        });

        Assert.True(mcp.Result.IsError);
        Assert.Equal("", ai.Line);
        JsonAssert.Equal(mcp.Result.ToJson(), ai.Result.GetRawText());
    }

    [Fact]
    public async Task An_undefined_json_element_is_a_tool_error_or_left_out_not_an_exception()
    {
        var ai = await ViaAIAsync("AddPeopleToSegment", new AIFunctionArguments
        {
            ["mode"] = Json("\"execute\""),
            ["segment_identifier"] = Json("7"),
            ["identifier_type"] = default(JsonElement),
            ["request_body"] = Json("""{"ids":["42"]}"""),
        });

        Assert.Equal(JsonValueKind.Object, ai.Result.ValueKind);
    }

    [Fact]
    public async Task Parameter_names_are_matched_exactly_as_over_mcp()
    {
        var mcp = await ViaMcpAsync("DeleteCustomer", """{"Customer_Identifier":"42"}""");

        var ai = await ViaAIAsync("DeleteCustomer", new AIFunctionArguments(new Dictionary<string, object?> { ["Customer_Identifier"] = "42" }, StringComparer.OrdinalIgnoreCase));

        Assert.True(mcp.Result.IsError);
        Assert.Equal("", ai.Line);
        JsonAssert.Equal(mcp.Result.ToJson(), ai.Result.GetRawText());
    }

    [Fact]
    public async Task Cancellation_reaches_the_call()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ViaAIAsync("DeleteCustomer", new AIFunctionArguments { ["customer_identifier"] = "42" }, cancelled.Token));
    }

    // A chat client's token cancelled while the request waits for Customer.io ends the call then, as an
    // OperationCanceledException (what function-invocation middleware expects), not as a tool result after the answer.
    [Fact]
    public async Task Cancellation_during_the_request_ends_the_call()
    {
        using var stub = new TrackStub();
        stub.Server.Reset();
        stub.Server.Given(WireMock.RequestBuilders.Request.Create().UsingAnyMethod())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithBody("{}").WithDelay(TimeSpan.FromSeconds(20)));
        var function = stub.Tools.AsAIFunctions().Single(f => f.Name == "DeleteCustomer");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await function.InvokeAsync(new AIFunctionArguments { ["customer_identifier"] = "42" }, cancellation.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal("DELETE /api/v1/customers/42", string.Join("\n", stub.Tap.RequestLines));
    }

    [Fact]
    public void Each_function_has_the_tool_name_description_and_schema()
    {
        using var stub = new TrackStub();
        foreach (var function in stub.Tools.AsAIFunctions())
        {
            var definition = stub.Tools.Find(function.Name)!;
            Assert.Equal(definition.Description, function.Description);
            Assert.Equal(definition.InputSchemaJson, function.JsonSchema.GetRawText());
        }
    }
}
