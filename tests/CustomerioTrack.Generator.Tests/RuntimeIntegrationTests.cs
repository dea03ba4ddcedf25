using CustomerioTrack.Tools;

namespace CustomerioTrack.Generator.Tests;

/// <summary>The generator as the real build runs it: src/CustomerioTrack.Tools with openapi/track.json and openapi/tools.json.</summary>
public sealed class RuntimeIntegrationTests
{
    [Fact]
    public void The_runtime_assembly_contains_every_manifest_tool()
    {
        var definitions = TrackToolCatalog.Definitions;
        var tools = TrackToolCatalog.CreateAll();

        Assert.Equal(18, definitions.Count);
        Assert.Equal(17, definitions.Count(d => d.EnabledByDefault));
        Assert.Equal(definitions.Select(d => d.Name), tools.Select(t => t.Name));
        Assert.All(tools, tool => Assert.Same(tool.Definition, definitions.Single(d => d.Name == tool.Name)));
        Assert.Equal("UpdateOrAddPerson", UpdateOrAddPersonTool.Definition.Name);
        Assert.Equal("identify", UpdateOrAddPersonTool.Definition.OperationId);
        Assert.Equal("PUT", UpdateOrAddPersonTool.Definition.HttpMethod);
    }
}
