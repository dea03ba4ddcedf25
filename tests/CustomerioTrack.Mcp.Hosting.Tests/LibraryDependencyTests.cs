namespace CustomerioTrack.Mcp.Hosting.Tests;

/// <summary>The hosting library stays usable from any host app's NuGet reference: no ASP.NET Core, and nothing that is not packed.</summary>
public sealed class LibraryDependencyTests
{
    [Fact]
    public void The_library_references_neither_ASP_NET_Core_nor_the_command_or_the_sandbox()
    {
        var references = typeof(TrackMcpServer).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Equal("CustomerioTrack.Mcp.Hosting", typeof(TrackMcpServer).Assembly.GetName().Name);
        Assert.Contains("CustomerioTrack.Tools", references);
        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain("CustomerioTrack.Sandbox", references);
        Assert.DoesNotContain("CustomerioTrack.Mcp", references);
    }
}
