using System.Text;
using System.Text.Json;
using CsCheck;
using CustomerioTrack.Tools.Limits;

namespace CustomerioTrack.Tools.Tests;

/// <summary>
/// The limits skip writing out objects whose text is too short to reach a limit even at the widest expansion
/// (<see cref="TrackLimits.MaxSerializedExpansion"/>). That bound must hold for every value, and a value that only its
/// escapes push over a limit must still be caught.
/// </summary>
public sealed class SerializedSizeBoundTests
{
    private const char Del = '\u007f';

    // Characters as they may appear literally in JSON text, several of which compact JSON writes as six-byte escapes.
    private static readonly Gen<string> Literal = Gen.OneOf(
        Gen.Char.AlphaNumeric.Select(c => c.ToString()),
        Gen.Const(Del.ToString()),
        Gen.Char['\u0080', '\u009f'].Select(c => c.ToString()),
        Gen.Const("\u2028"), Gen.Const("\ufeff"), Gen.Const("\ue000"), Gen.Const("é"), Gen.Const("日"), Gen.Const("😀"),
        Gen.Const("\\\""), Gen.Const("\\\\"), Gen.Const("\\n"), Gen.Const("\\u0041"), Gen.Const("\\u007f"), Gen.Const("<&'+"));

    private static readonly Gen<string> JsonString = Literal.Array[0, 12].Select(parts => "\"" + string.Concat(parts) + "\"");

    private static readonly Gen<string> Space = Gen.OneOf(Gen.Const(""), Gen.Const(" "), Gen.Const("\n  "));

    private static readonly Gen<string> Value = Gen.Recursive<string>((depth, value) => depth >= 3
        ? Gen.OneOf(JsonString, Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), Gen.Const("true"), Gen.Const("null"), Gen.Const("1.50e+3"))
        : Gen.OneOf(
            JsonString,
            Gen.Select(Space, value.Array[0, 4]).Select((space, items) => "[" + space + string.Join("," + space, items) + space + "]"),
            Gen.Select(Space, Gen.Select(JsonString, value).Array[0, 4]).Select((space, members) =>
                "{" + space + string.Join("," + space, members.Select(m => m.Item1 + space + ":" + space + m.Item2)) + space + "}")));

    [Fact]
    public void Compact_JSON_is_never_more_than_six_times_the_text_as_read()
    {
        Value.Sample(text =>
        {
            var raw = Encoding.UTF8.GetBytes(text);
            using var document = JsonDocument.Parse(raw);
            return TrackLimits.SerializedBytes(document.RootElement) <= TrackLimits.MaxSerializedExpansion * raw.Length;
        }, iter: 5_000);
    }

    [Fact]
    public void The_bound_is_reached_by_a_run_of_DEL_characters()
    {
        using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes("[\"" + new string(Del, 1_000) + "\"]"));

        // 6,004 bytes written for 1,004 read: within a hair of six times, so the bound cannot be tightened.
        Assert.Equal(6_004, TrackLimits.SerializedBytes(document.RootElement));
    }

    public static TheoryData<string, string, string, string> PushedOverByEscapes => new()
    {
        // 17,011 bytes as read (under the 100,000-byte limit), 102,011 bytes as compact JSON.
        { "SendCustomerEvent", "{\"name\":\"x\",\"data\":{\"blob\":\"" + new string(Del, 17_000) + "\"}}", "request_body/data",
            "the event data is 102,011 bytes serialized as JSON; Customer.io allows at most 100,000 bytes" },
        // The object {"x":"<170 DEL>"} is 178 bytes as read and 1,028 as compact JSON.
        { "UpdateOrAddPerson", "{\"profile\":{\"x\":\"" + new string(Del, 170) + "\"}}", "request_body/profile",
            "the value of attribute 'profile' is 1,028 bytes (serialized as JSON)" },
    };

    [Theory]
    [MemberData(nameof(PushedOverByEscapes))]
    public void A_value_that_only_its_escapes_push_over_the_limit_is_still_caught(string tool, string body, string field, string message)
    {
        var problem = Assert.Single(Check(tool, body));

        Assert.Equal(field, problem.Field);
        Assert.StartsWith(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_under_the_limit_after_expansion_pass()
    {
        Assert.Empty(Check("SendCustomerEvent", "{\"name\":\"x\",\"data\":{\"blob\":\"" + new string(Del, 16_600) + "\"}}"));
        Assert.Empty(Check("UpdateOrAddPerson", "{\"profile\":{\"x\":\"" + new string(Del, 160) + "\"}}"));
    }

    private static IReadOnlyList<ToolProblem> Check(string tool, string body)
    {
        using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(body));
        var definition = TrackTools.AllDefinitions.Single(d => d.Name == tool);
        return TrackLimits.Check(definition, document.RootElement, new Dictionary<string, string>());
    }
}
