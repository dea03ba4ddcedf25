namespace CustomerioTrack.Mcp.Tests.Support;

/// <summary>Paths in the repository, found from the test assembly's folder.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration this test assembly was built in (Debug/Release), used to find the server built alongside.</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>The built server (the test project references it, so it is built first).</summary>
    public static string ServerDll
    {
        get
        {
            var path = Path.Combine(Root, "src", "CustomerioTrack.Mcp", "bin", Configuration, "net10.0", "CustomerioTrack.Mcp.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("Build src/CustomerioTrack.Mcp first; not found: " + path);
        }
    }

    public static string NodeTests => Path.Combine(Root, "tests", "node");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CustomerioTrack.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("CustomerioTrack.sln not found above " + AppContext.BaseDirectory);
    }
}
