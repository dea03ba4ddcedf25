using System.Text.Json.Nodes;

namespace CustomerioTrack.Tools;

/// <summary>Builders for the result objects every tool returns.</summary>
internal static class ToolResults
{
    public static ToolCallResult Error(string kind, string message, IReadOnlyList<ToolProblem>? problems = null, string? hint = null, bool? sent = false)
    {
        var error = new JsonObject { ["kind"] = kind, ["message"] = message };
        if (problems is { Count: > 0 })
        {
            error["problems"] = new JsonArray(problems.Select(p => (JsonNode?)new JsonObject
            {
                ["field"] = p.Field,
                ["rule"] = p.Rule,
                ["message"] = p.Message,
            }).ToArray());
        }

        if (hint is not null)
        {
            error["hint"] = hint;
        }

        error["sent"] = sent is { } known ? JsonValue.Create(known) : JsonValue.Create("unknown");
        return new ToolCallResult(true, new JsonObject { ["error"] = error });
    }

    /// <summary>A call refused for its input: the problems in item order, and a message that names them.</summary>
    public static ToolCallResult NotCalled(string kind, string toolName, IReadOnlyList<ToolProblem> problems, string? hint = null)
    {
        var ordered = ProblemOrder.ByItem(problems);
        return Error(kind, $"{toolName} was not called: " + Describe(ordered), ordered, hint);
    }

    private static string Describe(IReadOnlyList<ToolProblem> problems) =>
        string.Join("; ", problems.Select(p => $"{p.Field}: {p.Message}"));
}
