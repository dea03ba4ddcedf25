using CustomerioTrack.Generator.Tests.Infrastructure;

namespace CustomerioTrack.Generator.Tests;

public sealed class SnapshotTests
{
    internal static GeneratorOutput RunSmallFixture() => GeneratorHarness.Run(
        InputFile.OpenApi(RepositoryPaths.Fixture("small.openapi.json")),
        InputFile.Manifest(RepositoryPaths.Fixture("small.tools.json")));

    [Theory]
    [InlineData("GetWidgetTool.g.cs")]
    [InlineData("SetWidgetFlagTool.g.cs")]
    [InlineData("ReplaceThingTool.g.cs")]
    [InlineData("TrackToolCatalog.g.cs")]
    public void Emitted_source_matches_snapshot(string hintName)
    {
        var output = RunSmallFixture();

        Assert.Empty(output.GeneratorDiagnostics);
        Assert.True(output.Sources.ContainsKey(hintName), $"'{hintName}' was not generated; got: {string.Join(", ", output.Sources.Keys)}");
        Snapshot.Match(hintName, output.Sources[hintName]);
    }

    [Fact]
    public void Emits_exactly_one_file_per_tool_plus_the_catalog()
    {
        var output = RunSmallFixture();

        Assert.Equal(
            new[] { "GetWidgetTool.g.cs", "ReplaceThingTool.g.cs", "SetWidgetFlagTool.g.cs", "TrackToolCatalog.g.cs" },
            output.Sources.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Emitted_code_compiles_without_errors_or_warnings()
    {
        var output = RunSmallFixture();

        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.CompilationProblems);
    }
}
