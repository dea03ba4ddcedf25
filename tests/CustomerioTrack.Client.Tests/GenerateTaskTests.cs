using System.Diagnostics;
using CustomerioTrack.Client.Tests.Support;

namespace CustomerioTrack.Client.Tests;

/// <summary>
/// build.cake's Generate task, run for real (Cake and Kiota, the pinned local tools) in a scratch copy of the
/// repository's build files: a description Kiota rejects fails the task and leaves the committed client as it was.
/// </summary>
public sealed class GenerateTaskTests
{
    private const string CommittedFile = "Models/CommittedModel.cs";

    public static TheoryData<string, string, string, string> BrokenDescriptions() => new()
    {
        // Not JSON: Kiota reads nothing, and its --clean-output would leave an empty folder.
        { "invalid JSON", "\"/api/v1/accounts/region\": {", "\"/api/v1/accounts/region\": {,", "Kiota reported 1 error(s) and 0 unexpected warning(s)" },
        // A dangling $ref: Kiota warns and writes a client whose body parameter is an UntypedNode.
        {
            "dangling $ref",
            "\"$ref\": \"#/components/schemas/IdentifyRequest\"",
            "\"$ref\": \"#/components/schemas/IdentifyRequestTypo\"",
            "Kiota reported 0 error(s) and 1 unexpected warning(s)"
        },
    };

    [Theory]
    [MemberData(nameof(BrokenDescriptions))]
    public void A_failed_Generate_leaves_the_committed_client_as_it_was(string breakage, string original, string broken, string expected)
    {
        var scratch = Directory.CreateTempSubdirectory("customeriotrack-generate-task-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(scratch, ".config"));
            Directory.CreateDirectory(Path.Combine(scratch, "openapi"));
            File.Copy(Path.Combine(RepositoryRoot.Path, "build.cake"), Path.Combine(scratch, "build.cake"));
            File.Copy(Path.Combine(RepositoryRoot.Path, "global.json"), Path.Combine(scratch, "global.json"));
            File.Copy(Path.Combine(RepositoryRoot.Path, ".config", "dotnet-tools.json"), Path.Combine(scratch, ".config", "dotnet-tools.json"));
            var description = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "openapi", "track.json"));
            Assert.Contains(original, description, StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(scratch, "openapi", "track.json"), ReplaceFirst(description, original, broken));
            var committed = Path.Combine(scratch, "src", "CustomerioTrack.Client", "Generated", CommittedFile);
            Directory.CreateDirectory(Path.GetDirectoryName(committed)!);
            File.WriteAllText(committed, "// the client committed before this run\n");

            Run(scratch, "tool restore");
            var (exitCode, output) = Run(scratch, "cake --target=Generate");

            Assert.True(exitCode != 0, $"Generate succeeded on a description with {breakage}:\n{output}");
            Assert.Contains(expected, output, StringComparison.Ordinal);
            var left = Directory.GetFiles(Path.Combine(scratch, "src", "CustomerioTrack.Client", "Generated"), "*", SearchOption.AllDirectories)
                .Select(path => Path.GetRelativePath(Path.Combine(scratch, "src", "CustomerioTrack.Client", "Generated"), path).Replace('\\', '/'))
                .ToList();
            Assert.Equal([CommittedFile], left);
            Assert.Equal("// the client committed before this run\n", File.ReadAllText(committed));
            Assert.Equal(["Generated"], Directory.GetDirectories(Path.Combine(scratch, "src", "CustomerioTrack.Client")).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static string ReplaceFirst(string text, string original, string replacement)
    {
        var index = text.IndexOf(original, StringComparison.Ordinal);
        return string.Concat(text.AsSpan(0, index), replacement, text.AsSpan(index + original.Length));
    }

    private static (int ExitCode, string Output) Run(string workingDirectory, string arguments)
    {
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var standardError = process.StandardError.ReadToEndAsync();
        var standardOutput = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {arguments} did not finish in 5 minutes:\n{standardOutput}");
        }

        return (process.ExitCode, standardOutput + standardError.Result);
    }
}
