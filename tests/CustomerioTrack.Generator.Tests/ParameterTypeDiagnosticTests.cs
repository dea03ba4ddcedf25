using CustomerioTrack.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CustomerioTrack.Generator.Tests;

/// <summary>
/// CIOTRK015: a tool parameter carries one scalar, so a path or query parameter declared as an array or an object would
/// reach the API as one string (<c>?channel=email%2Csms</c> where <c>?channel=email&amp;channel=sms</c> was meant).
/// </summary>
public sealed class ParameterTypeDiagnosticTests
{
    private const string DescriptionPath = "/fixture/track.json";
    private const string ManifestPath = "/fixture/tools.json";

    // Line numbers below are 1-based, as an editor shows them.
    private const string Description = """
        {
          "openapi": "3.1.0",
          "info": { "title": "Parameter types", "version": "1.0.0" },
          "paths": {
            "/prefs/{id}": {
              "put": {
                "operationId": "setPrefs",
                "parameters": [
                  { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } },
                  { "name": "channel", "in": "query", "schema": { "type": "array", "items": { "type": "string" } } }
                ],
                "responses": { "200": { "description": "OK" } }
              }
            },
            "/filters": {
              "get": {
                "operationId": "getFilters",
                "parameters": [ { "$ref": "#/components/parameters/Filter" } ],
                "responses": { "200": { "description": "OK" } }
              }
            },
            "/scalars/{id}": {
              "get": {
                "operationId": "getScalars",
                "parameters": [
                  { "name": "id", "in": "path", "required": true, "schema": { "type": ["integer", "null"] } },
                  { "name": "kind", "in": "query", "schema": { "oneOf": [ { "type": "string" }, { "type": "string", "format": "email" } ] } },
                  { "name": "any", "in": "query" }
                ],
                "responses": { "200": { "description": "OK" } }
              }
            }
          },
          "components": {
            "parameters": {
              "Filter": { "name": "filter", "in": "query", "style": "deepObject", "schema": { "$ref": "#/components/schemas/Filter" } }
            },
            "schemas": { "Filter": { "type": ["object", "null"], "properties": { "kind": { "type": "string" } } } }
          }
        }
        """;

    private const string Manifest = """
        {
          "tools": [
            { "operationId": "setPrefs", "name": "SetPrefs" },
            { "operationId": "getFilters", "name": "GetFilters" },
            { "operationId": "getScalars", "name": "GetScalars" }
          ]
        }
        """;

    private static readonly Lazy<GeneratorOutput> Output = new(() => GeneratorHarness.Run(
        InputFile.OpenApi(Description, DescriptionPath),
        InputFile.Manifest(Manifest, ManifestPath)));

    [Fact]
    public void An_array_query_parameter_is_an_error_at_its_name()
    {
        DiagnosticAssert.Exactly(
            Assert.Single(For("setPrefs")), "CIOTRK015", DiagnosticSeverity.Error, DescriptionPath, 10, 21,
            "Operation 'setPrefs' (PUT /prefs/{id}): query parameter 'channel' is of type 'array', but a tool parameter takes one string, integer, number or boolean, which would go out as a single value; declare a scalar type, or leave the parameter out; no tool is generated for it");
    }

    [Fact]
    public void An_object_query_parameter_behind_refs_is_an_error_at_its_ref()
    {
        DiagnosticAssert.Exactly(
            Assert.Single(For("getFilters")), "CIOTRK015", DiagnosticSeverity.Error, DescriptionPath, 18, 35,
            "Operation 'getFilters' (GET /filters): query parameter 'filter' is of type 'object', but a tool parameter takes one string, integer, number or boolean, which would go out as a single value; declare a scalar type, or leave the parameter out; no tool is generated for it");
    }

    [Fact]
    public void Only_the_scalar_operation_gets_a_tool_and_nothing_else_is_reported()
    {
        Assert.Equal(new[] { "GetScalarsTool.g.cs", "TrackToolCatalog.g.cs" }, Output.Value.Sources.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "CIOTRK015", "CIOTRK015" }, Output.Value.GeneratorDiagnostics.Select(d => d.Id));
        Assert.Empty(Output.Value.CompilationProblems);
    }

    private static List<Diagnostic> For(string operationId) => Output.Value.GeneratorDiagnostics
        .Where(d => d.GetMessage().StartsWith($"Operation '{operationId}' ", StringComparison.Ordinal))
        .ToList();
}
