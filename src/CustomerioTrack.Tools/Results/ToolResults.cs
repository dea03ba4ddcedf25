using System.Globalization;
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

    // Up to this many problems are spelled out in the message; of more, the message gives the count and a few examples,
    // since the model reads the message and every problem in the same result.
    private const int DescribedProblems = 3;

    /// <summary>A call refused for its input: the problems in item order, each long explanation stated once, and a message that names them.</summary>
    public static ToolCallResult NotCalled(string kind, string toolName, IReadOnlyList<ToolProblem> problems, string? hint = null)
    {
        var ordered = ProblemOrder.ByItem(problems);
        var stated = RepeatedExplanations.StateOnce(ordered);
        return Error(kind, $"{toolName} was not called: " + Summary(ordered, stated), stated, hint);
    }

    private static string Summary(IReadOnlyList<ToolProblem> ordered, IReadOnlyList<ToolProblem> stated)
    {
        if (stated.Count <= DescribedProblems)
        {
            return Describe(stated);
        }

        // Examples of different mistakes, each with its own explanation: "same as …" says nothing in a message. The list of
        // items left unexplained is no problem of its own: it is not counted, and it is always quoted (it says how many).
        var examples = stated.Where((problem, i) => problem.Message == ordered[i].Message && !IsUnexplainedItems(problem))
            .DistinctBy(problem => (problem.Rule, problem.Message))
            .Take(DescribedProblems)
            .Concat(stated.Where(IsUnexplainedItems))
            .ToList();
        var count = stated.Count(problem => !IsUnexplainedItems(problem));
        return string.Create(CultureInfo.InvariantCulture, $"{count} problems, each listed in problems; for example ") + Describe(examples);
    }

    private static bool IsUnexplainedItems(ToolProblem problem) => problem.Rule == Validation.FocusedBody.NotExplainedRule;

    private static string Describe(IReadOnlyList<ToolProblem> problems) =>
        string.Join("; ", problems.Select(p => $"{p.Field}: {p.Message}"));
}
