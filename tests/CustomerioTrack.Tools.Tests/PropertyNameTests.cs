using System.Text;
using System.Text.Json;
using CsCheck;

namespace CustomerioTrack.Tools.Tests;

/// <summary>
/// <see cref="PropertyName"/> settles most comparisons on the raw bytes and decodes only names longer than the one
/// sought. Whatever the spelling, its answer must be <see cref="JsonProperty.NameEquals(ReadOnlySpan{byte})"/>'s.
/// </summary>
public sealed class PropertyNameTests
{
    private static readonly string[] Sought = ["type", "action", "id", "a\\b", "é", "_update", "cio_relationships", ""];

    [Theory]
    [InlineData("\"type\"", "type", true)]
    [InlineData("\"t\\u0079pe\"", "type", true)]
    [InlineData("\"\\u0074\\u0079\\u0070\\u0065\"", "type", true)]
    [InlineData("\"typ\"", "type", false)]
    [InlineData("\"types\"", "type", false)]
    [InlineData("\"a\\\\b\"", "a\\b", true)]
    [InlineData("\"a\\\\b\"", "a\\\\b", false)]
    [InlineData("\"\\u00e9\"", "é", true)]
    [InlineData("\"\\n\"", "\n", true)]
    [InlineData("\"\"", "", true)]
    public void Compares_the_decoded_name(string rawName, string sought, bool expected)
    {
        using var document = JsonDocument.Parse("{" + rawName + ":1}");
        var property = document.RootElement.EnumerateObject().Single();
        Assert.Equal(expected, new PropertyName(property).Is(Encoding.UTF8.GetBytes(sought)));
        Assert.Equal(rawName.Contains('\\', StringComparison.Ordinal), new PropertyName(property).IsEscaped);
    }

    [Fact]
    public void Agrees_with_NameEquals_on_random_spellings()
    {
        // Each character of a sought name (or a near miss) written plainly or as an escape.
        var spelling = Gen.Int[0, Sought.Length - 1].SelectMany(i => Gen.Int[0, 2].Select(change => change switch
        {
            0 => Sought[i],
            1 => Sought[i] + "x",
            _ => Sought[i].Length > 1 ? Sought[i][1..] : "x",
        })).SelectMany(name => Gen.Bool.Array[name.Length].Select(escape => string.Concat(name.Select((c, k) =>
            escape[k] ? $"\\u{(int)c:x4}" : c switch { '\\' => "\\\\", '\n' => "\\n", _ => c.ToString() }))));
        spelling.Sample(raw =>
        {
            using var document = JsonDocument.Parse("{\"" + raw + "\":1}");
            var property = document.RootElement.EnumerateObject().Single();
            var name = new PropertyName(property);
            foreach (var sought in Sought)
            {
                var utf8 = Encoding.UTF8.GetBytes(sought);
                Assert.True(property.NameEquals(utf8) == name.Is(utf8), $"{raw} vs {sought}");
            }

            var names = Sought.Select(Encoding.UTF8.GetBytes).ToArray();
            Assert.Equal(names.Any(n => property.NameEquals(n)), new PropertyName(property).IsAny(names));
        }, iter: 3000);
    }
}
