using CustomerioTrack.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CustomerioTrack.Generator.Tests;

/// <summary>
/// CIOTRK016: a <c>pattern</c> (or <c>patternProperties</c> name) that is not a regular expression. The runtime compiles
/// every pattern of a tool's schemas before its first call, so such a tool built without a word and then threw
/// RegexParseException out of every call (the CLI died with an unhandled exception).
/// </summary>
public sealed class PatternDiagnosticTests
{
    private const string DescriptionPath = "/fixture/track.json";

    // Line numbers below are 1-based, as an editor shows them.
    private const string Description = """
        {
          "openapi": "3.1.0",
          "info": { "title": "Patterns", "version": "1.0.0" },
          "paths": {
            "/prefs": {
              "put": {
                "operationId": "setPrefs",
                "parameters": [ { "name": "code", "in": "query", "schema": { "type": "string", "pattern": "^a{2,1}$" } } ],
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
                "properties": {
                  "topic": { "type": "string", "pattern": "^topic_[0-9+$" },
                  "cio_id": { "type": "string", "pattern": "^(?!cio_)" }
                },
                "patternProperties": { "^x-(": { "type": "string" }, "^y-[a-z]+$": { "type": "string" } }
              }
            }
          }
        }
        """;

    private static readonly Lazy<GeneratorOutput> Output = new(() => GeneratorHarness.Run(InputFile.OpenApi(Description, DescriptionPath)));

    [Fact]
    public void Each_invalid_pattern_is_an_error_at_its_value_once_however_many_tools_use_it()
    {
        var diagnostics = Output.Value.GeneratorDiagnostics
            .Where(d => d.Id != "CIOTRK005")
            .OrderBy(d => d.Location.GetLineSpan().StartLinePosition)
            .ToList();

        Assert.Collection(
            diagnostics,
            d => DiagnosticAssert.Exactly(
                d, "CIOTRK016", DiagnosticSeverity.Error, DescriptionPath, 8, 99,
                "Pattern '^a{2,1}$' is not a valid regular expression (Invalid pattern '^a{2,1}$' at offset 7. Illegal {x,y} with x > y.); requests cannot be validated against it"),
            d => DiagnosticAssert.Exactly(
                d, "CIOTRK016", DiagnosticSeverity.Error, DescriptionPath, 24, 51,
                "Pattern '^topic_[0-9+$' is not a valid regular expression (Invalid pattern '^topic_[0-9+$' at offset 13. Unterminated [] set.); requests cannot be validated against it"),
            d => DiagnosticAssert.Exactly(
                d, "CIOTRK016", DiagnosticSeverity.Error, DescriptionPath, 27, 32,
                "Pattern '^x-(' is not a valid regular expression (Invalid pattern '^x-(' at offset 4. Not enough )'s.); requests cannot be validated against it"));
    }
}
