using System.Text.Json;
using System.Xml.Linq;
using CustomerioTrack.Mcp.Tests.Support;

namespace CustomerioTrack.Mcp.Tests;

/// <summary>The .NET tool / McpServer package metadata: .mcp/server.json and the project's packing settings.</summary>
public sealed class PackageMetadataTests
{
    private static string ProjectDirectory => Path.Combine(Repo.Root, "src", "CustomerioTrack.Mcp");

    [Fact]
    public void Server_json_describes_the_nuget_package_and_its_variables()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(ProjectDirectory, ".mcp", "server.json")));
        var root = document.RootElement;

        Assert.Equal(TrackMcpServer.Version, root.GetProperty("version").GetString());
        var package = Assert.Single(root.GetProperty("packages").EnumerateArray());
        Assert.Equal("nuget", package.GetProperty("registryType").GetString());
        Assert.Equal("CustomerioTrack.Mcp", package.GetProperty("identifier").GetString());
        Assert.Equal(TrackMcpServer.Version, package.GetProperty("version").GetString());
        Assert.Equal("dnx", package.GetProperty("runtimeHint").GetString());
        Assert.Equal("stdio", package.GetProperty("transport").GetProperty("type").GetString());
        var variables = package.GetProperty("environmentVariables").EnumerateArray()
            .ToDictionary(v => v.GetProperty("name").GetString()!, v => (Required: v.GetProperty("isRequired").GetBoolean(), Secret: v.GetProperty("isSecret").GetBoolean()));
        Assert.Equal((true, true), variables["CUSTOMERIO_SITE_ID"]);
        Assert.Equal((true, true), variables["CUSTOMERIO_API_KEY"]);
        Assert.False(variables["CUSTOMERIO_REGION"].Required);
        Assert.False(variables["CUSTOMERIO_TRACK_URL"].Required);
        Assert.Equal((false, false), variables[TrackEnvironment.CallTimeoutVariable]);
        Assert.Equal(5, variables.Count);
    }

    [Fact]
    public void Project_packs_as_an_mcp_server_tool_with_server_json_and_readme()
    {
        var project = XDocument.Load(Path.Combine(ProjectDirectory, "CustomerioTrack.Mcp.csproj"));
        string? Property(string name) => project.Descendants(name).SingleOrDefault()?.Value;

        Assert.Equal("true", Property("PackAsTool"));
        Assert.Equal("customerio-track-mcp", Property("ToolCommandName"));
        Assert.Equal("McpServer", Property("PackageType"));
        Assert.Equal("true", Property("IsPackable"));
        Assert.Contains(project.Descendants("None"), n => (string?)n.Attribute("Include") == ".mcp/server.json" && (string?)n.Attribute("PackagePath") == "/.mcp/");
        Assert.Contains(project.Descendants("None"), n => (string?)n.Attribute("Include") == "README.md" && (string?)n.Attribute("PackagePath") == "/");
    }
}
