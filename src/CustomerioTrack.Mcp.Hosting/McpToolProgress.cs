using CustomerioTrack.Tools;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace CustomerioTrack.Mcp;

/// <summary>
/// Passes a split call's progress to the client as <c>notifications/progress</c> for the request's progress token (a
/// client may also keep its request timeout alive with them).
/// </summary>
/// <remarks>
/// The notifications are awaited before the call's result goes out, so none arrives after it. Progress is advisory: one
/// that cannot be sent neither replaces the result (a batch Customer.io accepted would be reported as failed, and sent
/// again) nor, when the call ends in a cancellation and nobody awaits it, surfaces as an unobserved task exception.
/// </remarks>
internal sealed class McpToolProgress(McpSession session, ProgressToken token) : IProgress<TrackToolProgress>
{
    private readonly List<Task> _sent = [];

    public void Report(TrackToolProgress value)
    {
        var notification = session.NotifyProgressAsync(token, new ProgressNotificationValue { Progress = value.Completed, Total = value.Total, Message = value.Message })
            .ContinueWith(static sent => _ = sent.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        lock (_sent)
        {
            _sent.Add(notification);
        }
    }

    /// <summary>Waits for every notification sent so far (sent or failed: it never throws).</summary>
    public Task SentAsync()
    {
        lock (_sent)
        {
            return Task.WhenAll(_sent);
        }
    }
}
