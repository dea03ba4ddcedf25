using System.Globalization;

namespace CustomerioTrack.Benchmarks;

internal static class Cli
{
    public static bool Flag(string[] args, string name) => args.Contains(name, StringComparer.Ordinal);

    public static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    public static int Int(string[] args, string name, int fallback) =>
        Value(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    /// <summary>The repository root (the folder holding CustomerioTrack.sln), from the current folder or the binary's.</summary>
    public static string RepoRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CustomerioTrack.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run from inside the repository (CustomerioTrack.sln not found above the current folder).");
    }

    /// <summary>One line for the record: cores, load averages, date.</summary>
    public static string Machine()
    {
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores, load {load} (1/5/15 min), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, .NET {Environment.Version}");
    }
}
