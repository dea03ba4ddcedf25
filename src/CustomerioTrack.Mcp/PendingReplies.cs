namespace CustomerioTrack.Mcp;

/// <summary>Counts the requests read from the client that have not been answered yet, so the end of the input can wait for their replies.</summary>
internal sealed class PendingReplies
{
    private readonly Lock _gate = new();
    private long _unanswered;
    private TaskCompletionSource _allAnswered = NewAnswered(completed: true);

    public long Unanswered
    {
        get
        {
            lock (_gate)
            {
                return _unanswered;
            }
        }
    }

    public void RequestRead()
    {
        lock (_gate)
        {
            if (_unanswered++ == 0)
            {
                _allAnswered = NewAnswered(completed: false);
            }
        }
    }

    public void ReplySent()
    {
        lock (_gate)
        {
            // A reply to a line this count did not recognise as a request must not go below zero.
            if (_unanswered > 0 && --_unanswered == 0)
            {
                _allAnswered.TrySetResult();
            }
        }
    }

    /// <summary>True when every request read so far has been answered within <paramref name="limit"/>.</summary>
    public async Task<bool> WaitAllAnsweredAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        Task allAnswered;
        lock (_gate)
        {
            allAnswered = _allAnswered.Task;
        }

        try
        {
            await allAnswered.WaitAsync(limit, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static TaskCompletionSource NewAnswered(bool completed)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            source.SetResult();
        }

        return source;
    }
}
