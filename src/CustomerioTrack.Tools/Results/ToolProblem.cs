namespace CustomerioTrack.Tools;

/// <summary>One thing wrong with a call's input: where (parameter or JSON pointer), which rule, and what to send instead.</summary>
/// <param name="Field">A parameter name, or <c>request_body</c> followed by a JSON pointer (e.g. <c>request_body/identifiers</c>).</param>
/// <param name="Rule">The rule broken, e.g. <c>required</c>, <c>enum</c>, <c>maxItems</c>.</param>
/// <param name="Message">What is wrong and what to send instead.</param>
public sealed record ToolProblem(string Field, string Rule, string Message)
{
    /// <summary>
    /// The JSON text of the value given, where <see cref="Message"/> says <c>, not</c> and it: the one part of an
    /// explanation that differs between items making the same mistake, so a result with many of them can state the rest once.
    /// </summary>
    internal string? Given { get; init; }
}
