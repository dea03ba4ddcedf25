using CustomerioTrack.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CustomerioTrack.Generator.Tests;

/// <summary>CIOTRK013: the path template's variables and the declared <c>in: path</c> parameters must be the same set.</summary>
public sealed class PathParameterDiagnosticTests
{
    private const string DescriptionPath = "/fixture/track.json";
    private const string ManifestPath = "/fixture/tools.json";

    // Line numbers below are 1-based, as an editor shows them.
    private const string Description = """
        {
          "openapi": "3.1.0",
          "info": { "title": "Path parameters", "version": "1.0.0" },
          "paths": {
            "/topics/{topic_id}": {
              "get": {
                "operationId": "getTopic",
                "parameters": [ { "name": "topicId", "in": "path", "required": true, "schema": { "type": "string" } } ],
                "responses": { "200": { "description": "OK" } }
              }
            },
            "/undeclared/{thing}": {
              "get": { "operationId": "getUndeclared", "responses": { "200": { "description": "OK" } } }
            },
            "/extra": {
              "parameters": [ { "$ref": "#/components/parameters/Extra" } ],
              "post": { "operationId": "postExtra", "responses": { "200": { "description": "OK" } } }
            },
            "/ok/{a}/{b}": {
              "parameters": [ { "$ref": "#/components/parameters/A" } ],
              "get": {
                "operationId": "getOk",
                "parameters": [ { "name": "b", "in": "path", "required": true, "schema": { "type": "integer" } } ],
                "responses": { "200": { "description": "OK" } }
              }
            }
          },
          "components": { "parameters": {
            "Extra": { "name": "extra", "in": "path", "required": true, "schema": { "type": "string" } },
            "A": { "name": "a", "in": "path", "required": true, "schema": { "type": "string" } }
          } }
        }
        """;

    private const string Manifest = """
        {
          "tools": [
            { "operationId": "getTopic", "name": "GetTopic", "parameters": { "topic_id": "topic" } },
            { "operationId": "getUndeclared", "name": "GetUndeclared" },
            { "operationId": "postExtra", "name": "PostExtra" },
            { "operationId": "getOk", "name": "GetOk" }
          ]
        }
        """;

    private static readonly Lazy<GeneratorOutput> Output = new(() => GeneratorHarness.Run(
        InputFile.OpenApi(Description, DescriptionPath),
        InputFile.Manifest(Manifest, ManifestPath)));

    [Fact]
    public void Misnamed_parameter_reports_the_variable_at_the_path_key_and_the_parameter_at_its_name()
    {
        var diagnostics = For("getTopic");

        Assert.Equal(2, diagnostics.Count);
        DiagnosticAssert.Exactly(
            diagnostics[0], "CIOTRK013", DiagnosticSeverity.Error, DescriptionPath, 5, 5,
            "Operation 'getTopic' (GET /topics/{topic_id}): path variable '{topic_id}' has no 'in: path' parameter named 'topic_id'; no tool is generated for it");
        DiagnosticAssert.Exactly(
            diagnostics[1], "CIOTRK013", DiagnosticSeverity.Error, DescriptionPath, 8, 35,
            "Operation 'getTopic' (GET /topics/{topic_id}): 'in: path' parameter 'topicId' is not a variable of the path template; no tool is generated for it");
    }

    [Fact]
    public void Undeclared_variable_is_an_error_at_the_path_key()
    {
        DiagnosticAssert.Exactly(
            Assert.Single(For("getUndeclared")), "CIOTRK013", DiagnosticSeverity.Error, DescriptionPath, 12, 5,
            "Operation 'getUndeclared' (GET /undeclared/{thing}): path variable '{thing}' has no 'in: path' parameter named 'thing'; no tool is generated for it");
    }

    [Fact]
    public void Declared_path_parameter_missing_from_the_template_is_an_error_at_its_ref()
    {
        DiagnosticAssert.Exactly(
            Assert.Single(For("postExtra")), "CIOTRK013", DiagnosticSeverity.Error, DescriptionPath, 16, 33,
            "Operation 'postExtra' (POST /extra): 'in: path' parameter 'extra' is not a variable of the path template; no tool is generated for it");
    }

    [Fact]
    public void No_tool_is_emitted_for_a_mismatched_operation()
    {
        Assert.Equal(new[] { "GetOkTool.g.cs", "TrackToolCatalog.g.cs" }, Output.Value.Sources.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(Output.Value.CompilationProblems);
    }

    [Fact]
    public void Path_level_ref_and_operation_level_parameters_together_match_the_template()
    {
        var source = Output.Value.Sources["GetOkTool.g.cs"];

        Assert.Contains("request.PathParameters[\"a\"] = arguments.GetString(\"a\");", source, StringComparison.Ordinal);
        Assert.Contains("request.PathParameters[\"b\"] = arguments.GetInt32(\"b\");", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Skipped_operations_raise_only_the_mismatch()
    {
        Assert.Equal(
            new[] { "CIOTRK013", "CIOTRK013", "CIOTRK013", "CIOTRK013" },
            Output.Value.GeneratorDiagnostics.Select(d => d.Id));
    }

    private static List<Diagnostic> For(string operationId) => Output.Value.GeneratorDiagnostics
        .Where(d => d.GetMessage().StartsWith($"Operation '{operationId}' ", StringComparison.Ordinal))
        .OrderBy(d => d.Location.GetLineSpan().StartLinePosition)
        .ToList();
}
