namespace CustomerioTrack.Client.Models;

/// <summary>Hand-written convenience over the generated v2 error model.</summary>
public partial class V2ErrorResponse
{
    /// <summary>The status and <see cref="Messages"/> in place of the generic first line (what a logger prints), then the stack trace.</summary>
    public override string ToString() => TrackErrorText.Describe(this, Messages, base.ToString());

    /// <summary>
    /// One line per entry of <c>errors</c>: <c>field: message (reason)</c>, leaving out the parts the API did not send.
    /// </summary>
    public IReadOnlyList<string> Messages =>
        Errors is null ? [] : Errors.Where(e => e is not null).Select(Describe).Where(s => s.Length > 0).ToList();

    private static string Describe(V2Error error)
    {
        var text = error.Message ?? string.Empty;
        if (!string.IsNullOrEmpty(error.Field))
        {
            text = text.Length == 0 ? error.Field : error.Field + ": " + text;
        }

        if (!string.IsNullOrEmpty(error.Reason))
        {
            text = text.Length == 0 ? error.Reason : text + " (" + error.Reason + ")";
        }

        return text;
    }
}
