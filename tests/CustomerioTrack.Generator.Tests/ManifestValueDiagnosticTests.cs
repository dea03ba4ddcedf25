using CustomerioTrack.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CustomerioTrack.Generator.Tests;

/// <summary>
/// CIOTRK012 for a manifest value that cannot mean what it says: a misspelled key, or a value of the wrong JSON type.
/// Each used to be ignored without a word, so <c>"destructive": "true"</c> left a tool non-destructive (and
/// <c>--no-destructive</c> served it) and <c>"enabledByDefualt": false</c> turned a disabled tool on.
/// </summary>
public sealed class ManifestValueDiagnosticTests
{
    private const string DescriptionPath = "/fixture/track.json";
    private const string ManifestPath = "/fixture/tools.json";

    // Line numbers below are 1-based, as an editor shows them.
    private const string Manifest = """
        {
          "description": "the root may say what the file is",
          "tools": [
            {
              "operationId": "getWidget",
              "name": "GetWidget",
              "parameters": { "widget_id": "widget_identifier", "id_type": 7 },
              "annotations": { "readOnly": true, "destructive": "true", "destructve": true }
            },
            {
              "operationId": "set_flag",
              "enabledByDefualt": false,
              "title": 5,
              "flattenBody": { "flag": true, "note": "note" }
            },
            { "operationId": "putThing", "name": "ReplaceThing", "enabledByDefault": "false", "annotations": [] }
          ]
        }
        """;

    private static readonly Lazy<List<Diagnostic>> Diagnostics = new(() => GeneratorHarness.Run(
            InputFile.OpenApi(RepositoryPaths.Fixture("small.openapi.json"), DescriptionPath),
            InputFile.Manifest(Manifest, ManifestPath)).GeneratorDiagnostics
        .OrderBy(d => d.Location.GetLineSpan().StartLinePosition)
        .ToList());

    [Fact]
    public void Each_misspelled_key_and_mistyped_value_is_an_error_at_its_position()
    {
        Assert.Collection(
            Diagnostics.Value,
            d => DiagnosticAssert.Exactly(
                d, "CIOTRK012", DiagnosticSeverity.Error, ManifestPath, 7, 68,
                "Tool manifest entry 'getWidget': 'parameters.id_type' must be a string (the tool parameter name), not a number; it is ignored"),
            d => DiagnosticAssert.Exactly(
                d, "CIOTRK012", DiagnosticSeverity.Error, ManifestPath, 8, 57,
                "Tool manifest entry 'getWidget': 'annotations.destructive' must be true or false, not a string; it is ignored"),
            d => DiagnosticAssert.Exactly(
                d, "CIOTRK012", DiagnosticSeverity.Error, ManifestPath, 8, 65,
                "Tool manifest entry 'getWidget': unknown annotation 'destructve' (known: readOnly, destructive, idempotent, openWorld); it is ignored"),
            d => DiagnosticAssert.Exactly(
                d, "CIOTRK012", DiagnosticSeverity.Error, ManifestPath, 12, 7,
                "Tool manifest entry 'set_flag': unknown key 'enabledByDefualt' (known: operationId, name, title, description, parameters, annotations, enabledByDefault, flattenBody); it is ignored"),
            d => DiagnosticAssert.Exactly(
                d, "CIOTRK012", DiagnosticSeverity.Error, ManifestPath, 13, 16,
                "Tool manifest entry 'set_flag': 'title' must be a string, not a number; it is ignored"),
            d => DiagnosticAssert.Exactly(
                d, "CIOTRK012", DiagnosticSeverity.Error, ManifestPath, 14, 32,
                "Tool manifest entry 'set_flag': 'flattenBody.flag' must be a string (the tool parameter name), not a boolean; it is ignored"),
            d => DiagnosticAssert.Exactly(
                d, "CIOTRK012", DiagnosticSeverity.Error, ManifestPath, 16, 78,
                "Tool manifest entry 'putThing': 'enabledByDefault' must be true or false, not a string; it is ignored"),
            d => DiagnosticAssert.Exactly(
                d, "CIOTRK012", DiagnosticSeverity.Error, ManifestPath, 16, 102,
                "Tool manifest entry 'putThing': 'annotations' must be an object, not an array; it is ignored"));
    }

    [Fact]
    public void The_fixture_manifest_is_clean()
    {
        var output = GeneratorHarness.Run(
            InputFile.OpenApi(RepositoryPaths.Fixture("small.openapi.json"), DescriptionPath),
            InputFile.Manifest(RepositoryPaths.Fixture("small.tools.json"), ManifestPath));

        Assert.Empty(output.GeneratorDiagnostics);
    }
}
