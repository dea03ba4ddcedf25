using System.Globalization;
using CustomerioTrack.Tools;
using CustomerioTrack.Tools.Limits;

namespace CustomerioTrack.Sandbox;

/// <summary>
/// The one Track size limit the tools never meet as a refusal: a whole <c>/batch</c> request must be smaller than
/// <see cref="TrackLimits.BatchMaxBytes"/> (the tools split larger batches). Every other limit (entity requests, batch
/// items, fields) comes from the tools' <c>TrackLimits</c>, with the same reading of "kb" (1,000 bytes).
/// </summary>
internal static class SandboxLimits
{
    public static void Check(string operation, int bodyBytes, List<ToolProblem> problems)
    {
        if (operation == "batch" && bodyBytes >= TrackLimits.BatchMaxBytes)
        {
            problems.Add(new ToolProblem("request_body", "maxBytes", string.Create(CultureInfo.InvariantCulture,
                $"the request is {bodyBytes:N0} bytes; a /api/v2/batch request must be smaller than {TrackLimits.BatchMaxBytes:N0} bytes (Customer.io: smaller than 500kb): send the items in several batches")));
        }
    }
}
