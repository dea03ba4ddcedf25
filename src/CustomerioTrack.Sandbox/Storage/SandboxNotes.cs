using System.Collections;

namespace CustomerioTrack.Sandbox.Storage;

/// <summary>
/// What one request did besides what it asked for, in order (all of it goes to the journal). <see cref="Add"/> records a
/// deviation the caller must hear about (something ignored, dropped, not written or changed from what was asked), which
/// the response also carries; <see cref="AddInfo"/> records a detail of a request that did what it asked.
/// </summary>
internal sealed class SandboxNotes : IEnumerable<string>
{
    private readonly List<string> _all = [];
    private readonly List<string> _deviations = [];

    /// <summary>The notes the response carries.</summary>
    public IReadOnlyList<string> Deviations => _deviations;

    public int Count => _all.Count;

    /// <summary>Something was ignored, dropped, not written or changed from what was asked.</summary>
    public void Add(string note)
    {
        _all.Add(note);
        _deviations.Add(note);
    }

    /// <summary>A detail of a request that did what it asked (journal only).</summary>
    public void AddInfo(string note) => _all.Add(note);

    public IEnumerator<string> GetEnumerator() => _all.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
