using System.Text.Json.Serialization;

namespace CustomerioTrack.Sandbox;

/// <summary>
/// Source-generated System.Text.Json metadata for the <c>sandbox ... --json</c> output (Native AOT and trimming safe).
/// Bound to <see cref="SandboxCli.JsonOptions"/> at run time, which sets the naming policy, indentation and encoder.
/// </summary>
[JsonSerializable(typeof(IReadOnlyList<SandboxPerson>))]
[JsonSerializable(typeof(SandboxPersonDetail))]
[JsonSerializable(typeof(IReadOnlyList<SandboxEvent>))]
[JsonSerializable(typeof(IReadOnlyList<SandboxSegment>))]
[JsonSerializable(typeof(IReadOnlyList<SandboxObject>))]
[JsonSerializable(typeof(IReadOnlyList<SandboxSuppression>))]
[JsonSerializable(typeof(IReadOnlyList<SandboxJournalEntry>))]
[JsonSerializable(typeof(SandboxDeliveryCreated))]
[JsonSerializable(typeof(SandboxResetDone))]
internal sealed partial class SandboxJsonContext : JsonSerializerContext;

/// <summary><c>sandbox delivery --json</c>: <c>{"delivery_id": ...}</c>.</summary>
internal sealed record SandboxDeliveryCreated(string DeliveryId);

/// <summary><c>sandbox reset --json</c>: <c>{"reset": true, "data": ...}</c>.</summary>
internal sealed record SandboxResetDone(bool Reset, string Data);
