using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CustomerioTrack.Tools;

/// <summary>
/// Source-generated System.Text.Json metadata for what this assembly serializes itself (Native AOT and trimming safe).
/// Default settings, so the output matches <c>JsonSerializer</c> with no options.
/// </summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class ToolsJsonContext : JsonSerializerContext;
