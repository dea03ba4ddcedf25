using CustomerioTrack.Generator.Json;
using CustomerioTrack.Generator.Model;
using CustomerioTrack.Generator.OpenApi;

namespace CustomerioTrack.Generator.Tests.Infrastructure;

/// <summary>Runs the model stage directly (no driver), for assertions on the JSON it produces.</summary>
internal static class ModelRunner
{
    public static GenerationModel Build(string description, string? manifest = null)
    {
        var descriptionFile = new ParsedFile("/fixture/track.json", FileRoles.OpenApi, JsonReader.Parse(description, "/fixture/track.json"), EquatableArray<DiagnosticInfo>.Empty);
        var manifestFile = manifest is null
            ? null
            : new ParsedFile("/fixture/tools.json", FileRoles.ToolManifest, JsonReader.Parse(manifest, "/fixture/tools.json"), EquatableArray<DiagnosticInfo>.Empty);
        return ToolModelBuilder.Build(new GenerationInput(descriptionFile, manifestFile, EquatableArray<DiagnosticInfo>.Empty), CancellationToken.None);
    }
}
