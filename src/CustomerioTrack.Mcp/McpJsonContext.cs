using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CustomerioTrack.Sandbox;

namespace CustomerioTrack.Mcp;

/// <summary>
/// Source-generated System.Text.Json metadata for what this assembly serializes itself (Native AOT and trimming safe):
/// HTTP error bodies and the sandbox resources (bound to <see cref="SandboxCli.JsonOptions"/> there).
/// </summary>
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(IReadOnlyList<SandboxPerson>))]
[JsonSerializable(typeof(SandboxPersonDetail))]
[JsonSerializable(typeof(IReadOnlyList<SandboxEvent>))]
[JsonSerializable(typeof(IReadOnlyList<SandboxSegment>))]
[JsonSerializable(typeof(IReadOnlyList<SandboxJournalEntry>))]
internal sealed partial class McpJsonContext : JsonSerializerContext;
