using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using CustomerioTrack.Generator.Emit;
using CustomerioTrack.Generator.Json;
using CustomerioTrack.Generator.Model;
using CustomerioTrack.Generator.OpenApi;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CustomerioTrack.Generator;

/// <summary>
/// Emits one <c>TrackTool</c> per OpenAPI operation plus <c>TrackToolCatalog</c>, from the AdditionalFiles whose
/// <c>CustomerioTrackRole</c> metadata is <c>OpenApi</c> (the description) or <c>ToolManifest</c> (tools.json).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class TrackToolGenerator : IIncrementalGenerator
{
    /// <summary>Analyzer-config key of the AdditionalFiles metadata that selects the inputs.</summary>
    public const string RoleMetadataKey = "build_metadata.AdditionalFiles.CustomerioTrackRole";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var inputFiles = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) => ReadInputFile(pair.Left, pair.Right, cancellationToken))
            .Where(static file => file is not null)
            .Select(static (file, _) => file!)
            .WithTrackingName(TrackingNames.InputFiles);

        var parsedFiles = inputFiles
            .Select(static (file, cancellationToken) => Parse(file, cancellationToken))
            .WithTrackingName(TrackingNames.ParsedFiles);

        var generationInput = parsedFiles
            .Collect()
            .Select(static (files, _) => SelectInputs(files))
            .WithTrackingName(TrackingNames.GenerationInput);

        var model = generationInput
            .Select(static (input, cancellationToken) => ToolModelBuilder.Build(input, cancellationToken))
            .WithTrackingName(TrackingNames.Model);

        // Pipeline 1: sources only (equatable per-tool models, so a change to one tool re-emits one file).
        var tools = model
            .SelectMany(static (m, _) => m.Tools)
            .WithTrackingName(TrackingNames.Tools);
        context.RegisterSourceOutput(tools, static (spc, tool) =>
            spc.AddSource(ToolEmitter.HintName(tool), SourceText.From(ToolEmitter.EmitTool(tool), System.Text.Encoding.UTF8)));

        // Emitted, empty, also for a description that yields no tool: the runtime uses the catalog, and without it the
        // description's own error would come with compiler errors about TrackToolCatalog in hand-written code.
        var catalog = model
            .Select(static (m, _) => m.HasDescription ? m.Tools : (EquatableArray<ToolSpec>?)null)
            .WithTrackingName(TrackingNames.Catalog);
        context.RegisterSourceOutput(catalog, static (spc, all) =>
        {
            if (all is { } tools)
            {
                spc.AddSource("TrackToolCatalog.g.cs", SourceText.From(ToolEmitter.EmitCatalog(tools), System.Text.Encoding.UTF8));
            }
        });

        // Pipeline 2: diagnostics only.
        var diagnostics = model
            .SelectMany(static (m, _) => m.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (spc, diagnostic) => spc.ReportDiagnostic(diagnostic.ToDiagnostic()));
    }

    private static InputFile? ReadInputFile(AdditionalText text, AnalyzerConfigOptionsProvider options, CancellationToken cancellationToken)
    {
        if (!options.GetOptions(text).TryGetValue(RoleMetadataKey, out var role))
        {
            return null;
        }

        role = role.Trim();
        string normalized;
        if (string.Equals(role, FileRoles.OpenApi, StringComparison.OrdinalIgnoreCase))
        {
            normalized = FileRoles.OpenApi;
        }
        else if (string.Equals(role, FileRoles.ToolManifest, StringComparison.OrdinalIgnoreCase))
        {
            normalized = FileRoles.ToolManifest;
        }
        else
        {
            return null;
        }

        return new InputFile(text.Path, normalized, text.GetText(cancellationToken)?.ToString());
    }

    private static ParsedFile Parse(InputFile file, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (file.Text is null)
        {
            var location = new LocationInfo(file.Path, default, default);
            return new ParsedFile(file.Path, file.Role, null, new EquatableArray<DiagnosticInfo>(new[]
            {
                DiagnosticInfo.Create(DiagnosticDescriptors.InvalidJson, location, file.Path, "the file could not be read"),
            }));
        }

        try
        {
            return new ParsedFile(file.Path, file.Role, JsonReader.Parse(file.Text, file.Path), EquatableArray<DiagnosticInfo>.Empty);
        }
        catch (JsonReaderException exception)
        {
            return new ParsedFile(file.Path, file.Role, null, new EquatableArray<DiagnosticInfo>(new[]
            {
                DiagnosticInfo.Create(DiagnosticDescriptors.InvalidJson, exception.Location, file.Path, exception.Message),
            }));
        }
    }

    private static GenerationInput SelectInputs(ImmutableArray<ParsedFile> files)
    {
        var diagnostics = new System.Collections.Generic.List<DiagnosticInfo>();
        var ordered = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var description = Pick(FileRoles.OpenApi);
        var manifest = Pick(FileRoles.ToolManifest);
        if (description is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoDescription, null));
        }

        return new GenerationInput(description, manifest, diagnostics.ToEquatableArray());

        ParsedFile? Pick(string role)
        {
            var candidates = ordered.Where(f => f.Role == role).ToList();
            foreach (var ignored in candidates.Skip(1))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.DuplicateRole,
                    new LocationInfo(ignored.Path, default, default),
                    role,
                    candidates[0].Path,
                    ignored.Path));
            }

            return candidates.FirstOrDefault();
        }
    }
}
