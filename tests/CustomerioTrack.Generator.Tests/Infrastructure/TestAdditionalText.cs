using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CustomerioTrack.Generator.Tests.Infrastructure;

/// <summary>An in-memory AdditionalFile.</summary>
internal sealed class TestAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text, Encoding.UTF8);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>Gives each AdditionalFile its <c>CustomerioTrackRole</c> metadata, like MSBuild's editorconfig would.</summary>
internal sealed class TestOptionsProvider(IReadOnlyDictionary<string, string> rolesByPath) : AnalyzerConfigOptionsProvider
{
    public override AnalyzerConfigOptions GlobalOptions { get; } = new TestOptions(ImmutableDictionary<string, string>.Empty);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => GlobalOptions;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        rolesByPath.TryGetValue(textFile.Path, out var role)
            ? new TestOptions(ImmutableDictionary<string, string>.Empty.Add(TrackToolGenerator.RoleMetadataKey, role))
            : GlobalOptions;

    private sealed class TestOptions(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
