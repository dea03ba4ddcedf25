using CustomerioTrack.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CustomerioTrack.Generator.Tests;

/// <summary>
/// CIOTRK012 for a JSON Schema keyword whose value has the wrong type (<c>"maxProperties": "5"</c>). Kiota accepts
/// such a description and the tool built cleanly, but the runtime builds the validator before a tool's first call, and
/// JsonSchema.Net threw ("'maxProperties' value must be a number, found String") out of every call.
/// </summary>
public sealed class SchemaKeywordDiagnosticTests
{
    private const string DescriptionPath = "/fixture/track.json";

    // Line numbers below are 1-based, as an editor shows them.
    private const string Description = """
        {
          "openapi": "3.1.0",
          "info": { "title": "Schema keywords", "version": "1.0.0" },
          "paths": {
            "/prefs": {
              "put": {
                "operationId": "setPrefs",
                "parameters": [ { "name": "limit", "in": "query", "schema": { "type": "integer", "maximum": "100" } } ],
                "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Prefs" } } } },
                "responses": { "200": { "description": "OK" } }
              },
              "post": {
                "operationId": "addPrefs",
                "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Prefs" } } } },
                "responses": { "200": { "description": "OK" } }
              }
            }
          },
          "components": {
            "schemas": {
              "Prefs": {
                "type": "object",
                "required": "topics",
                "properties": {
                  "topics": { "type": "object", "maxProperties": "5", "additionalProperties": { "type": "bool" } },
                  "note": { "type": ["string", "null"], "minLength": 1, "maxLength": 2.5, "enum": "a" },
                  "rank": { "type": "number", "minimum": 0, "exclusiveMaximum": true, "maximum": 10, "multipleOf": 0.5, "uniqueItems": "yes" }
                },
                "additionalProperties": false,
                "oneOf": [ { "required": ["topics"] }, "note" ]
              }
            }
          }
        }
        """;

    private static readonly Lazy<GeneratorOutput> Output = new(() => GeneratorHarness.Run(InputFile.OpenApi(Description, DescriptionPath)));

    [Fact]
    public void Each_mistyped_keyword_value_is_an_error_at_the_value_once_however_many_tools_use_it()
    {
        var diagnostics = Output.Value.GeneratorDiagnostics
            .Where(d => d.Id != "CIOTRK005")
            .OrderBy(d => d.Location.GetLineSpan().StartLinePosition)
            .ToList();

        Assert.Collection(
            diagnostics,
            d => Is(d, 8, "'maximum' must be a number, not a string"),
            d => Is(d, 23, "'required' must be an array of strings, not a string"),
            d => Is(d, 25, "'maxProperties' must be a non-negative integer, not a string"),
            d => Is(d, 25, "'type' must be one of null, boolean, object, array, number, string, integer (or an array of them), not \"bool\""),
            d => Is(d, 26, "'maxLength' must be a non-negative integer, not 2.5"),
            d => Is(d, 26, "'enum' must be an array, not a string"),
            d => Is(d, 27, "'uniqueItems' must be true or false, not a string"),
            d => Is(d, 30, "'oneOf' must be an array of schemas (objects or booleans), not an array holding a string"));
    }

    private static void Is(Diagnostic diagnostic, int line, string problem)
    {
        Assert.Equal(("CIOTRK012", DiagnosticSeverity.Error, DescriptionPath, line), (diagnostic.Id, diagnostic.Severity, diagnostic.Location.GetLineSpan().Path, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1));
        Assert.Equal("Schema keyword " + problem + "; the runtime cannot build a request validator from it", diagnostic.GetMessage());
    }
}
