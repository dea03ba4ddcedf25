using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CustomerioTrack.Tools;

namespace CustomerioTrack.Sandbox;

/// <summary>
/// Request-size limits of the whole request, as the API enforces them on what it receives (v2 entity &lt; 32 kB, batch
/// &lt; 500 kB with each item ≤ 32 kB). Per-field limits come from the tools' <c>TrackLimits</c> (one source of truth).
/// </summary>
internal static class SandboxLimits
{
    public const int EntityMaxBytes = 32 * 1024;
    public const int BatchMaxBytes = 500 * 1024;
    public const int BatchItemMaxBytes = 32 * 1024;

    public static void Check(string operation, JsonNode body, int bodyBytes, List<ToolProblem> problems, SortedDictionary<int, List<ToolProblem>> itemErrors)
    {
        switch (operation)
        {
            case "entity" when bodyBytes >= EntityMaxBytes:
                problems.Add(new ToolProblem("request_body", "maxBytes", string.Create(CultureInfo.InvariantCulture, $"the request is {bodyBytes} bytes; /api/v2/entity requests must be smaller than 32kb")));
                break;
            case "batch" when bodyBytes >= BatchMaxBytes:
                problems.Add(new ToolProblem("request_body", "maxBytes", string.Create(CultureInfo.InvariantCulture, $"the request is {bodyBytes} bytes; /api/v2/batch requests must be smaller than 500kb")));
                break;
            case "batch" when body["batch"] is JsonArray items:
                for (var i = 0; i < items.Count; i++)
                {
                    var size = Encoding.UTF8.GetByteCount(items[i]?.ToJsonString() ?? "null");
                    if (size > BatchItemMaxBytes)
                    {
                        SandboxEngine.Add(itemErrors, i, new ToolProblem(string.Create(CultureInfo.InvariantCulture, $"request_body/batch/{i}"), "maxBytes",
                            string.Create(CultureInfo.InvariantCulture, $"the item is {size} bytes; each batch item must be at most 32kb")));
                    }
                }

                break;
        }
    }
}
