using System.Text.Json.Nodes;

namespace CustomerioTrack.Sandbox.Storage;

/// <summary>The sandbox's data operations inside one transaction. Every method records in <see cref="SandboxTx.Notes"/> what it did not apply.</summary>
internal sealed partial class SandboxState(SandboxTx tx)
{
    private static readonly string[] IdentifierKinds = ["id", "email", "cio_id", "phone"];

    public SandboxTx Tx => tx;

    public static JsonObject ParseObject(string? json) =>
        string.IsNullOrEmpty(json) ? new JsonObject() : JsonNode.Parse(json) as JsonObject ?? new JsonObject();

    public static IReadOnlyList<string> Kinds => IdentifierKinds;
}
