using CustomerioTrack.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CustomerioTrack.Generator.Tests;

public sealed class DiagnosticTests
{
    private const string DescriptionPath = "/fixture/track.json";
    private const string ManifestPath = "/fixture/tools.json";

    // Line numbers below are 1-based, as an editor shows them.
    private const string Description = """
        {
          "openapi": "3.1.0",
          "info": { "title": "Diagnostics", "version": "1.0.0" },
          "paths": {
            "/a/{id}": { "parameters": [ { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } } ],
              "get": {
                "operationId": "getA",
                "parameters": [ { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } } ],
                "responses": { "200": { "description": "OK" } }
              },
              "post": {
                "summary": "no operationId here",
                "responses": { "200": { "description": "OK" } }
              },
              "put": {
                "operationId": "putA",
                "requestBody": { "content": { "application/xml": { "schema": { "type": "string" } } } },
                "responses": { "200": { "description": "OK" } }
              },
              "patch": {
                "operationId": "patchA",
                "requestBody": { "content": { "application/json": { "schema": {
                  "$ref": "#/components/schemas/Missing"
                } } } },
                "responses": { "200": { "description": "OK" } }
              },
              "delete": {
                "operationId": "deleteA",
                "parameters": [ { "$ref": "other.json#/components/parameters/id" } ],
                "responses": { "204": { "description": "Gone" } }
              }
            },
            "/b": {
              "get": { "operationId": "getB", "responses": { "200": { "description": "OK" } } }
            }
          },
          "components": { "schemas": {} }
        }
        """;

    private const string Manifest = """
        {
          "tools": [
            { "operationId": "getA", "name": "GetA", "parameters": { "id": "a_id", "nope": "x" } },
            { "operationId": "deleteA", "name": "GetA" },
            { "operationId": "ghost", "name": "Ghost" },
            { "operationId": "patchA", "name": "PatchA", "flattenBody": { "missing_prop": "m" } }
          ]
        }
        """;

    [Theory]
    [InlineData("CIOTRK002", DiagnosticSeverity.Warning, DescriptionPath, 11)]
    [InlineData("CIOTRK004", DiagnosticSeverity.Warning, DescriptionPath, 17)]
    [InlineData("CIOTRK005", DiagnosticSeverity.Warning, DescriptionPath, 34)]
    [InlineData("CIOTRK006", DiagnosticSeverity.Warning, ManifestPath, 5)]
    [InlineData("CIOTRK007", DiagnosticSeverity.Warning, ManifestPath, 3)]
    [InlineData("CIOTRK009", DiagnosticSeverity.Warning, ManifestPath, 6)]
    [InlineData("CIOTRK010", DiagnosticSeverity.Error, DescriptionPath, 28)]
    public void Reports_each_problem_once_at_its_line(string id, DiagnosticSeverity severity, string path, int line)
    {
        var diagnostics = Run(InputFile.OpenApi(Description, DescriptionPath), InputFile.Manifest(Manifest, ManifestPath));

        var diagnostic = Assert.Single(diagnostics, d => d.Id == id);
        AssertAt(diagnostic, severity, path, line);
    }

    [Fact]
    public void Unresolvable_refs_are_errors_at_the_ref_value()
    {
        var diagnostics = Run(InputFile.OpenApi(Description, DescriptionPath), InputFile.Manifest(Manifest, ManifestPath));

        var refs = diagnostics.Where(d => d.Id == "CIOTRK003").OrderBy(d => d.Location.GetLineSpan().StartLinePosition.Line).ToList();
        Assert.Equal(2, refs.Count);
        AssertAt(refs[0], DiagnosticSeverity.Error, DescriptionPath, 23); // dangling internal ref
        AssertAt(refs[1], DiagnosticSeverity.Error, DescriptionPath, 29); // external ref
        Assert.Contains("other.json#/components/parameters/id", refs[1].GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_description_json_is_an_error_at_the_parse_position()
    {
        const string broken = """
            {
              "openapi": "3.1.0",
              "info": { "title": "x", "version": "1" },
              "paths": {
                "/a": {
                  "get": {
                    "operationId": "a",,
                    "responses": {}
                  }
                }
              }
            }
            """;

        var diagnostic = Assert.Single(Run(InputFile.OpenApi(broken, DescriptionPath)));

        Assert.Equal("CIOTRK001", diagnostic.Id);
        AssertAt(diagnostic, DiagnosticSeverity.Error, DescriptionPath, 7);
        Assert.Equal(28, diagnostic.Location.GetLineSpan().StartLinePosition.Character + 1);
    }

    // The runtime uses TrackToolCatalog (TrackTools.AllDefinitions); without one, a broken description also gave
    // "CS0103: The name 'TrackToolCatalog' does not exist" in hand-written code, pointing away from the real error.
    [Theory]
    [InlineData("{ \"openapi\": \"3.1.0\", \"paths\": { , } }", "CIOTRK001")]
    [InlineData("{ \"swagger\": \"2.0\", \"paths\": {} }", "CIOTRK012")]
    public void A_description_that_yields_no_tool_still_gives_the_runtime_an_empty_catalog(string description, string id)
    {
        var runtimeUse = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(
            """
            namespace Consumer;

            /// <summary>Hand-written code over the catalog, as TrackTools is.</summary>
            public static class UsesTheCatalog
            {
                /// <summary>Every tool, twice.</summary>
                public static int Count => global::CustomerioTrack.Tools.TrackToolCatalog.Definitions.Count + global::CustomerioTrack.Tools.TrackToolCatalog.CreateAll().Count;
            }
            """,
            GeneratorHarness.ParseOptions);

        var output = GeneratorHarness.Run(new[] { InputFile.OpenApi(description, DescriptionPath) }, new[] { runtimeUse });

        Assert.Equal(id, Assert.Single(output.GeneratorDiagnostics).Id);
        Assert.Empty(output.CompilationProblems);
        Assert.Equal(new[] { "TrackToolCatalog.g.cs" }, output.Sources.Keys);
    }

    [Fact]
    public void Broken_manifest_json_is_an_error_at_the_parse_position()
    {
        const string broken = """
            {
              "tools": [
                { "operationId": "getA", "name": "GetA" }
                { "operationId": "getB" }
              ]
            }
            """;

        var diagnostics = Run(InputFile.OpenApi(Description, DescriptionPath), InputFile.Manifest(broken, ManifestPath));

        AssertAt(Assert.Single(diagnostics, d => d.Id == "CIOTRK001"), DiagnosticSeverity.Error, ManifestPath, 4);
    }

    // The manifest is there but unreadable: every operation does have an entry in it, so a CIOTRK005 per operation
    // ("has no entry in the tool manifest") would be false, and would bury the one real error.
    [Theory]
    [InlineData("{ \"tools\": [ { \"operationId\": \"getWidget\" }, ] }", "CIOTRK001")]
    [InlineData("{ \"tool\": [ { \"operationId\": \"getWidget\" } ] }", "CIOTRK012")]
    public void An_unreadable_manifest_is_reported_once_not_as_a_missing_entry_per_operation(string manifest, string id)
    {
        var diagnostics = Run(
            InputFile.OpenApi(RepositoryPaths.Fixture("small.openapi.json"), DescriptionPath),
            InputFile.Manifest(manifest, ManifestPath));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(id, diagnostic.Id);
        AssertAt(diagnostic, DiagnosticSeverity.Error, ManifestPath, 1);
    }

    [Fact]
    public void Missing_description_is_a_warning_without_location()
    {
        var diagnostic = Assert.Single(Run(InputFile.Manifest(Manifest, ManifestPath), InputFile.Other("{}", "/fixture/other.json")));

        Assert.Equal("CIOTRK008", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(Location.None, diagnostic.Location);
    }

    [Fact]
    public void Second_description_is_ignored_with_a_warning()
    {
        var output = GeneratorHarness.Run(
            InputFile.OpenApi(RepositoryPaths.Fixture("small.openapi.json"), "/fixture/a.json"),
            InputFile.OpenApi(Description, "/fixture/b.json"),
            InputFile.Manifest(RepositoryPaths.Fixture("small.tools.json"), ManifestPath));

        var diagnostic = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal("CIOTRK011", diagnostic.Id);
        Assert.Equal("/fixture/b.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(4, output.Sources.Count);
    }

    [Fact]
    public void Swagger_2_is_rejected_at_its_root()
    {
        const string swagger = """
            {
              "swagger": "2.0",
              "paths": {}
            }
            """;

        var diagnostic = Assert.Single(Run(InputFile.OpenApi(swagger, DescriptionPath)));

        Assert.Equal("CIOTRK012", diagnostic.Id);
        AssertAt(diagnostic, DiagnosticSeverity.Error, DescriptionPath, 1);
    }

    [Fact]
    public void Operation_without_manifest_entry_keeps_openapi_names_and_derives_its_name()
    {
        var output = GeneratorHarness.Run(InputFile.OpenApi(RepositoryPaths.Fixture("small.openapi.json"), DescriptionPath));

        Assert.Equal(3, output.GeneratorDiagnostics.Count(d => d.Id == "CIOTRK005"));
        Assert.Equal(
            new[] { "GetWidgetTool.g.cs", "PutThingTool.g.cs", "SetFlagTool.g.cs", "TrackToolCatalog.g.cs" },
            output.Sources.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("arguments.GetInt64(\"widget_id\")", output.Sources["GetWidgetTool.g.cs"], StringComparison.Ordinal);
        Assert.Empty(output.CompilationProblems);
    }

    private static IReadOnlyList<Diagnostic> Run(params InputFile[] files) => GeneratorHarness.Run(files).GeneratorDiagnostics;

    private static void AssertAt(Diagnostic diagnostic, DiagnosticSeverity severity, string path, int line)
    {
        Assert.Equal(severity, diagnostic.Severity);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(path, span.Path);
        Assert.Equal(line, span.StartLinePosition.Line + 1);
        Assert.Equal("CustomerioTrack", diagnostic.Descriptor.Category);
    }
}
