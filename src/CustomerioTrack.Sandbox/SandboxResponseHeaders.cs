using System.Globalization;
using CustomerioTrack.Tools;

namespace CustomerioTrack.Sandbox;

/// <summary>
/// The headers that tell a caller it talked to the sandbox and what the sandbox did not do as asked: every response has
/// <see cref="SandboxHeaders.Mark"/> <c>: 1</c>; each of the request's <see cref="SandboxResponse.Notes"/> is one value of
/// <see cref="SandboxHeaders.Note"/>, encoded with <see cref="Uri.EscapeDataString(string)"/>; at most
/// <see cref="SandboxHeaders.MaxNotes"/>, then one value saying how many more the journal holds.
/// </summary>
public static class SandboxResponseHeaders
{
    private const int MaxNotes = SandboxHeaders.MaxNotes;

    /// <summary>The headers for <paramref name="response"/>, in order (a name repeats once per value).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> For(SandboxResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = new List<KeyValuePair<string, string>> { new(SandboxHeaders.Mark, "1") };
        foreach (var note in response.Notes.Take(MaxNotes))
        {
            headers.Add(new(SandboxHeaders.Note, Uri.EscapeDataString(note)));
        }

        if (response.Notes.Count > MaxNotes)
        {
            var more = string.Create(CultureInfo.InvariantCulture, $"… and {response.Notes.Count - MaxNotes} more notes: read sandbox://journal");
            headers.Add(new(SandboxHeaders.Note, Uri.EscapeDataString(more)));
        }

        return headers;
    }
}
