using System.Globalization;

namespace CustomerioTrack.Tools;

/// <summary>
/// The time limit of one tool call (<see cref="TrackToolsOptions.CallTimeout"/>): a token that fires when the caller
/// cancels or the limit runs out, and which of the two it was.
/// </summary>
internal sealed class CallLimit : IDisposable
{
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _source;
    private readonly CancellationToken _caller;

    public CallLimit(TimeSpan limit, TimeProvider clock, CancellationToken caller)
    {
        _caller = caller;
        _timer = new CancellationTokenSource(limit, clock);
        _source = CancellationTokenSource.CreateLinkedTokenSource(caller, _timer.Token);
        Seconds = limit.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
    }

    /// <summary>Fires when the caller cancels or the limit runs out.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>True when the limit ran out (and the caller did not cancel).</summary>
    public bool Expired => _source.IsCancellationRequested && !_caller.IsCancellationRequested;

    /// <summary>Where the limit is set, for the hint of a call that ran out.</summary>
    public const string Hint = "The limit is TrackToolsOptions.CallTimeout (in the MCP server, CUSTOMERIO_MCP_CALL_TIMEOUT seconds; 0 for none). Items reported as not sent were not sent and can be sent again.";

    /// <summary>The limit in seconds, for messages.</summary>
    public string Seconds { get; }

    public void Dispose()
    {
        _source.Dispose();
        _timer.Dispose();
    }
}
