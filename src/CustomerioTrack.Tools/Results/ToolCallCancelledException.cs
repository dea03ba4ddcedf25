namespace CustomerioTrack.Tools;

/// <summary>
/// A call split into several requests was cancelled after Customer.io had accepted some of them. It is still an
/// <see cref="OperationCanceledException"/>, and <see cref="PartialResult"/> accounts for every item as a finished call
/// would: accepted, failed (the request in flight, which may or may not have been processed) or not sent.
/// </summary>
public sealed class ToolCallCancelledException : OperationCanceledException
{
    internal ToolCallCancelledException(string message, ToolCallResult partialResult, OperationCanceledException cancelled)
        : base(message, cancelled, cancelled.CancellationToken)
    {
        PartialResult = partialResult;
    }

    /// <summary>The result up to the cancellation, with <c>items</c>, <c>failed</c>, <c>not_sent</c> and <c>requests</c>; <c>error.kind</c> is <c>cancelled</c>.</summary>
    public ToolCallResult PartialResult { get; }
}
