using System.Reflection;
using System.Runtime.Loader;
using CustomerioTrack.Generator.Tests.Infrastructure;

namespace CustomerioTrack.Generator.Tests;

public sealed class GrowthTests
{
    private const string ExtraPath = """
        "/api/v1/widgets/{widget_id}/archive": {
          "post": {
            "operationId": "archiveWidget",
            "summary": "Archive a widget",
            "parameters": [ { "$ref": "#/components/parameters/widget_id" } ],
            "responses": { "202": { "description": "Accepted" } }
          }
        },
        "/api/v2/things/{thing-id}": {
        """;

    [Fact]
    public void One_more_operation_yields_one_more_tool_that_compiles_and_describes_itself()
    {
        var description = RepositoryPaths.Fixture("small.openapi.json");
        var grown = description.Replace("\"/api/v2/things/{thing-id}\": {", ExtraPath, StringComparison.Ordinal);
        Assert.NotEqual(description, grown);
        var manifest = RepositoryPaths.Fixture("small.tools.json")
            .Replace("\"tools\": [", "\"tools\": [\n    { \"operationId\": \"archiveWidget\", \"name\": \"ArchiveWidget\" },", StringComparison.Ordinal);

        var before = GeneratorHarness.Run(InputFile.OpenApi(description), InputFile.Manifest(RepositoryPaths.Fixture("small.tools.json")));
        var after = GeneratorHarness.Run(InputFile.OpenApi(grown), InputFile.Manifest(manifest));

        Assert.Empty(after.GeneratorDiagnostics);
        Assert.Empty(after.CompilationProblems);
        Assert.Equal(before.Sources.Count + 1, after.Sources.Count);
        Assert.Contains("ArchiveWidgetTool.g.cs", after.Sources.Keys);

        var assembly = Load(after);
        var catalog = assembly.GetType("CustomerioTrack.Tools.TrackToolCatalog", throwOnError: true)!;
        var definitions = (System.Collections.IEnumerable)catalog.GetProperty("Definitions")!.GetValue(null)!;
        Assert.Equal(4, definitions.Cast<object>().Count());

        var definition = assembly.GetType("CustomerioTrack.Tools.ArchiveWidgetTool", throwOnError: true)!
            .GetProperty("Definition", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        Assert.Equal("ArchiveWidget", Read<string>(definition, "Name"));
        Assert.Equal("POST", Read<string>(definition, "HttpMethod"));
        Assert.Equal("/api/v1/widgets/{widget_id}/archive", Read<string>(definition, "PathTemplate"));
        Assert.Equal("archiveWidget", Read<string>(definition, "OperationId"));
        Assert.Equal(new[] { 202 }, Read<IReadOnlyList<int>>(definition, "SuccessStatusCodes"));

        var createAll = (System.Collections.IEnumerable)catalog.GetMethod("CreateAll")!.Invoke(null, null)!;
        Assert.Equal(4, createAll.Cast<object>().Count());
    }

    private static T Read<T>(object instance, string property) => (T)instance.GetType().GetProperty(property)!.GetValue(instance)!;

    private static Assembly Load(GeneratorOutput output)
    {
        using var stream = new MemoryStream();
        var emit = output.OutputCompilation.Emit(stream);
        Assert.True(emit.Success, string.Join(Environment.NewLine, emit.Diagnostics));
        stream.Position = 0;
        return new AssemblyLoadContext("generated-" + Guid.NewGuid().ToString("N"), isCollectible: true).LoadFromStream(stream);
    }
}
