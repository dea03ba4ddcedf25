using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerioTrack.Tools.Tests.Support;
using Json.Schema;
using Xunit.Abstractions;

namespace CustomerioTrack.Tools.Tests;

/// <summary>The schemas get_request_schema returns: valid JSON Schema 2020-12, self-contained, free of OpenAPI noise, small.</summary>
public sealed class SchemaTests(ITestOutputHelper output)
{
    public static TheoryData<string> ToolsWithBodies => new(TrackTools.AllDefinitions.Where(d => d.RequestBody is not null).Select(d => d.Name));

    [Theory]
    [MemberData(nameof(ToolsWithBodies))]
    public void Every_body_schema_is_a_valid_self_contained_2020_12_schema(string tool)
    {
        var definition = TrackTools.AllDefinitions.Single(d => d.Name == tool);
        var json = definition.RequestBody!.SchemaJson;
        using var document = JsonDocument.Parse(json);

        var meta = MetaSchemas.Draft202012.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(meta.IsValid, string.Join("\n", (meta.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", document.RootElement.GetProperty("$schema").GetString());
        Assert.DoesNotContain("#/components", json, StringComparison.Ordinal);
        var keys = AllKeys(JsonNode.Parse(json)!).ToList();
        Assert.DoesNotContain("discriminator", keys);
        Assert.DoesNotContain("example", keys);
        Assert.DoesNotContain(keys, k => k.StartsWith("x-", StringComparison.Ordinal));
        foreach (var reference in AllRefs(JsonNode.Parse(json)!))
        {
            Assert.StartsWith("#/$defs/", reference);
            Assert.True(document.RootElement.GetProperty("$defs").TryGetProperty(reference["#/$defs/".Length..], out _), $"{reference} does not resolve");
        }
    }

    [Fact]
    public void Every_schema_is_at_most_10_KB_and_sizes_are_reported()
    {
        foreach (var definition in TrackTools.AllDefinitions.Where(d => d.RequestBody is not null).OrderByDescending(d => d.RequestBody!.SchemaJson.Length))
        {
            var bytes = System.Text.Encoding.UTF8.GetByteCount(definition.RequestBody!.SchemaJson);
            output.WriteLine($"{definition.Name,-28} {bytes,6} bytes");
            Assert.True(bytes <= 10 * 1024, $"{definition.Name} schema is {bytes} bytes");
        }
    }

    [Fact]
    public async Task Get_request_schema_returns_the_schema_as_a_json_object_with_instructions()
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("ManageEntity", """{"mode":"get_request_schema"}""");

        Assert.False(result.IsError);
        var schema = Assert.IsType<JsonObject>(result.Content["request_body_schema"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(TrackTools.AllDefinitions.Single(d => d.Name == "ManageEntity").RequestBody!.SchemaJson), schema));
        Assert.Equal(
            "Build request_body as a JSON object that satisfies request_body_schema, then call ManageEntity again with mode=\"execute\" and request_body. Do not request the schema again.",
            result.Content["instructions"]!.GetValue<string>());
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Get_request_schema_instructions_name_the_other_parameters()
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("AddPeopleToSegment", """{"mode":"get_request_schema"}""");

        Assert.Contains("with mode=\"execute\", segment_identifier, identifier_type and request_body", result.Content["instructions"]!.GetValue<string>());
    }

    private static IEnumerable<string> AllKeys(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => new[] { p.Key }.Concat(p.Key is "properties" or "$defs" && p.Value is JsonObject named
            ? named.SelectMany(n => n.Value is null ? [] : AllKeys(n.Value))
            : p.Value is null ? [] : AllKeys(p.Value))),
        JsonArray a => a.SelectMany(i => i is null ? [] : AllKeys(i)),
        _ => [],
    };

    private static IEnumerable<string> AllRefs(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "$ref" && p.Value is JsonValue v ? [v.GetValue<string>()] : p.Value is null ? [] : AllRefs(p.Value)),
        JsonArray a => a.SelectMany(i => i is null ? [] : AllRefs(i)),
        _ => [],
    };
}
