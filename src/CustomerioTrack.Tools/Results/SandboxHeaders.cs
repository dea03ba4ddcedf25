namespace CustomerioTrack.Tools;

/// <summary>
/// How the CustomerioTrack sandbox marks its answers: the sandbox writes these headers and tool results read them, so
/// both sides take the names and the limit from here.
/// </summary>
public static class SandboxHeaders
{
    /// <summary>Present, with value <c>1</c>, on every sandbox response.</summary>
    public const string Mark = "X-CustomerioTrack-Sandbox";

    /// <summary>One value per note about something ignored, dropped or not written, percent-encoded (UTF-8).</summary>
    public const string Note = "X-CustomerioTrack-Sandbox-Note";

    /// <summary>The most notes one answer carries; any more are summarised in one further value.</summary>
    public const int MaxNotes = 20;
}
