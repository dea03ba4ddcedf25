using System.Globalization;
using System.Text.Json;
using CustomerioTrack.Tools;

namespace CustomerioTrack.Sandbox;

/// <summary>
/// Refuses valid JSON that parsers read differently: a key repeated within one object (last wins, first wins, or an
/// error) and a <c>\u</c> escape that is an unpaired surrogate (replaced, kept, or an error). The sandbox names the
/// place instead of guessing what was meant.
/// </summary>
internal static class SandboxBodyCheck
{
    private const string NothingWritten = "; nothing was written";

    /// <summary>The first such problem at its location (<c>request_body/data/name</c>), or null. <paramref name="json"/> must be valid JSON.</summary>
    public static ToolProblem? Find(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var frames = new List<Frame>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                {
                    var frame = frames[^1];
                    if (Text(ref reader) is not { } name)
                    {
                        return Problem(frames.SkipLast(1), "unpairedSurrogate", "a key of this object has a \\u escape that is an unpaired surrogate (not Unicode text)" + NothingWritten);
                    }

                    frame.Segment = name;
                    if (!frame.Keys!.Add(name))
                    {
                        return Problem(frames, "duplicateKey", $"the key '{name}' appears more than once in the same object" + NothingWritten);
                    }

                    break;
                }

                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    frames.RemoveAt(frames.Count - 1);
                    break;
                default:
                    if (frames.Count > 0 && frames[^1].Keys is null)
                    {
                        var array = frames[^1];
                        array.Segment = (++array.Index).ToString(CultureInfo.InvariantCulture);
                    }

                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        frames.Add(new Frame { Keys = new HashSet<string>(StringComparer.Ordinal) });
                    }
                    else if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        frames.Add(new Frame());
                    }
                    else if (reader.TokenType == JsonTokenType.String && Text(ref reader) is null)
                    {
                        return Problem(frames, "unpairedSurrogate", "the string has a \\u escape that is an unpaired surrogate (not Unicode text)" + NothingWritten);
                    }

                    break;
            }
        }

        return null;
    }

    private static string? Text(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static ToolProblem Problem(IEnumerable<Frame> path, string rule, string message) =>
        new(string.Join('/', path.Select(f => f.Segment).Prepend("request_body")), rule, message);

    /// <summary>An open object (with its keys so far) or array (with its current index).</summary>
    private sealed class Frame
    {
        public HashSet<string>? Keys { get; init; }
        public int Index { get; set; } = -1;
        public string Segment { get; set; } = "";
    }
}
