using System.Globalization;

namespace CustomerioTrack.Sandbox;

/// <summary>
/// The headers that tell a caller it talked to the sandbox and what the sandbox did not do as asked: every response has
/// <c>X-CustomerioTrack-Sandbox: 1</c>; each of the request's <see cref="SandboxResponse.Notes"/> is one value of
/// <c>X-CustomerioTrack-Sandbox-Note</c>, encoded with <see cref="Uri.EscapeDataString(string)"/>; at most
/// <see cref="MaxNotes"/>, then one value saying how many more the journal holds.
/// </summary>
public static class SandboxResponseHeaders
{
    /// <summary>Present, with value <c>1</c>, on every sandbox response.</summary>
    public const string Sandbox = "X-CustomerioTrack-Sandbox";

    /// <summary>One value per note, percent-encoded (UTF-8).</summary>
    public const string Note = "X-CustomerioTrack-Sandbox-Note";

    /// <summary>The most notes sent; the rest are summarised in one more value.</summary>
    public const int MaxNotes = 20;

    /// <summary>The headers for <paramref name="response"/>, in order (a name repeats once per value).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> For(SandboxResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = new List<KeyValuePair<string, string>> { new(Sandbox, "1") };
        foreach (var note in response.Notes.Take(MaxNotes))
        {
            headers.Add(new(Note, Uri.EscapeDataString(note)));
        }

        if (response.Notes.Count > MaxNotes)
        {
            var more = string.Create(CultureInfo.InvariantCulture, $"… and {response.Notes.Count - MaxNotes} more notes: read sandbox://journal");
            headers.Add(new(Note, Uri.EscapeDataString(more)));
        }

        return headers;
    }
}
