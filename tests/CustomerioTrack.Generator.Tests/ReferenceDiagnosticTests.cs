using CustomerioTrack.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CustomerioTrack.Generator.Tests;

/// <summary>
/// CIOTRK003 says why a <c>$ref</c> cannot be used. It used to say "(only internal references into this document are
/// supported)" for every case, which is false for a misspelled internal reference and for an internal one a request
/// schema cannot take.
/// </summary>
public sealed class ReferenceDiagnosticTests
{
    private const string DescriptionPath = "/fixture/track.json";

    // Line numbers below are 1-based, as an editor shows them.
    private const string Description = """
        {
          "openapi": "3.1.0",
          "info": { "title": "References", "version": "1.0.0" },
          "paths": {
            "/a": {
              "post": {
                "operationId": "postA",
                "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Missing" } } } },
                "responses": { "200": { "description": "OK" } }
              },
              "put": {
                "operationId": "putA",
                "parameters": [ { "$ref": "common.json#/components/parameters/Id" } ],
                "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Body" } } } },
                "responses": { "200": { "description": "OK" } }
              }
            }
          },
          "components": {
            "parameters": { "Id": { "name": "id", "in": "query", "schema": { "type": "string" } } },
            "schemas": {
              "Body": { "type": "object", "properties": { "id": { "$ref": "#/components/parameters/Id" } } }
            }
          }
        }
        """;

    private static readonly Lazy<List<Diagnostic>> Diagnostics = new(() => GeneratorHarness.Run(InputFile.OpenApi(Description, DescriptionPath))
        .GeneratorDiagnostics
        .Where(d => d.Id == "CIOTRK003")
        .OrderBy(d => d.Location.GetLineSpan().StartLinePosition)
        .ToList());

    [Fact]
    public void Each_kind_of_unusable_ref_says_what_is_wrong_with_it()
    {
        Assert.Collection(
            Diagnostics.Value,
            d => DiagnosticAssert.Exactly(
                d, "CIOTRK003", DiagnosticSeverity.Error, DescriptionPath, 8, 81,
                "$ref '#/components/schemas/Missing' points to nothing in this document"),
            d => DiagnosticAssert.Exactly(
                d, "CIOTRK003", DiagnosticSeverity.Error, DescriptionPath, 13, 35,
                "$ref 'common.json#/components/parameters/Id' is external; only references into this document ('#/...') are supported"),
            d => DiagnosticAssert.Exactly(
                d, "CIOTRK003", DiagnosticSeverity.Error, DescriptionPath, 22, 67,
                "$ref '#/components/parameters/Id' points outside '#/components/schemas/'; a request body schema can reference only component schemas, which become its $defs"));
    }
}
