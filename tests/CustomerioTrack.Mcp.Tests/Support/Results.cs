using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace CustomerioTrack.Mcp.Tests.Support;

public static class Results
{
    /// <summary>The single text block of a result, parsed.</summary>
    public static JsonObject Json(CallToolResult result)
    {
        var block = Assert.IsType<TextContentBlock>(Assert.Single(result.Content));
        return JsonNode.Parse(block.Text)!.AsObject();
    }

    public static string Text(CallToolResult result) => Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
}
