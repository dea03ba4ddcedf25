using CustomerioTrack.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CustomerioTrack.Generator.Tests;

/// <summary>
/// An operation skipped for its own reason (no JSON body, a body that does not resolve) still exists: its manifest entry
/// is not "for an operation the description does not define" (CIOTRK006), which would send the maintainer after a typo.
/// </summary>
public sealed class SkippedOperationManifestTests
{
    private const string DescriptionPath = "/fixture/track.json";
    private const string ManifestPath = "/fixture/tools.json";

    private const string Description = """
        {
          "openapi": "3.1.0",
          "info": { "title": "Skipped operations", "version": "1.0.0" },
          "paths": {
            "/xml": {
              "post": {
                "operationId": "postXml",
                "requestBody": { "content": { "application/xml": { "schema": { "type": "object" } } } },
                "responses": { "200": { "description": "OK" } }
              }
            },
            "/ok": {
              "post": {
                "operationId": "postOk",
                "requestBody": { "content": { "application/json": { "schema": { "type": "object" } } } },
                "responses": { "200": { "description": "OK" } }
              }
            }
          }
        }
        """;

    private const string Manifest = """
        {
          "tools": [
            { "operationId": "postXml", "name": "PostXml" },
            { "operationId": "postOk", "name": "PostOk" },
            { "operationId": "postTypo", "name": "PostTypo" }
          ]
        }
        """;

    [Fact]
    public void A_body_without_json_content_is_reported_once_and_its_manifest_entry_is_not_called_unknown()
    {
        var output = GeneratorHarness.Run(InputFile.OpenApi(Description, DescriptionPath), InputFile.Manifest(Manifest, ManifestPath));

        var diagnostics = output.GeneratorDiagnostics.OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(["CIOTRK004", "CIOTRK006"], diagnostics.Select(d => d.Id));
        DiagnosticAssert.Exactly(diagnostics[0], "CIOTRK004", DiagnosticSeverity.Warning, DescriptionPath, 8, 24,
            "The request body of operation 'postXml' has no application/json content; no tool is generated for it");
        Assert.Equal("The tool manifest has an entry for operationId 'postTypo', which the OpenAPI description does not define", diagnostics[1].GetMessage());
        Assert.Equal(new[] { "PostOkTool.g.cs", "TrackToolCatalog.g.cs" }, output.Sources.Keys.Order(StringComparer.Ordinal));
    }
}
