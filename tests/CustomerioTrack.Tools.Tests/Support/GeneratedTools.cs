using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.Loader;
using System.Text;
using CustomerioTrack.Client;
using CustomerioTrack.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CustomerioTrack.Tools.Tests.Support;

/// <summary>
/// Tools for a description given in a test, as a maintainer adding it to openapi/ would get them: the real generator
/// emits them, Roslyn compiles them against this CustomerioTrack.Tools, and they run on the real executor and HTTP pipeline.
/// </summary>
public static class GeneratedTools
{
    /// <summary>The emitted tools; fails on any generator diagnostic or compilation error.</summary>
    public static IReadOnlyList<TrackTool> From(string description, string manifest)
    {
        var texts = ImmutableArray.Create<AdditionalText>(new Text("/t/track.json", description), new Text("/t/tools.json", manifest));
        var roles = new Dictionary<string, string> { ["/t/track.json"] = "OpenApi", ["/t/tools.json"] = "ToolManifest" };
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !Path.GetFileName(p).StartsWith("CustomerioTrack.", StringComparison.Ordinal))
            .Append(typeof(TrackTool).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            "NamesTools" + Guid.NewGuid().ToString("N"),
            [],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var driver = CSharpGeneratorDriver.Create([new TrackToolGenerator().AsSourceGenerator()], texts, optionsProvider: new Options(roles));
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);

        using var image = new MemoryStream();
        // CS0436: the emitted TrackToolCatalog has the name of the one in CustomerioTrack.Tools; the local one is meant.
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        var assembly = new AssemblyLoadContext(null, isCollectible: true).LoadFromStream(image);
        return assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(TrackTool)))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (TrackTool)Activator.CreateInstance(t)!)
            .ToList();
    }

    /// <summary>A toolset of these tools on the stub's client (its wire tap, its WireMock server).</summary>
    public static TrackToolset Toolset(TrackStub stub, IReadOnlyList<TrackTool> tools, bool dryRun = false) =>
        new(tools, () => stub.Client, new TrackToolsOptions { IncludeDisabledByDefault = true, DryRun = dryRun });

    private sealed class Text(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text, Encoding.UTF8);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class Options(IReadOnlyDictionary<string, string> roles) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(ImmutableDictionary<string, string>.Empty);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => GlobalOptions;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
            roles.TryGetValue(textFile.Path, out var role)
                ? new Values(ImmutableDictionary<string, string>.Empty.Add(TrackToolGenerator.RoleMetadataKey, role))
                : GlobalOptions;
    }

    private sealed class Values(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
