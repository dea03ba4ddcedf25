using System.Text.Json;

namespace CustomerioTrack.Tools.Tests.Support;

/// <summary>A batch over Customer.io's 500 KB limit: 1,200 identifies of about 1 KB, which the tools send as three requests.</summary>
public static class SplitBatch
{
    public const int Items = 1200;

    /// <summary>The tool's arguments as JSON text: mode execute and the batch as request_body.</summary>
    public static string Arguments { get; } = """{"mode":"execute","request_body":{"batch":[""" + string.Join(",", Enumerable.Range(0, Items).Select(Item)) + "]}}";

    /// <summary>The same arguments by name, as an MCP tools/call request carries them.</summary>
    public static Dictionary<string, JsonElement> ArgumentsByName()
    {
        using var document = JsonDocument.Parse(Arguments);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }

    private static string Item(int index) =>
        $$$"""{"type":"person","identifiers":{"id":"{{{index}}}"},"action":"identify","attributes":{"p":"{{{new string('p', 900)}}}"}}""";
}
