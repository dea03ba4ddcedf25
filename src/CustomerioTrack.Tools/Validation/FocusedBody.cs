using System.Globalization;
using System.Text.Json;

namespace CustomerioTrack.Tools.Validation;

/// <summary>
/// A body cut down to the invalid items of its large array, for JsonSchema.Net to explain: its detailed evaluation costs
/// about 2 ms and 0.6 MB per batch item and runs one at a time process-wide, so a 495 KB batch with one bad item took
/// seconds and held up every other explanation. Problems found in the cut body are mapped back to the items' own indices.
/// </summary>
internal static class FocusedBody
{
    /// <summary>The body with <paramref name="property"/> holding only the items at <paramref name="indices"/>; every other property as given.</summary>
    public static JsonDocument Create(JsonElement body, string property, IReadOnlyList<int> indices)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            foreach (var member in body.EnumerateObject())
            {
                if (member.NameEquals(property) && member.Value.ValueKind == JsonValueKind.Array)
                {
                    writer.WritePropertyName(member.Name);
                    writer.WriteStartArray();
                    var next = 0;
                    var index = 0;
                    foreach (var item in member.Value.EnumerateArray())
                    {
                        if (next < indices.Count && indices[next] == index)
                        {
                            item.WriteTo(writer);
                            next++;
                        }

                        index++;
                    }

                    writer.WriteEndArray();
                }
                else
                {
                    member.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return JsonDocument.Parse(output.WrittenMemory);
    }

    /// <summary>The rule of the problem that lists invalid items left unexplained.</summary>
    public const string NotExplainedRule = "invalidItems";

    // Enough indices to find the items without making the result itself large.
    private const int ListedIndices = 50;

    /// <summary>One problem listing the invalid items beyond the first <paramref name="explained"/>, which were explained.</summary>
    public static ToolProblem NotExplained(string bodyField, string property, IReadOnlyList<int> indices, int explained)
    {
        var listed = string.Join(", ", indices.Take(ListedIndices).Select(i => i.ToString(CultureInfo.InvariantCulture)));
        var more = indices.Count > ListedIndices ? string.Create(CultureInfo.InvariantCulture, $" and {indices.Count - ListedIndices} more") : string.Empty;
        return new ToolProblem(
            Limits.TrackLimits.Field(bodyField, property),
            NotExplainedRule,
            string.Create(CultureInfo.InvariantCulture,
                $"{indices.Count} more items are invalid too, at indices {listed}{more}; only the first {explained} invalid items are explained in problems. Items with the same mistake need the same fix; call again to see what is still wrong."));
    }

    /// <summary>Problems of the cut body, their fields pointing at the items' indices in the body as given.</summary>
    public static IReadOnlyList<ToolProblem> Remap(IReadOnlyList<ToolProblem> problems, string bodyField, string property, IReadOnlyList<int> indices)
    {
        var prefix = Limits.TrackLimits.Field(bodyField, property) + "/";
        return problems.Select(problem => problem with { Field = Remap(problem.Field, prefix, indices) }).ToList();
    }

    private static string Remap(string field, string prefix, IReadOnlyList<int> indices)
    {
        if (!field.StartsWith(prefix, StringComparison.Ordinal))
        {
            return field;
        }

        var end = field.IndexOf('/', prefix.Length);
        var digits = end < 0 ? field[prefix.Length..] : field[prefix.Length..end];
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var at) && at < indices.Count
            ? prefix + indices[at].ToString(CultureInfo.InvariantCulture) + (end < 0 ? string.Empty : field[end..])
            : field;
    }
}
