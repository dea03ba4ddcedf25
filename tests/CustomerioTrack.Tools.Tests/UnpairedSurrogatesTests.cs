using System.Text;
using System.Text.Json;
using CustomerioTrack.Tools.Validation;

namespace CustomerioTrack.Tools.Tests;

/// <summary>The raw-text scan for lone surrogate escapes agrees with System.Text.Json, which throws when reading one.</summary>
public sealed class UnpairedSurrogatesTests
{
    private static readonly string[] Pieces =
        ["a", "é", "😀", "\\n", "\\\\", "\\\\u", "\\\\ud800", "\\\"", "\\/", "\\u0041", "\\u00e9", "\\ud83d\\ude00", "\\ud83d", "\\ude00", "\\uD800", "\\uDFFF", "\\ud83d\\u0041", "u", "d800"];

    [Fact]
    public void Finds_exactly_the_strings_that_cannot_be_read_among_5000_random_ones()
    {
        var random = new Random(20261129);
        for (var n = 0; n < 5_000; n++)
        {
            var text = new StringBuilder();
            var length = random.Next(0, 12);
            for (var p = 0; p < length; p++)
            {
                text.Append(Pieces[random.Next(Pieces.Length)]);
            }

            // Long runs before and after: the scan jumps between backslashes, so what lies far from the first must count too.
            var json = "{\"pad\":\"" + new string('x', random.Next(0, 3) * 4000) + "\\n\",\"v\":\"" + text + "\"}";
            using var document = JsonDocument.Parse(json);
            var readable = true;
            try
            {
                _ = document.RootElement.GetProperty("v").GetString();
            }
            catch (InvalidOperationException)
            {
                readable = false;
            }

            var problems = new List<ToolProblem>();
            Assert.True(readable != UnpairedSurrogates.Find(document.RootElement, "request_body", problems), json.Length > 300 ? json[^300..] : json);
            Assert.Equal(readable ? 0 : 1, problems.Count);
        }
    }

    [Fact]
    public void A_lone_surrogate_far_after_an_ordinary_escape_is_found_and_named()
    {
        var json = "{\"batch\":[{\"note\":\"line\\nbreak\"}," + string.Join(",", Enumerable.Range(0, 2000).Select(i => "{\"n\":\"" + i + "\"}")) + ",{\"bad\":\"x\\udc00y\"}]}";
        using var document = JsonDocument.Parse(json);
        var problems = new List<ToolProblem>();

        Assert.True(UnpairedSurrogates.Find(document.RootElement, "request_body", problems));
        var problem = Assert.Single(problems);
        Assert.Equal("request_body/batch/2001/bad", problem.Field);
        Assert.Equal(UnpairedSurrogates.Rule, problem.Rule);
        Assert.StartsWith("'request_body/batch/2001/bad' contains \\uDC00, half of a UTF-16 surrogate pair", problem.Message);
    }
}
