using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerioTrack.Sandbox.Storage;
using CustomerioTrack.Tools;

namespace CustomerioTrack.Sandbox;

// Answers in Customer.io's shapes, and the small JSON readers the operations share.
internal sealed partial class SandboxEngine
{
    private enum ErrorStyle { V1, V1Single, V2 }

    private static SandboxResponse BadRequest(ErrorStyle style, IReadOnlyList<ToolProblem> problems)
    {
        static string Line(ToolProblem p) => p.Field is "request_body" ? p.Message : $"{Field(p.Field)}: {p.Message}";
        JsonObject body = style switch
        {
            ErrorStyle.V2 => new JsonObject
            {
                ["errors"] = new JsonArray(problems.Select(p => (JsonNode?)new JsonObject { ["reason"] = p.Rule, ["field"] = Field(p.Field), ["message"] = p.Message }).ToArray()),
            },
            ErrorStyle.V1Single => new JsonObject { ["meta"] = new JsonObject { ["error"] = string.Join("; ", problems.Select(Line)) } },
            _ => new JsonObject { ["meta"] = new JsonObject { ["errors"] = new JsonArray(problems.Select(p => (JsonNode?)Line(p)).ToArray()) } },
        };
        return new SandboxResponse(400, Json(body));
    }

    /// <summary><c>request_body/a/b</c> becomes <c>a.b</c>; a parameter name stays.</summary>
    private static string Field(string field)
    {
        var trimmed = field.StartsWith("request_body", StringComparison.Ordinal) ? field["request_body".Length..].TrimStart('/') : field;
        return trimmed.Length == 0 ? "body" : trimmed.Replace('/', '.');
    }

    private static string ItemField(string field)
    {
        var parts = field.Split('/');
        // request_body/batch/{i}/rest...
        return parts.Length > 3 ? string.Join('.', parts.Skip(3)) : "";
    }

    private static int? BatchIndex(string field)
    {
        var parts = field.Split('/');
        return parts.Length >= 3 && parts[0] == "request_body" && parts[1] == "batch" && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : null;
    }

    internal static void Add(SortedDictionary<int, List<ToolProblem>> errors, int index, ToolProblem problem)
    {
        if (!errors.TryGetValue(index, out var list))
        {
            errors[index] = list = [];
        }

        list.Add(problem);
    }

    private static string Json(JsonNode node) => node.ToJsonString(s_json);


    private static string? Text(JsonNode? node) => PersonKey.ScalarText(node);

    private static long? Int(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var number) ? number
        : node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var real) ? (long)real
        : null;

    private static bool IsTrue(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    private static bool IsBlank(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            result.TryAdd(name, value);
        }

        return result;
    }
}
