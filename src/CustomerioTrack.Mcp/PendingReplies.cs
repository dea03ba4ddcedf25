namespace CustomerioTrack.Mcp;

/// <summary>
/// The requests read from the client that have not been answered yet, by id, so the end of the input can wait for their
/// replies and for no others.
/// </summary>
internal sealed class PendingReplies
{
    private readonly Lock _gate = new();

    // A count per id: a client may (wrongly) reuse an id while its first request is still open.
    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);
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

    public void RequestRead(string requestKey)
    {
        lock (_gate)
        {
            _open[requestKey] = _open.GetValueOrDefault(requestKey) + 1;
            if (_unanswered++ == 0)
            {
                _allAnswered = NewAnswered(completed: false);
            }
        }
    }

    public void ReplySent(string requestKey) => Close(requestKey);

    /// <summary>The request was cancelled by the client; MCP sends no reply to a cancelled request.</summary>
    public void NoReplyExpected(string requestKey) => Close(requestKey);

    /// <summary>True when every request read so far has been answered (or cancelled) within <paramref name="limit"/>.</summary>
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

    private void Close(string requestKey)
    {
        lock (_gate)
        {
            // A reply to a line not recognised as a request, or a second word on one already closed, changes nothing.
            if (!_open.TryGetValue(requestKey, out var count))
            {
                return;
            }

            if (count == 1)
            {
                _open.Remove(requestKey);
            }
            else
            {
                _open[requestKey] = count - 1;
            }

            if (--_unanswered == 0)
            {
                _allAnswered.TrySetResult();
            }
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
