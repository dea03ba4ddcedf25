using CustomerioTrack.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CustomerioTrack.Generator.Tests;

/// <summary>The exact wording of diagnostics whose message must name the actual problem.</summary>
public sealed class DiagnosticMessageTests
{
    private const string DescriptionPath = "/fixture/track.json";
    private const string ManifestPath = "/fixture/tools.json";

    // Line numbers below are 1-based, as an editor shows them.
    private const string Description = """
        {
          "openapi": "3.1.0",
          "info": { "title": "Messages", "version": "1.0.0" },
          "paths": {
            "/a/{id}": {
              "get": {
                "operationId": "getA",
                "parameters": [
                  { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } },
                  { "name": "X-Trace", "in": "header", "schema": { "type": "string" } }
                ],
                "responses": { "200": { "description": "OK" } }
              }
            },
            "/b": {
              "get": { "operationId": "getA", "responses": { "200": { "description": "OK" } } }
            }
          }
        }
        """;

    private const string Manifest = """
        {
          "tools": [
            { "operationId": "getA", "name": "GetA", "parameters": { "id": "a_id", "X-Trace": "trace" } },
            { "operationId": "getA", "name": "Other" }
          ]
        }
        """;

    private static readonly Lazy<IReadOnlyList<Diagnostic>> Diagnostics = new(() => GeneratorHarness.Run(
        InputFile.OpenApi(Description, DescriptionPath),
        InputFile.Manifest(Manifest, ManifestPath)).GeneratorDiagnostics);

    [Fact]
    public void Duplicate_operationId_in_the_description_says_so()
    {
        DiagnosticAssert.Exactly(
            Assert.Single(Diagnostics.Value, d => d.Id == "CIOTRK010"), "CIOTRK010", DiagnosticSeverity.Error, DescriptionPath, 16, 31,
            "Tool name 'GetA' (operation 'getA') is already used by operation 'getA' (duplicate operationId); the tool is skipped");
    }

    [Fact]
    public void Duplicate_operationId_in_the_manifest_says_so()
    {
        DiagnosticAssert.Exactly(
            Assert.Single(Diagnostics.Value, d => d.Id == "CIOTRK012"), "CIOTRK012", DiagnosticSeverity.Error, ManifestPath, 4, 22,
            "Duplicate operationId 'getA' in the tool manifest: only its first entry is used");
    }

    [Fact]
    public void Mapping_a_parameter_that_is_not_a_path_or_query_parameter_says_it_is_ignored()
    {
        var output = GeneratorHarness.Run(
            InputFile.OpenApi(Description, DescriptionPath),
            InputFile.Manifest("""{ "tools": [ { "operationId": "getA", "parameters": { "id": "a_id", "X-Trace": "trace" } } ] }""", ManifestPath));
        var mappings = output.GeneratorDiagnostics.Where(d => d.Id == "CIOTRK007").ToList();

        // Only the first operation named getA takes the entry: the second is a duplicate, skipped before its mappings are checked.
        DiagnosticAssert.Exactly(
            Assert.Single(mappings), "CIOTRK007", DiagnosticSeverity.Warning, ManifestPath, 1, 69,
            "The tool manifest maps parameter 'X-Trace', but operation 'getA' declares no path or query parameter named 'X-Trace'; the mapping is ignored");
    }

    [Fact]
    public void Distinct_tool_names_need_no_duplicate_wording()
    {
        var output = GeneratorHarness.Run(
            InputFile.OpenApi(Description.Replace("\"operationId\": \"getA\", \"responses\"", "\"operationId\": \"getB\", \"responses\"", StringComparison.Ordinal), DescriptionPath),
            InputFile.Manifest("""{ "tools": [ { "operationId": "getA", "name": "GetA" }, { "operationId": "getB", "name": "GetA" } ] }""", ManifestPath));

        DiagnosticAssert.Exactly(
            Assert.Single(output.GeneratorDiagnostics), "CIOTRK010", DiagnosticSeverity.Error, DescriptionPath, 16, 31,
            "Tool name 'GetA' (operation 'getB') is already used by operation 'getA'; the tool is skipped");
    }
}
