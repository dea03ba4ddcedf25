using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using CustomerioTrack.Tools.Validation;
using Json.Schema;

namespace CustomerioTrack.Tools.Tests;

/// <summary>
/// The compiled validator gives the pass/fail answer for valid bodies, so it must agree with JsonSchema.Net (the reference
/// evaluator) on every body: checked on valid seeds for every tool and on thousands of random mutations of them.
/// </summary>
public sealed class CompiledSchemaTests
{
    private const string Ulid = "01ARZ3NDEKTSV4RRFFQ69G5FAV";

    // One or more valid bodies per tool with a body (asserted valid by the reference evaluator below).
    private static readonly (string Tool, string Body)[] Seeds =
    [
        ("UpdateOrAddPerson", """{"email":"a@b.io","created_at":1700000000,"plan":"pro","cio_relationships":{"action":"add_relationships","relationships":[{"identifiers":{"object_type_id":"1","object_id":"acme"},"relationship_attributes":{"role":"admin"}}]}}"""),
        ("UpdateOrAddPerson", """{"_update":true,"cio_subscription_preferences":{"topics":{"topic_1":true}}}"""),
        ("SendCustomerEvent", $$$"""{"name":"purchase","type":"event","id":"{{{Ulid}}}","timestamp":1700000000,"data":{"price":9.5,"recipient":"a@b.io"}}"""),
        ("TrackAnonymousEvent", """{"name":"https://example.com/","type":"page","anonymous_id":"anon-1","data":{"from_address":"x@y.io"}}"""),
        ("AddDeviceToCustomerProfile", """{"device":{"id":"tok-1","platform":"ios","last_used":1700000000,"attributes":{"device_os":"17","push_enabled":"true"}}}"""),
        ("AddPeopleToSegment", """{"ids":["1","2","3"]}"""),
        ("RemoveUserFromSegment", """{"ids":["a@b.io"]}"""),
        ("MergeCustomerProfiles", """{"primary":{"id":"1"},"secondary":{"email":"b@c.io"}}"""),
        ("MergeCustomerProfiles", """{"primary":{"cio_id":"f000"},"secondary":{"id":"2"}}"""),
        ("ReportPushMetrics", """{"delivery_id":"d-1","event":"opened","device_id":"tok","timestamp":1700000000}"""),
        ("ReportCustomMetrics", """{"delivery_id":"d-1","metric":"clicked","timestamp":1700000000,"href":"https://x","metadata":{"action_name":"a"}}"""),
        ("SubmitFormResponse", """{"data":{"email":"a@b.io","first_name":"Ann"}}"""),
        ("GlobalUnsubscribeUser", """{"unsubscribe":false}"""),
        ("ManageEntity", """{"type":"person","identifiers":{"id":"1"},"action":"identify","attributes":{"plan":"pro"},"cio_relationships":[{"identifiers":{"cio_object_id":"o1"}}]}"""),
        ("ManageEntity", $$$"""{"type":"person","identifiers":{"email":"a@b.io"},"action":"event","name":"signup","id":"{{{Ulid}}}","timestamp":1700000000,"attributes":{"k":1}}"""),
        ("ManageEntity", """{"type":"person","identifiers":{"phone":"+14155550100"},"action":"add_device","device":{"token":"t","platform":"android","last_used":1700000000}}"""),
        ("ManageEntity", """{"type":"object","identifiers":{"object_type_id":"1","object_id":"acme"},"action":"identify","attributes":{"name":"Acme"}}"""),
        ("ManageEntity", """{"type":"delivery","identifiers":{"id":"d-1"},"action":"event","name":"opened","attributes":{"device_token":"tok"}}"""),
        ("BatchProcessRequests", $$$"""
            {"batch":[
              {"type":"person","identifiers":{"id":"1"},"action":"identify","attributes":{"plan":"pro"}},
              {"type":"person","identifiers":{"cio_id":"abc"},"action":"event","name":"e","id":"{{{Ulid}}}"},
              {"type":"person","identifiers":{"id":"1"},"action":"delete"},
              {"type":"person","action":"merge","primary":{"id":"1"},"secondary":{"id":"2"}},
              {"type":"object","identifiers":{"object_type_id":"1","object_id":"a"},"action":"delete"},
              {"type":"object","identifiers":{"cio_object_id":"x"},"action":"add_relationships","cio_relationships":[{"identifiers":{"id":"1"}}]}
            ]}
            """),
    ];

    private static readonly string[] NamePool =
    [
        "id", "email", "phone", "cio_id", "type", "action", "name", "identifiers", "attributes", "timestamp", "data", "device",
        "token", "platform", "last_used", "object_type_id", "object_id", "cio_object_id", "cio_relationships", "primary",
        "secondary", "ids", "metric", "delivery_id", "unsubscribe", "anonymous_id", "batch", "recipient", "x", "_update",
    ];

    private static readonly string[] ValuePool =
    [
        "\"\"", "\"x\"", "\"person\"", "\"object\"", "\"delivery\"", "\"identify\"", "\"delete\"", "\"event\"", "\"page\"",
        "\"add_device\"", "\"merge\"", "\"ios\"", "\"windows\"", "\"true\"", "\"cio_abc\"", "\"+14155550100\"", "\"+0123\"",
        "\"" + Ulid + "\"", "\"" + Ulid[..25] + "\"", "\"not-an-email\"", "\"a@b.io\"", "\"e\\u0301\"",
        "\"" + new string('a', 150) + "\"", "\"" + new string('a', 151) + "\"", "\"" + string.Concat(Enumerable.Repeat("e\\u0301", 150)) + "\"",
        "\"" + string.Concat(Enumerable.Repeat("e\\u0301", 151)) + "\"", "\"\\ud83d\\udc4d\\ud83c\\udffd\"", "\"1\"", "\"0\"", "\"12\"",
        "0", "1", "-1", "1.0", "1.5", "1e2", "-0", "99999999999", "100000000000", "1700000000", "1700000000000", "1e30",
        "true", "false", "null", "[]", "[\"a\"]", "[1]", "{}", "{\"id\":\"1\"}", "{\"email\":\"a@b.io\"}", "{\"id\":\"1\",\"email\":\"a@b.io\"}",
        "{\"object_type_id\":\"1\",\"object_id\":\"a\"}", "{\"cio_object_id\":\"x\"}", "{\"object_type_id\":\"0\",\"object_id\":\"a\"}",
    ];

    [Fact]
    public void Every_tool_schema_is_covered_by_the_compiler()
    {
        foreach (var definition in TrackTools.AllDefinitions.Where(d => d.RequestBody is not null))
        {
            var schema = new RequestBodySchema(definition.RequestBody!.SchemaJson);
            Assert.True(schema.UncompiledReason is null, $"{definition.Name}: {schema.UncompiledReason} (extend CompiledSchema, or it falls back to the slow evaluator)");
        }
    }

    [Fact]
    public void Seeds_are_valid_and_both_evaluators_say_so()
    {
        Assert.Equal(
            TrackTools.AllDefinitions.Where(d => d.RequestBody is not null).Select(d => d.Name).Order(),
            Seeds.Select(s => s.Tool).Distinct().Order());
        foreach (var (tool, body) in Seeds)
        {
            var (compiled, reference) = Evaluate(tool, body);
            Assert.True(reference, $"{tool} seed is not valid: {body}");
            Assert.True(compiled, $"{tool} seed rejected by the compiled validator: {body}");
        }
    }

    [Fact]
    public void Compiled_validator_agrees_with_JsonSchema_Net_on_random_mutations()
    {
        var gen = Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Int[0, int.MaxValue].Array[1, 3]);
        var valid = 0;
        var invalid = 0;
        gen.Sample((seed, dice) =>
        {
            var json = Mutated(seed, dice);
            var (compiled, reference) = Evaluate(Seeds[seed].Tool, json);
            _ = reference ? Interlocked.Increment(ref valid) : Interlocked.Increment(ref invalid);

            // Exact agreement: a wrong "valid" would let bad input through, a wrong "invalid" would send a valid body
            // down the slow path (JsonSchema.Net on the whole body).
            return compiled == reference;
        }, iter: 6_000, print: t => $"{Seeds[t.Item1].Tool}: {Mutated(t.Item1, t.Item2)}");

        // The mutations must exercise both answers, or the agreement says little.
        Assert.True(valid > 300 && invalid > 3_000, $"valid {valid}, invalid {invalid}");
    }

    [Theory]
    [InlineData("""{"type":"integer"}""", "1.0", true)]
    [InlineData("""{"type":"integer"}""", "1e2", true)]
    [InlineData("""{"type":"integer"}""", "1.5", false)]
    [InlineData("""{"type":["string","null"]}""", "null", true)]
    [InlineData("""{"type":"string","maxLength":2}""", "\"e\u0301e\u0301\"", true)]
    [InlineData("""{"type":"string","minLength":2}""", "\"e\u0301\"", false)]
    [InlineData("""{"type":"string","format":"email"}""", "\"nope\"", false)]
    [InlineData("""{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string","format":"email"}""", "\"nope\"", true)]
    [InlineData("""{"type":"string","format":"email"}""", "\"ann.lee+news@mail.example.co\"", true)]
    [InlineData("""{"enum":[1,"a",null]}""", "1.0", true)]
    [InlineData("""{"const":{"a":[1,2]}}""", """{"a":[1,2]}""", true)]
    [InlineData("""{"const":{"a":[1,2]}}""", """{"a":[2,1]}""", false)]
    [InlineData("""{"exclusiveMinimum":0,"exclusiveMaximum":10}""", "0", false)]
    [InlineData("""{"exclusiveMinimum":0,"exclusiveMaximum":10}""", "9.99", true)]
    [InlineData("""{"anyOf":[{"type":"string"},{"type":"number"}],"not":{"const":3}}""", "3", false)]
    [InlineData("""{"allOf":[{"minimum":1},{"maximum":2}]}""", "1.5", true)]
    [InlineData("""{"$defs":{"tree":{"type":"object","properties":{"kids":{"type":"array","items":{"$ref":"#/$defs/tree"}}},"additionalProperties":false}},"$ref":"#/$defs/tree"}""", """{"kids":[{"kids":[]},{"kids":[{}]}]}""", true)]
    [InlineData("""{"$defs":{"tree":{"type":"object","properties":{"kids":{"type":"array","items":{"$ref":"#/$defs/tree"}}},"additionalProperties":false}},"$ref":"#/$defs/tree"}""", """{"kids":[{"kids":[{"x":1}]}]}""", false)]
    [InlineData("""{"properties":{"a/b":{"type":"string"}},"additionalProperties":false}""", """{"a/b":"x"}""", true)]
    [InlineData("""{"properties":{"a/b":{"type":"string"}},"additionalProperties":false}""", """{"a/b":1}""", false)]
    [InlineData("""{"oneOf":[{"type":"object","properties":{"k":{"enum":["a"]}},"required":["x"]},{"type":"object","properties":{"k":{"enum":["b"]}}}]}""", """{"k":"a","x":1}""", true)]
    [InlineData("""{"oneOf":[{"type":"object","properties":{"k":{"enum":["a"]}},"required":["x"]},{"type":"object","properties":{"k":{"enum":["b"]}}}]}""", """{"x":1}""", false)]
    [InlineData("""{"oneOf":[{"type":"object","properties":{"k":{"enum":["a"]}},"required":["x"]},{"type":"object","properties":{"k":{"enum":["b"]}}}]}""", """{"k":"c"}""", false)]
    [InlineData("""{"oneOf":[{"type":"object","properties":{"k":{"enum":["a"]}},"required":["x"]},{"type":"object","properties":{"k":{"enum":["b"]}}}]}""", """{"k":"b","x":1}""", true)]
    [InlineData("""{"oneOf":[{"type":"object","properties":{"k":{"enum":["a"]}},"required":["x"]},{"type":"object","properties":{"k":{"enum":["b"]}}}]}""", """["k"]""", false)]
    // oneOf dispatch tables: plain, escaped and non-string discriminator values; a value two alternatives admit; a
    // discriminator that is more than an enumeration (minLength); a missing discriminator.
    [InlineData("""{"oneOf":[{"type":"object","properties":{"t":{"enum":["p"]},"a":{"enum":["e","x"]}},"required":["t","a"]},{"type":"object","properties":{"t":{"enum":["p"]},"a":{"enum":["i"]}},"required":["t","a"]},{"type":"object","properties":{"t":{"enum":["o"]},"a":{"type":"string","minLength":2,"enum":["i","ii"]}},"required":["t"]},{"type":"object","properties":{"t":{"enum":["p","o"]},"a":{"enum":["x"]}}}]}""", """{"t":"p","a":"e"}""", true)]
    [InlineData("""{"oneOf":[{"type":"object","properties":{"t":{"enum":["p"]},"a":{"enum":["e","x"]}},"required":["t","a"]},{"type":"object","properties":{"t":{"enum":["p"]},"a":{"enum":["i"]}},"required":["t","a"]},{"type":"object","properties":{"t":{"enum":["o"]},"a":{"type":"string","minLength":2,"enum":["i","ii"]}},"required":["t"]},{"type":"object","properties":{"t":{"enum":["p","o"]},"a":{"enum":["x"]}}}]}""", """{"t":"p","a":"i"}""", true)]
    [InlineData("""{"oneOf":[{"type":"object","properties":{"t":{"enum":["p"]},"a":{"enum":["e","x"]}},"required":["t","a"]},{"type":"object","properties":{"t":{"enum":["p"]},"a":{"enum":["i"]}},"required":["t","a"]},{"type":"object","properties":{"t":{"enum":["o"]},"a":{"type":"string","minLength":2,"enum":["i","ii"]}},"required":["t"]},{"type":"object","properties":{"t":{"enum":["p","o"]},"a":{"enum":["x"]}}}]}""", """{"t":"p","a":"\u0065"}""", true)]
    [InlineData("""{"oneOf":[{"type":"object","properties":{"t":{"enum":["p"]},"a":{"enum":["e","x"]}},"required":["t","a"]},{"type":"object","properties":{"t":{"enum":["p"]},"a":{"enum":["i"]}},"required":["t","a"]},{"type":"object","properties":{"t":{"enum":["o"]},"a":{"type":"string","minLength":2,"enum":["i","ii"]}},"required":["t"]},{"type":"object","properties":{"t":{"enum":["p","o"]},"a":{"enum":["x"]}}}]}""", """{"t":"\u0070","a":"i"}""", true)]
    [InlineData("""{"oneOf":[{"type":"object","properties":{"t":{"enum":["p"]},"a":{"enum":["e","x"]}},"required":["t","a"]},{"type":"object","properties":{"t":{"enum":["p"]},"a":{"enum":["i"]}},"required":["t","a"]},{"type":"object","properties":{"t":{"enum":["o"]},"a":{"type":"string","minLength":2,"enum":["i","ii"]}},"required":["t"]},{"type":"object","properties":{"t":{"enum":["p","o"]},"a":{"enum":["x"]}}}]}""", """{"t":"p","a":"x"}""", false)]
    [InlineData("""{"oneOf":[{"type":"object","properties":{"t":{"enum":["p"]},"a":{"enum":["e","x"]}},"required":["t","a"]},{"type":"object","properties":{"t":{"enum":["p"]},"a":{"enum":["i"]}},"required":["t","a"]},{"type":"object","properties":{"t":{"enum":["o"]},"a":{"type":"string","minLength":2,"enum":["i","ii"]}},"required":["t"]},{"type":"object","properties":{"t":{"enum":["p","o"]},"a":{"enum":["x"]}}}]}""", """{"t":"o","a":"x"}""", true)]
    [InlineData("""{"oneOf":[{"type":"object","properties":{"t":{"enum":["p"]},"a":{"enum":["e","x"]}},"required":["t","a"]},{"type":"object","properties":{"t":{"enum":["p"]},"a":{"enum":["i"]}},"required":["t","a"]},{"type":"object","properties":{"t":{"enum":["o"]},"a":{"type":"string","minLength":2,"enum":["i","ii"]}},"required":["t"]},{"type":"object","properties":{"t":{"enum":["p","o"]},"a":{"enum":["x"]}}}]}""", """{"t":"o","a":"i"}""", false)]
    [InlineData("""{"oneOf":[{"type":"object","properties":{"t":{"enum":["p"]},"a":{"enum":["e","x"]}},"required":["t","a"]},{"type":"object","properties":{"t":{"enum":["p"]},"a":{"enum":["i"]}},"required":["t","a"]},{"type":"object","properties":{"t":{"enum":["o"]},"a":{"type":"string","minLength":2,"enum":["i","ii"]}},"required":["t"]},{"type":"object","properties":{"t":{"enum":["p","o"]},"a":{"enum":["x"]}}}]}""", """{"t":"o","a":"ii"}""", true)]
    [InlineData("""{"oneOf":[{"type":"object","properties":{"t":{"enum":["p"]},"a":{"enum":["e","x"]}},"required":["t","a"]},{"type":"object","properties":{"t":{"enum":["p"]},"a":{"enum":["i"]}},"required":["t","a"]},{"type":"object","properties":{"t":{"enum":["o"]},"a":{"type":"string","minLength":2,"enum":["i","ii"]}},"required":["t"]},{"type":"object","properties":{"t":{"enum":["p","o"]},"a":{"enum":["x"]}}}]}""", """{"t":"o"}""", false)]
    [InlineData("""{"oneOf":[{"type":"object","properties":{"t":{"enum":["p"]},"a":{"enum":["e","x"]}},"required":["t","a"]},{"type":"object","properties":{"t":{"enum":["p"]},"a":{"enum":["i"]}},"required":["t","a"]},{"type":"object","properties":{"t":{"enum":["o"]},"a":{"type":"string","minLength":2,"enum":["i","ii"]}},"required":["t"]},{"type":"object","properties":{"t":{"enum":["p","o"]},"a":{"enum":["x"]}}}]}""", """{"t":1,"a":"i"}""", false)]
    [InlineData("""{"oneOf":[{"type":"object","properties":{"t":{"enum":["p"]},"a":{"enum":["e","x"]}},"required":["t","a"]},{"type":"object","properties":{"t":{"enum":["p"]},"a":{"enum":["i"]}},"required":["t","a"]},{"type":"object","properties":{"t":{"enum":["o"]},"a":{"type":"string","minLength":2,"enum":["i","ii"]}},"required":["t"]},{"type":"object","properties":{"t":{"enum":["p","o"]},"a":{"enum":["x"]}}}]}""", """{"t":"p","a":1}""", false)]
    [InlineData("""{"oneOf":[{"type":"object","properties":{"t":{"enum":["p"]},"a":{"enum":["e","x"]}},"required":["t","a"]},{"type":"object","properties":{"t":{"enum":["p"]},"a":{"enum":["i"]}},"required":["t","a"]},{"type":"object","properties":{"t":{"enum":["o"]},"a":{"type":"string","minLength":2,"enum":["i","ii"]}},"required":["t"]},{"type":"object","properties":{"t":{"enum":["p","o"]},"a":{"enum":["x"]}}}]}""", """{"t":"q","a":"e"}""", false)]
    [InlineData("""{"oneOf":[{"type":"object","properties":{"t":{"enum":["p"]},"a":{"enum":["e","x"]}},"required":["t","a"]},{"type":"object","properties":{"t":{"enum":["p"]},"a":{"enum":["i"]}},"required":["t","a"]},{"type":"object","properties":{"t":{"enum":["o"]},"a":{"type":"string","minLength":2,"enum":["i","ii"]}},"required":["t"]},{"type":"object","properties":{"t":{"enum":["p","o"]},"a":{"enum":["x"]}}}]}""", """{"a":"x"}""", true)]
    // required: declared properties ticked off while reading, the others looked up; escaped names; duplicates.
    [InlineData("""{"properties":{"a":{"type":"integer"}},"required":["a","b","a"]}""", """{"a":1,"b":2}""", true)]
    [InlineData("""{"properties":{"a":{"type":"integer"}},"required":["a","b","a"]}""", """{"b":2,"a":1}""", true)]
    [InlineData("""{"properties":{"a":{"type":"integer"}},"required":["a","b","a"]}""", """{"a":1}""", false)]
    [InlineData("""{"properties":{"a":{"type":"integer"}},"required":["a","b","a"]}""", """{"b":1}""", false)]
    [InlineData("""{"properties":{"a":{"type":"integer"}},"required":["a","b","a"]}""", """{"\u0061":1,"b":null}""", true)]
    [InlineData("""{"properties":{"a":{"type":"integer"}},"required":["a","b","a"]}""", """{"a":"x","b":1}""", false)]
    // Bare $ref chains are linked past; a $ref with sibling keywords keeps them.
    [InlineData("""{"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"type":"string","maxLength":2}},"properties":{"x":{"$ref":"#/$defs/a"}}}""", """{"x":"abc"}""", false)]
    [InlineData("""{"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"type":"string","maxLength":2}},"properties":{"x":{"$ref":"#/$defs/a"}}}""", """{"x":"ab"}""", true)]
    [InlineData("""{"$defs":{"s":{"type":"string"}},"properties":{"x":{"$ref":"#/$defs/s","maxLength":2}}}""", """{"x":"abc"}""", false)]
    [InlineData("""{"$defs":{"s":{"type":"string"}},"properties":{"x":{"$ref":"#/$defs/s","maxLength":2}}}""", """{"x":1}""", false)]
    [InlineData("""{"$defs":{"root":{"$ref":"#/$defs/obj"},"obj":{"type":"object","required":["k"]}},"$ref":"#/$defs/root"}""", """{}""", false)]
    [InlineData("""{"$defs":{"root":{"$ref":"#/$defs/obj"},"obj":{"type":"object","required":["k"]}},"$ref":"#/$defs/root"}""", """{"k":0}""", true)]
    [InlineData("false", "{}", false)]
    [InlineData("true", "{}", true)]
    public void Edge_cases_match_the_reference(string schemaJson, string instanceJson, bool expected)
    {
        using var schemaDocument = JsonDocument.Parse(schemaJson);
        using var instance = JsonDocument.Parse(instanceJson);
        var compiled = CompiledSchema.TryCompile(schemaDocument.RootElement, out var unsupported);
        Assert.Null(unsupported);

        Assert.Equal(expected, JsonSchema.FromText(schemaJson, LocalRegistry()).Evaluate(instance.RootElement).IsValid);
        Assert.Equal(expected, compiled!.IsValid(instance.RootElement));
    }

    [Fact]
    public void A_keyword_outside_the_compiled_set_falls_back_to_JsonSchema_Net_and_says_where()
    {
        const string schemaJson = """{"type":"object","properties":{"tags":{"type":"array","uniqueItems":true}}}""";
        using var document = JsonDocument.Parse(schemaJson);

        Assert.Null(CompiledSchema.TryCompile(document.RootElement, out var unsupported));
        Assert.Equal("/properties/tags/uniqueItems: keyword 'uniqueItems' is not compiled", unsupported);

        var schema = new RequestBodySchema(schemaJson);
        Assert.Equal(unsupported, schema.UncompiledReason);
        using var duplicate = JsonDocument.Parse("""{"tags":["a","a"]}""");
        var problem = Assert.Single(schema.Validate(duplicate.RootElement));
        Assert.Equal("request_body/tags", problem.Field);
        using var distinct = JsonDocument.Parse("""{"tags":["a","b"]}""");
        Assert.Empty(schema.Validate(distinct.RootElement));
    }

    [Fact]
    public void An_email_the_compiled_check_accepts_is_one_JsonSchema_Net_accepts()
    {
        // The compiled email check is deliberately narrow: what it accepts must be accepted by the reference too; what it
        // refuses goes to the reference for the final word (so a refusal only costs time).
        const string schemaJson = """{"type":"string","format":"email"}""";
        using var document = JsonDocument.Parse(schemaJson);
        var compiled = CompiledSchema.TryCompile(document.RootElement, out _)!;
        var reference = JsonSchema.FromText(schemaJson, LocalRegistry());
        var accepted = 0;
        var piece = Gen.Frequency((8, Gen.Char["abcXYZ019_+-"]), (1, Gen.Char["!#$%&'*/=?^`{|}~\"() ,:;<>[]éß@."]))
            .Array[1, 8].Select(c => new string(c));
        var topLevel = Gen.Frequency((4, Gen.Char["abcxyz"].Array[2, 5].Select(c => new string(c))), (1, piece));
        Gen.Select(piece.Array[1, 3], piece.Array[1, 3], topLevel, (local, domain, top) => string.Join('.', local) + "@" + string.Join('.', domain) + "." + top)
            .Sample(text =>
            {
                var instance = JsonSerializer.SerializeToElement(text);
                if (!compiled.IsValid(instance))
                {
                    return true;
                }

                Interlocked.Increment(ref accepted);
                return reference.Evaluate(instance).IsValid;
            }, iter: 20_000);
        Assert.True(accepted > 200, $"only {accepted} generated addresses had the plain shape");
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (CompiledSchema Compiled, JsonSchema Reference)> Schemas = new();

    // A registry per schema, as RequestBodySchema does: JsonSchema.Net's global one is not safe under parallel test classes.
    private static BuildOptions LocalRegistry() => new() { SchemaRegistry = new SchemaRegistry() };

    private static (bool Compiled, bool Reference) Evaluate(string tool, string body)
    {
        var (compiled, reference) = Schemas.GetOrAdd(tool, static name =>
        {
            var json = TrackTools.AllDefinitions.Single(d => d.Name == name).RequestBody!.SchemaJson;
            using var document = JsonDocument.Parse(json);
            return (CompiledSchema.TryCompile(document.RootElement.Clone(), out _)!, JsonSchema.FromText(json, LocalRegistry()));
        });
        using var instance = JsonDocument.Parse(body);
        bool valid;
        lock (Schemas)
        {
            // One at a time: JsonSchema.Net's schema registry is not safe for concurrent evaluation (see RequestBodySchema).
            valid = reference.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Flag }).IsValid;
        }

        return (compiled.IsValid(instance.RootElement), valid);
    }

    private static string Mutated(int seed, int[] dice)
    {
        var body = JsonNode.Parse(Seeds[seed].Body)!;
        foreach (var die in dice)
        {
            body = Mutate(body, die);
        }

        return body.ToJsonString();
    }

    // One small random change somewhere in the tree: replace a value, drop or add a property, grow or empty an array.
    private static JsonNode Mutate(JsonNode root, int die)
    {
        var containers = new List<JsonNode> { root };
        Collect(root, containers);
        var target = containers[die % containers.Count];
        var pick = die / containers.Count;
        var value = JsonNode.Parse(ValuePool[pick % ValuePool.Length]);
        switch (target)
        {
            case JsonObject obj when obj.Count > 0 && pick % 4 == 0:
                obj.Remove(obj.ElementAt(pick / 4 % obj.Count).Key);
                break;
            case JsonObject obj when pick % 4 == 1:
                obj[NamePool[pick / 4 % NamePool.Length]] = value;
                break;
            case JsonObject obj when obj.Count > 0:
                obj[obj.ElementAt(pick / 4 % obj.Count).Key] = value;
                break;
            case JsonArray array when array.Count > 0 && pick % 3 == 0:
                array.Add(array[pick / 3 % array.Count]?.DeepClone());
                break;
            case JsonArray array when pick % 3 == 1:
                array.Clear();
                break;
            case JsonArray array when array.Count > 0:
                array[pick / 3 % array.Count] = value;
                break;
        }

        return root;
    }

    private static void Collect(JsonNode node, List<JsonNode> containers)
    {
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject obj => obj.Select(p => p.Value),
            JsonArray array => array,
            _ => [],
        };
        foreach (var child in children)
        {
            if (child is JsonObject or JsonArray)
            {
                containers.Add(child);
                Collect(child, containers);
            }
        }
    }
}

/// <summary>JsonSchema.Net explains failures; many toolsets doing so at once must neither throw nor mix up answers.</summary>
public sealed class ConcurrentExplanationTests
{
    [Fact]
    public async Task Invalid_bodies_explained_in_parallel_across_fresh_toolsets_all_get_their_own_problem()
    {
        var cases = new (string Tool, string Arguments, string Field)[]
        {
            ("UpdateOrAddPerson", """{"mode":"execute","person_identifier":"1","request_body":{"id":""}}""", "request_body/id"),
            ("ManageEntity", """{"mode":"execute","request_body":{"type":"person","identifiers":{"phone":"555"},"action":"delete"}}""", "request_body/identifiers/phone"),
            ("BatchProcessRequests", """{"mode":"execute","request_body":{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"event"}]}}""", "request_body/batch/0"),
            ("MergeCustomerProfiles", """{"mode":"execute","request_body":{"primary":{},"secondary":{"id":"2"}}}""", "request_body/primary"),
        };
        var client = CustomerioTrack.Client.TrackClientFactory.Create(new CustomerioTrack.Client.TrackClientOptions { SiteId = "s", ApiKey = "k", BaseUrl = new Uri("http://127.0.0.1:9/") });

        var fields = new System.Collections.Concurrent.ConcurrentBag<(string Expected, string Actual)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var (tool, arguments, field) = cases[i % cases.Length];
            var tools = TrackTools.Create(client, new TrackToolsOptions { DryRun = true });
            var result = await tools.InvokeAsync(tool, arguments);
            fields.Add((field, result.Content["error"]?["problems"]?[0]?["field"]?.GetValue<string>() ?? result.ToJson()));
        });

        Assert.Equal(200, fields.Count);
        Assert.All(fields, f => Assert.Equal(f.Expected, f.Actual));
    }
}
