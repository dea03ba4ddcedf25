using System.Globalization;
using CustomerioTrack.Tools.Validation;

namespace CustomerioTrack.Tools;

/// <summary>
/// Orders a call's problems by the array items they are in (<c>request_body/batch/2</c> before <c>request_body/batch/10</c>),
/// so that an item's schema and Track-limit problems come together; problems of one item keep the order they were found in.
/// </summary>
internal static class ProblemOrder
{
    public static IReadOnlyList<ToolProblem> ByItem(IReadOnlyList<ToolProblem> problems) =>
        problems.Count < 2
            ? problems
            // The list of items left unexplained speaks of the ones "above", so it stays last.
            : problems.OrderBy(p => p.Rule == FocusedBody.NotExplainedRule).ThenBy(p => Indices(p.Field), IndexComparer.Instance).ToList();

    // Every index in a field's JSON pointer, outermost first: request_body/batch/3/cio_relationships/0 → [3, 0].
    private static List<long> Indices(string field)
    {
        var indices = new List<long>();
        foreach (var segment in field.Split('/'))
        {
            if (segment.Length > 0 && long.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                indices.Add(index);
            }
        }

        return indices;
    }

    private sealed class IndexComparer : IComparer<List<long>>
    {
        public static readonly IndexComparer Instance = new();

        public int Compare(List<long>? x, List<long>? y)
        {
            for (var i = 0; i < Math.Min(x!.Count, y!.Count); i++)
            {
                var order = x[i].CompareTo(y[i]);
                if (order != 0)
                {
                    return order;
                }
            }

            return x.Count.CompareTo(y.Count);
        }
    }
}
