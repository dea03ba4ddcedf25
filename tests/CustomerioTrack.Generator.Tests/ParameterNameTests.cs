using CustomerioTrack.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CustomerioTrack.Generator.Tests;

/// <summary>
/// Unusual path and query parameter names: encoded in the URL template as Kiota encodes them, in Kiota's order; names
/// that cannot work (one template variable for two parameters, one tool argument for two parameters) are CIOTRK014.
/// </summary>
public sealed class ParameterNameTests
{
    private const string DescriptionPath = "/fixture/track.json";

    private static GeneratorOutput Run(string paths, string tools) => GeneratorHarness.Run(
        InputFile.OpenApi("""{ "openapi": "3.1.0", "info": { "title": "t", "version": "1" }, "paths": {""" + paths + "} }", DescriptionPath),
        InputFile.Manifest("""{ "tools": [""" + tools + "] }"));

    private static string Query(string name) => $$"""{ "name": "{{name}}", "in": "query", "schema": { "type": "string" } }""";

    private static string PathParameter(string name) => $$"""{ "name": "{{name}}", "in": "path", "required": true, "schema": { "type": "string" } }""";

    private const string Body = """
        "requestBody": { "content": { "application/json": { "schema": { "type": "object", "properties": { "ids": { "type": "array" }, "kind": { "type": "string" } } } } } },
        """;

    [Fact]
    public void Template_encodes_names_and_orders_the_query_as_Kiota_does()
    {
        // Kiota 1.38 writes exactly this template for this path (kiota generate on a scratch description):
        // query variables ordered by name (ordinal, as spelled), the names percent-encoded, '.' '-' '~' included, and
        // the path variable's name replaced in the literal segment too.
        var output = Run(
            """
            "/api/x.y/{x.y}/id-type": { "get": { "operationId": "get_names", "parameters": [
              {{PathParameter("x.y")}}, {{Query("a_b")}}, {{Query("a~b")}}, {{Query("a.b")}}, {{Query("B")}}, {{Query("a b")}}, {{Query("a[b]")}}
            ], "responses": { "200": { "description": "OK" } } } }
            """.Replace("{{PathParameter(\"x.y\")}}", PathParameter("x.y"), StringComparison.Ordinal)
                .Replace("{{Query(\"a_b\")}}", Query("a_b"), StringComparison.Ordinal)
                .Replace("{{Query(\"a~b\")}}", Query("a~b"), StringComparison.Ordinal)
                .Replace("{{Query(\"a.b\")}}", Query("a.b"), StringComparison.Ordinal)
                .Replace("{{Query(\"B\")}}", Query("B"), StringComparison.Ordinal)
                .Replace("{{Query(\"a b\")}}", Query("a b"), StringComparison.Ordinal)
                .Replace("{{Query(\"a[b]\")}}", Query("a[b]"), StringComparison.Ordinal),
            """{ "operationId": "get_names", "name": "GetNames", "parameters": { "x.y": "xy" } }""");

        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.CompilationProblems);
        var source = output.Sources["GetNamesTool.g.cs"];
        Assert.Contains("\"{+baseurl}/api/x%2Ey/{x%2Ey}/id-type{?B*,a%20b*,a%2Eb*,a%5Bb%5D*,a_b*,a%7Eb*}\"", source, StringComparison.Ordinal);
        Assert.Contains("request.PathParameters[\"x%2Ey\"] = arguments.GetString(\"xy\");", source, StringComparison.Ordinal);
        Assert.Contains("ApiName: \"a~b\",", source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_query_parameter_named_like_a_path_variable_is_refused()
    {
        var output = Run(
            "\"/things/{id}\": { \"get\": { \"operationId\": \"get_thing\", \"parameters\": [ " + PathParameter("id") + ", " + Query("id") + " ], \"responses\": { \"200\": { \"description\": \"OK\" } } } }",
            """{ "operationId": "get_thing", "name": "GetThing", "parameters": { "id": "thing" } }""");

        var diagnostic = Assert.Single(output.GeneratorDiagnostics);
        DiagnosticAssert.Exactly(diagnostic, "CIOTRK014", DiagnosticSeverity.Error, DescriptionPath, 1, 238,
            "Operation 'get_thing' (GET /things/{id}): query parameter 'id' has the name of the path variable '{id}' (of this path, shared by its operations); in one URL template they are one variable, so the path value would also go out as ?id=; no tool is generated for it");
        Assert.DoesNotContain(output.Sources.Keys, k => k != "TrackToolCatalog.g.cs");
    }

    [Fact]
    public void A_query_parameter_of_another_operation_of_the_path_refuses_every_operation_it_shares_the_template_with()
    {
        var output = Run(
            "\"/things/{id}\": { \"parameters\": [ " + PathParameter("id") + " ],"
            + " \"get\": { \"operationId\": \"get_thing\", \"responses\": { \"200\": { \"description\": \"OK\" } } },"
            + " \"delete\": { \"operationId\": \"delete_thing\", \"parameters\": [ " + Query("id") + " ], \"responses\": { \"204\": { \"description\": \"OK\" } } } }",
            """{ "operationId": "get_thing", "name": "GetThing" }, { "operationId": "delete_thing", "name": "DeleteThing" }""");

        Assert.Equal(["CIOTRK014", "CIOTRK014"], output.GeneratorDiagnostics.Select(d => d.Id));
        Assert.DoesNotContain(output.Sources.Keys, k => k != "TrackToolCatalog.g.cs");
    }

    [Theory]
    [InlineData("/things", "baseurl", "query parameter 'baseurl' has the name of the base URL variable")]
    [InlineData("/things/{baseurl}", null, "path variable '{baseurl}' has the name of the base URL variable")]
    public void Baseurl_is_refused_as_a_parameter_name(string path, string? query, string problem)
    {
        var parameters = query is null ? PathParameter("baseurl") : Query(query);
        var output = Run(
            "\"" + path + "\": { \"get\": { \"operationId\": \"get_thing\", \"parameters\": [ " + parameters + " ], \"responses\": { \"200\": { \"description\": \"OK\" } } } }",
            """{ "operationId": "get_thing", "name": "GetThing" }""");

        var diagnostic = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal("CIOTRK014", diagnostic.Id);
        Assert.Contains(problem, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(output.Sources.Keys, k => k != "TrackToolCatalog.g.cs");
    }

    [Theory]
    // Two parameters renamed to one tool name.
    [InlineData("""{ "id-type": "kind", "id_type": "kind" }""", null, "tool parameter 'kind' would stand for query 'id-type', query 'id_type'")]
    // A parameter named like the tool's own arguments.
    [InlineData("""{ "id-type": "mode" }""", null, "tool parameter 'mode' (query 'id-type') has the name of the tool's own 'mode' argument")]
    [InlineData("""{ "id-type": "request_body" }""", null, "tool parameter 'request_body' (query 'id-type') has the name of the tool's own 'request_body' argument")]
    // A flattened body property named like a query parameter.
    [InlineData("""{ "id-type": "kind" }""", """{ "kind": "" }""", "tool parameter 'kind' would stand for query 'id-type', body 'kind'")]
    public void Two_parameters_under_one_tool_name_are_refused(string renames, string? flatten, string problem)
    {
        var output = Run(
            "\"/segments/{segment-id}/add\": { \"post\": { \"operationId\": \"add\", \"parameters\": [ " + PathParameter("segment-id") + ", " + Query("id-type") + ", " + Query("id_type") + " ], "
            + Body + " \"responses\": { \"200\": { \"description\": \"OK\" } } } }",
            """{ "operationId": "add", "name": "Add", "parameters": """ + renames + (flatten is null ? string.Empty : """, "flattenBody": """ + flatten) + " }");

        var diagnostic = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal("CIOTRK014", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains(problem + "; give each a distinct name in the tool manifest's parameters; no tool is generated for it", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(output.Sources.Keys, k => k != "TrackToolCatalog.g.cs");
    }

    [Fact]
    public void Mode_is_an_ordinary_name_for_a_tool_without_mode()
    {
        var output = Run(
            "\"/things\": { \"get\": { \"operationId\": \"get_things\", \"parameters\": [ " + Query("mode") + " ], \"responses\": { \"200\": { \"description\": \"OK\" } } } }",
            """{ "operationId": "get_things", "name": "GetThings" }""");

        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Contains("GetThingsTool.g.cs", output.Sources.Keys);
    }
}
