using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CustomerioTrack.Generator.Tests.Infrastructure;

/// <summary>One AdditionalFile given to the generator.</summary>
internal sealed record InputFile(string Path, string Role, string Text)
{
    public static InputFile OpenApi(string text, string path = "/fixture/track.json") => new(path, "OpenApi", text);

    public static InputFile Manifest(string text, string path = "/fixture/tools.json") => new(path, "ToolManifest", text);

    public static InputFile Other(string text, string path) => new(path, "Something", text);
}

/// <summary>The result of one generator run.</summary>
internal sealed record GeneratorOutput(
    GeneratorDriver Driver,
    GeneratorDriverRunResult RunResult,
    Compilation OutputCompilation,
    ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    /// <summary>Generated sources by hint name.</summary>
    public IReadOnlyDictionary<string, string> Sources =>
        RunResult.Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);

    /// <summary>Errors and warnings of the compilation including the generated code.</summary>
    public IReadOnlyList<Diagnostic> CompilationProblems =>
        OutputCompilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
}

/// <summary>Runs <see cref="TrackToolGenerator"/> through <see cref="CSharpGeneratorDriver"/>.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions =
        new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);
    private static readonly Lazy<ImmutableArray<SyntaxTree>> RuntimeTrees = new(LoadRuntimeSources);

    public static GeneratorOutput Run(params InputFile[] files) => Run(files, Array.Empty<SyntaxTree>());

    public static GeneratorOutput Run(IReadOnlyList<InputFile> files, IReadOnlyList<SyntaxTree> extraTrees)
    {
        var compilation = CreateCompilation(extraTrees);
        var driver = CreateDriver(files);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorOutput(driver, driver.GetRunResult(), output, diagnostics);
    }

    public static GeneratorDriver CreateDriver(IReadOnlyList<InputFile> files)
    {
        var texts = files.Select(f => (AdditionalText)new TestAdditionalText(f.Path, f.Text)).ToImmutableArray();
        var roles = files.ToDictionary(f => f.Path, f => f.Role, StringComparer.Ordinal);
        return CreateDriver(texts, roles);
    }

    public static GeneratorDriver CreateDriver(ImmutableArray<AdditionalText> texts, IReadOnlyDictionary<string, string> roles)
    {
        return CSharpGeneratorDriver.Create(
            generators: new[] { new TrackToolGenerator().AsSourceGenerator() },
            additionalTexts: texts,
            parseOptions: ParseOptions,
            optionsProvider: new TestOptionsProvider(roles),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    /// <summary>
    /// A compilation holding the runtime contract (the real source of src/CustomerioTrack.Tools Definitions/ and Runtime/)
    /// plus the Kiota abstractions. The source is compiled instead of referencing CustomerioTrack.Tools.dll because that
    /// assembly already contains tools generated from openapi/, whose names would clash (CS0436) with fixture output.
    /// </summary>
    public static CSharpCompilation CreateCompilation(IReadOnlyList<SyntaxTree>? extraTrees = null) =>
        CSharpCompilation.Create(
            "GeneratorTestAssembly",
            RuntimeTrees.Value.Concat(extraTrees ?? Array.Empty<SyntaxTree>()),
            References.Value,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Default));

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var tpa = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return tpa.Split(Path.PathSeparator)
            .Where(p => !Path.GetFileName(p).StartsWith("CustomerioTrack.", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }

    private static ImmutableArray<SyntaxTree> LoadRuntimeSources()
    {
        var tools = Path.Combine(RepositoryPaths.Root, "src", "CustomerioTrack.Tools");
        var files = Directory.GetFiles(Path.Combine(tools, "Definitions"), "*.cs")
            .Concat(new[]
            {
                Path.Combine(tools, "Runtime", "TrackTool.cs"),
                Path.Combine(tools, "Runtime", "ToolArguments.cs"),
            })
            .OrderBy(p => p, StringComparer.Ordinal);
        var usings = CSharpSyntaxTree.ParseText(
            """
            global using System;
            global using System.Collections.Generic;
            global using System.Linq;
            global using System.Threading;
            global using System.Threading.Tasks;
            """,
            ParseOptions,
            path: "GlobalUsings.cs");
        return files
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), ParseOptions, path: f))
            .Prepend(usings)
            .ToImmutableArray();
    }
}

/// <summary>Locations in the repository.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string Snapshots => Path.Combine(Root, "tests", "CustomerioTrack.Generator.Tests", "Snapshots");

    /// <summary>Customer.io's published description: <c>../shared/reference/customerio-track-openapi.json</c> from the repository root.</summary>
    public static string PublishedDescription =>
        Path.GetFullPath(Path.Combine(Root, "..", "shared", "reference", "customerio-track-openapi.json"));

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(Fixtures, name));

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CustomerioTrack.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (CustomerioTrack.sln).");
    }
}
