using Microsoft.Extensions.AI;

namespace CustomerioTrack.Tools;

public sealed partial class TrackToolset
{
    /// <summary>The exposed tools as Microsoft.Extensions.AI functions, for any <c>IChatClient</c>.</summary>
    public IReadOnlyList<AIFunction> AsAIFunctions() =>
        Definitions.Select(d => (AIFunction)new TrackAIFunction(this, d)).ToList();
}
