namespace CustomerioTrack.Generator;

/// <summary>Names of the tracked pipeline steps (tests enumerate them by reflection).</summary>
internal static class TrackingNames
{
    public const string InputFiles = nameof(InputFiles);
    public const string ParsedFiles = nameof(ParsedFiles);
    public const string GenerationInput = nameof(GenerationInput);
    public const string Model = nameof(Model);
    public const string Tools = nameof(Tools);
    public const string Catalog = nameof(Catalog);
    public const string Diagnostics = nameof(Diagnostics);
}
