namespace CustomerioTrack.Client.Models;

/// <summary>Hand-written convenience over the generated v1 error model.</summary>
public partial class V1ErrorResponse
{
    /// <summary>The status and <see cref="Messages"/> in place of the generic first line (what a logger prints), then the stack trace.</summary>
    public override string ToString() => TrackErrorText.Describe(this, Messages, base.ToString());

    /// <summary>
    /// Every message the API returned, in order: <c>meta.error</c> (if present) then each of <c>meta.errors</c>.
    /// A v1 400 carries either or both shapes; empty when neither is present.
    /// </summary>
    public IReadOnlyList<string> Messages
    {
        get
        {
            var messages = new List<string>();
            if (!string.IsNullOrWhiteSpace(Meta?.Error))
            {
                messages.Add(Meta.Error);
            }

            if (Meta?.Errors is { } errors)
            {
                messages.AddRange(errors.Where(e => !string.IsNullOrWhiteSpace(e)));
            }

            return messages;
        }
    }
}
