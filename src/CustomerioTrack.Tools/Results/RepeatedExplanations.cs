namespace CustomerioTrack.Tools;

/// <summary>
/// States each long explanation once per result. Twenty batch items with the same wrong <c>action</c> each got the whole
/// list of allowed actions, about 300 bytes apiece in the model's context; now the first keeps it and the others say
/// <c>same as request_body/batch/0/action, not "update"</c>: every item still has its own field, rule and given value.
/// </summary>
internal static class RepeatedExplanations
{
    // Shorter explanations ("missing required property 'identifiers'") cost less repeated than a reference that must be looked up.
    private const int ReferredFromLength = 80;

    private const string Not = ", not ";

    public static IReadOnlyList<ToolProblem> StateOnce(IReadOnlyList<ToolProblem> problems)
    {
        if (problems.Count < 2)
        {
            return problems;
        }

        var firstAt = new Dictionary<(string Rule, string Explanation), string>();
        var stated = new List<ToolProblem>(problems.Count);
        foreach (var problem in problems)
        {
            var explanation = Explanation(problem);
            if (explanation.Length < ReferredFromLength)
            {
                stated.Add(problem);
            }
            else if (firstAt.TryGetValue((problem.Rule, explanation), out var field))
            {
                stated.Add(problem with { Message = "same as " + field + (problem.Given is { } given ? Not + given : string.Empty) });
            }
            else
            {
                firstAt[(problem.Rule, explanation)] = problem.Field;
                stated.Add(problem);
            }
        }

        return stated;
    }

    // The message without the value given: what items making the same mistake have in common.
    private static string Explanation(ToolProblem problem)
    {
        if (problem.Given is not { } given)
        {
            return problem.Message;
        }

        var at = problem.Message.IndexOf(Not + given, StringComparison.Ordinal);
        return at < 0 ? problem.Message : problem.Message.Remove(at, Not.Length + given.Length);
    }
}
