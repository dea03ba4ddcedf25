using CustomerioTrack.Generator.Emit;
using Xunit.Sdk;

namespace CustomerioTrack.Generator.Tests.Infrastructure;

/// <summary>
/// Hand-rolled snapshots: <c>Snapshots/{name}.txt</c> is compared exactly (after scrubbing the generator version).
/// With <c>UPDATE_SNAPSHOTS=1</c> the file is rewritten and the test still fails, saying so.
/// </summary>
internal static class Snapshot
{
    public static string Scrub(string text) => text.Replace(ToolEmitter.GeneratorVersion, "{version}", StringComparison.Ordinal);

    public static void Match(string name, string actual)
    {
        actual = Scrub(actual);
        var path = Path.Combine(RepositoryPaths.Snapshots, name + ".txt");
        var exists = File.Exists(path);
        var expected = exists ? File.ReadAllText(path) : null;
        if (expected == actual)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(RepositoryPaths.Snapshots);
            File.WriteAllText(path, actual);
            throw new XunitException($"Snapshot '{name}' was {(exists ? "updated" : "created")} at {path}; review it and run again without UPDATE_SNAPSHOTS.");
        }

        throw new XunitException(
            exists
                ? $"Snapshot '{name}' differs from {path}. Run with UPDATE_SNAPSHOTS=1 to accept.\n--- expected\n{expected}\n--- actual\n{actual}"
                : $"Snapshot '{name}' does not exist ({path}). Run with UPDATE_SNAPSHOTS=1 to create it.\n--- actual\n{actual}");
    }
}
