using System.Text.Json.Nodes;
using CustomerioTrack.Client;

namespace CustomerioTrack.Tools;

/// <summary>
/// What the CustomerioTrack sandbox says about the answers of one call (see <see cref="SandboxHeaders"/>).
/// </summary>
internal sealed class SandboxAnswers
{
    // The sandbox sends at most this many per answer (its notes, then the summary of the rest); more would come from something else.
    private const int MaxNotesPerAnswer = SandboxHeaders.MaxNotes + 1;

    private readonly List<string> _notes = [];
    private int _answers;
    private int _marked;

    /// <summary>True when every answer seen came from the sandbox.</summary>
    public bool FromSandbox => _answers > 0 && _marked == _answers;

    /// <summary>The answers of one response.</summary>
    public static SandboxAnswers Of(TrackRawResponse response)
    {
        var answers = new SandboxAnswers();
        answers.Add(response);
        return answers;
    }

    public void Add(TrackRawResponse response)
    {
        _answers++;
        if (!response.HeaderValues(SandboxHeaders.Mark).Any(value => value.Trim() == "1"))
        {
            return;
        }

        _marked++;
        // Encoded values hold no comma, so values a proxy joined into one line split back apart.
        var notes = response.HeaderValues(SandboxHeaders.Note)
            .SelectMany(value => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Take(MaxNotesPerAnswer)
            .Select(Uri.UnescapeDataString);
        _notes.AddRange(notes);
    }

    /// <summary>Adds <c>sandbox_notes</c> when the sandbox left any.</summary>
    public void WriteTo(JsonObject content)
    {
        if (FromSandbox && _notes.Count > 0)
        {
            content["sandbox_notes"] = new JsonArray(_notes.Select(note => (JsonNode?)JsonValue.Create(note)).ToArray());
        }
    }
}
