using System.Text.Json;
using CustomerioTrack.Generator.Tests.Infrastructure;

namespace CustomerioTrack.Generator.Tests;

public sealed class SchemaTests
{
    private const string OpenApi30 = """
        {
          "openapi": "3.0.3",
          "info": { "title": "3.0", "version": "1" },
          "paths": {
            "/x": {
              "post": {
                "operationId": "postX",
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Root" } } } },
                "responses": { "200": { "description": "OK" } }
              }
            }
          },
          "components": {
            "schemas": {
              "Unused": { "type": "string" },
              "GrandChild": { "type": "object", "properties": { "tags": { "type": "array", "items": { "type": "string", "format": "cio_[a-zA-Z0-9]*" } } } },
              "Root": {
                "type": "object",
                "nullable": true,
                "discriminator": { "propertyName": "kind" },
                "example": { "name": "n" },
                "x-foo": 1,
                "externalDocs": { "url": "https://example.com" },
                "properties": {
                  "name": { "type": "string", "nullable": true, "format": "ulid", "example": "01H" },
                  "when": { "type": "string", "format": "date-time" },
                  "count": { "type": "integer", "format": "int32", "minimum": 0, "exclusiveMinimum": true },
                  "child": { "$ref": "#/components/schemas/Child" },
                  "x-not-an-extension": { "type": "string", "enum": [ "a", "b" ], "default": "a" }
                }
              },
              "Child": { "allOf": [ { "$ref": "#/components/schemas/GrandChild" } ], "xml": { "name": "child" }, "description": "kept" }
            }
          }
        }
        """;

    [Fact]
    public void Component_refs_become_defs_with_only_reachable_components_in_source_order()
    {
        using var schema = BodySchema(OpenApi30, "postX");
        var root = schema.RootElement;

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", root.GetProperty("$schema").GetString());
        Assert.Equal("#/$defs/Root", root.GetProperty("$ref").GetString());
        Assert.Equal(new[] { "GrandChild", "Root", "Child" }, root.GetProperty("$defs").EnumerateObject().Select(p => p.Name));
        Assert.Equal("#/$defs/Child", Def(root, "Root").GetProperty("properties").GetProperty("child").GetProperty("$ref").GetString());
        Assert.Equal("#/$defs/GrandChild", Def(root, "Child").GetProperty("allOf")[0].GetProperty("$ref").GetString());
        Assert.DoesNotContain("#/components", schema.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void OpenApi_only_keywords_and_non_standard_formats_are_removed()
    {
        using var schema = BodySchema(OpenApi30, "postX");
        var rootDef = Def(schema.RootElement, "Root");
        var properties = rootDef.GetProperty("properties");

        foreach (var keyword in new[] { "discriminator", "example", "x-foo", "externalDocs", "nullable" })
        {
            Assert.False(rootDef.TryGetProperty(keyword, out _), keyword);
        }

        Assert.False(Def(schema.RootElement, "Child").TryGetProperty("xml", out _));
        Assert.Equal("kept", Def(schema.RootElement, "Child").GetProperty("description").GetString());
        Assert.False(properties.GetProperty("name").TryGetProperty("format", out _));
        Assert.False(properties.GetProperty("name").TryGetProperty("example", out _));
        Assert.False(properties.GetProperty("count").TryGetProperty("format", out _));
        Assert.Equal("date-time", properties.GetProperty("when").GetProperty("format").GetString());
        Assert.False(Def(schema.RootElement, "GrandChild").GetProperty("properties").GetProperty("tags").GetProperty("items").TryGetProperty("format", out _));

        // A property *named* like an extension is data, not a keyword.
        Assert.Equal("a", properties.GetProperty("x-not-an-extension").GetProperty("default").GetString());
    }

    [Fact]
    public void OpenApi_3_0_nullable_and_boolean_exclusive_bounds_are_converted()
    {
        using var schema = BodySchema(OpenApi30, "postX");
        var rootDef = Def(schema.RootElement, "Root");

        Assert.Equal(new[] { "object", "null" }, rootDef.GetProperty("type").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(new[] { "string", "null" }, rootDef.GetProperty("properties").GetProperty("name").GetProperty("type").EnumerateArray().Select(e => e.GetString()));
        var count = rootDef.GetProperty("properties").GetProperty("count");
        Assert.Equal(0, count.GetProperty("exclusiveMinimum").GetInt32());
        Assert.False(count.TryGetProperty("minimum", out _));
    }

    [Fact]
    public void OpenApi_3_1_type_arrays_are_preserved_in_bodies_and_collapsed_in_parameters()
    {
        var model = ModelRunner.Build(RepositoryPaths.Fixture("small.openapi.json"), RepositoryPaths.Fixture("small.tools.json"));
        var setFlag = model.Tools.Single(t => t.Name == "SetWidgetFlag");
        using var body = JsonDocument.Parse(setFlag.Body!.SchemaJson);

        Assert.Equal(new[] { "string", "null" }, body.RootElement.GetProperty("properties").GetProperty("note").GetProperty("type").EnumerateArray().Select(e => e.GetString()));
        Assert.False(body.RootElement.GetProperty("properties").GetProperty("note").TryGetProperty("x-internal", out _));

        var note = setFlag.Parameters.Single(p => p.Name == "note");
        Assert.Equal("String", note.Type);
        using var noteSchema = JsonDocument.Parse(note.SchemaJson);
        Assert.Equal("string", noteSchema.RootElement.GetProperty("type").GetString());
        Assert.Equal(200, noteSchema.RootElement.GetProperty("maxLength").GetInt32());

        var thing = model.Tools.Single(t => t.Name == "ReplaceThing");
        using var thingBody = JsonDocument.Parse(thing.Body!.SchemaJson);
        var defs = thingBody.RootElement.GetProperty("$defs");
        Assert.Equal(new[] { "Leaf", "Thing", "DetailA", "DetailB" }, defs.EnumerateObject().Select(p => p.Name));
        Assert.Equal(new[] { "string", "null" }, defs.GetProperty("DetailA").GetProperty("properties").GetProperty("a").GetProperty("type").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, defs.GetProperty("Thing").GetProperty("properties").GetProperty("detail").GetProperty("oneOf").GetArrayLength());
        Assert.False(defs.GetProperty("Leaf").TryGetProperty("xml", out _));
        Assert.False(defs.TryGetProperty("UnusedAppApiThing", out _));
        Assert.False(defs.TryGetProperty("UnusedToo", out _));
    }

    [Fact]
    public void Input_schemas_follow_the_mode_contract()
    {
        var model = ModelRunner.Build(RepositoryPaths.Fixture("small.openapi.json"), RepositoryPaths.Fixture("small.tools.json"));

        using var withMode = JsonDocument.Parse(model.Tools.Single(t => t.Name == "ReplaceThing").InputSchemaJson);
        Assert.Equal(new[] { "mode", "thing-id", "request_body" }, withMode.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Equal(new[] { "mode" }, withMode.RootElement.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.False(withMode.RootElement.GetProperty("additionalProperties").GetBoolean());
        Assert.False(withMode.RootElement.TryGetProperty("$schema", out _));

        using var flattened = JsonDocument.Parse(model.Tools.Single(t => t.Name == "SetWidgetFlag").InputSchemaJson);
        Assert.Equal(new[] { "widget_identifier", "flag_value", "note" }, flattened.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Equal(new[] { "widget_identifier", "flag_value" }, flattened.RootElement.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Parameter_schemas_keep_limits_enum_and_default()
    {
        var model = ModelRunner.Build(RepositoryPaths.Fixture("small.openapi.json"), RepositoryPaths.Fixture("small.tools.json"));
        var getWidget = model.Tools.Single(t => t.Name == "GetWidget");

        var id = getWidget.Parameters.Single(p => p.ApiName == "widget_id");
        Assert.Equal(("Path", "Integer", true), (id.Location, id.Type, id.Required));
        Assert.Equal("""{"type":"integer","description":"The widget ID.","minimum":1}""", id.SchemaJson);

        var idType = getWidget.Parameters.Single(p => p.ApiName == "id_type");
        Assert.Equal("identifier_type", idType.Name);
        Assert.Equal(new[] { "id", "email", "cio_id" }, idType.EnumValues!.Value);
        Assert.Equal("\"id\"", idType.DefaultJson);
        Assert.False(idType.Required);
    }

    private static JsonDocument BodySchema(string description, string operationId)
    {
        var model = ModelRunner.Build(description);
        Assert.DoesNotContain(model.Diagnostics, d => d.Descriptor.DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        return JsonDocument.Parse(model.Tools.Single(t => t.OperationId == operationId).Body!.SchemaJson);
    }

    private static JsonElement Def(JsonElement root, string name) => root.GetProperty("$defs").GetProperty(name);
}
