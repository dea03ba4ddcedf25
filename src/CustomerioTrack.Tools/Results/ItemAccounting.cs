using System.Globalization;
using System.Text.Json.Nodes;

namespace CustomerioTrack.Tools;

/// <summary>
/// Accounts for every item of a call that carries a list (v2 batch operations, segment ids), across one or several
/// requests: each item ends up accepted, failed (with reason) or not sent (with why). 207 <c>batch_index</c> values are
/// relative to the request they answer and are mapped back to the caller's indexes here. The single-request 207
/// handling and the split-request path both use this class.
/// </summary>
internal sealed class ItemAccounting
{
    private enum State
    {
        Pending,
        Accepted,
        Failed,
        NotSent,
    }

    private readonly State[] _states;
    private readonly List<(int? Index, JsonObject Entry, bool WholeRequest)> _failed = [];
    private readonly List<(int Index, JsonObject Entry)> _notSent = [];
    private readonly JsonArray _requests = [];
    private int _unattributed;
    private int _uncertain;
    private readonly SortedSet<string> _uncertainReasons = new(StringComparer.Ordinal);
    private int _notProcessed;
    private int _refused;
    private readonly SortedSet<string> _notProcessedReasons = new(StringComparer.Ordinal);

    public ItemAccounting(int submitted) => _states = new State[submitted];

    public int Submitted => _states.Length;

    public int Accepted => CountOf(State.Accepted);

    public int Failed => CountOf(State.Failed);

    public int NotSent => CountOf(State.NotSent);

    /// <summary>Errors of 207 answers that named no item of their request; their items are counted as accepted.</summary>
    public int Unattributed => _unattributed;

    public bool AnyPartial { get; private set; }

    /// <summary>A 2xx answer for items <c>[offset, offset + count)</c>; for 207, the listed items failed and the rest were accepted.</summary>
    public void Answered(int offset, int count, int statusCode, JsonNode? body)
    {
        var request = Request(offset, count, statusCode);
        if (statusCode == 207)
        {
            AnyPartial = true;

            // Read defensively: the body may be anything (an array, a string, not JSON), and so may each error.
            if ((body as JsonObject)?["errors"] is not JsonArray { Count: > 0 } errors)
            {
                _unattributed++;
                _failed.Add((null, new JsonObject
                {
                    ["index"] = null,
                    ["note"] = "Customer.io answered 207 (some items failed) without a readable list of errors: which items failed is unknown.",
                }, false));
                errors = [];
            }

            // One entry per failed item: a further error naming the same item joins its entry (more_errors), so the
            // list, the item counts and this request's count all count each item once.
            Dictionary<int, JsonObject>? entries = null;
            foreach (var error in errors)
            {
                var detail = error as JsonObject;
                var local = detail?["batch_index"] is JsonValue value && value.TryGetValue<int>(out var i) ? i : (int?)null;
                int? index = local is { } known && known >= 0 && known < count ? offset + known : null;
                var entry = new JsonObject
                {
                    ["index"] = index,
                    ["reason"] = detail?["reason"]?.DeepClone(),
                    ["field"] = detail?["field"]?.DeepClone(),
                    ["message"] = detail is null ? error?.DeepClone() : detail["message"]?.DeepClone(),
                };
                if (index is { } original)
                {
                    entries ??= [];
                    if (entries.TryGetValue(original, out var first))
                    {
                        entry.Remove("index");
                        if (first["more_errors"] is not JsonArray more)
                        {
                            first["more_errors"] = more = [];
                        }

                        more.Add((JsonNode)entry);
                        continue;
                    }

                    entries[original] = entry;
                    _states[original] = State.Failed;
                }
                else
                {
                    _unattributed++;
                    entry["note"] = local is null
                        ? "Customer.io did not say which item this error is about."
                        : string.Create(CultureInfo.InvariantCulture, $"Customer.io named batch_index {local}, which is not an item of this request (it carried {count}).");
                }

                _failed.Add((index, entry, false));
            }

            // Items, not errors (unknown when the answer listed none).
            request["failed"] = errors.Count > 0 ? entries?.Count ?? 0 : null;
        }

        for (var i = offset; i < offset + count; i++)
        {
            if (_states[i] == State.Pending)
            {
                _states[i] = State.Accepted;
            }
        }
    }

    /// <summary>The request for items <c>[offset, offset + count)</c> failed as a whole (error status or no answer).</summary>
    public void RequestFailed(int offset, int count, int? statusCode, string reason, string message, RequestFailure failure)
    {
        var request = Request(offset, count, statusCode);
        if (failure == RequestFailure.MayHaveBeenProcessed)
        {
            _uncertain += count;
            _uncertainReasons.Add(reason);
        }
        else if (failure == RequestFailure.Refused)
        {
            _refused += count;
        }
        else if (failure == RequestFailure.NotProcessed)
        {
            _notProcessed += count;
            _notProcessedReasons.Add(reason);
        }

        request["error"] = message;
        for (var i = offset; i < offset + count; i++)
        {
            _states[i] = State.Failed;
            _failed.Add((i, new JsonObject { ["index"] = i, ["reason"] = reason, ["message"] = message }, true));
        }
    }

    /// <summary>Items <c>[offset, offset + count)</c> were never sent.</summary>
    public void NotSentAfterFailure(int offset, int count, string reason)
    {
        var request = Request(offset, count, null);
        request["sent"] = false;
        for (var i = offset; i < offset + count; i++)
        {
            _states[i] = State.NotSent;
            _notSent.Add((i, new JsonObject { ["index"] = i, ["reason"] = reason }));
        }
    }

    /// <summary>Adds <c>items</c>, <c>failed</c>, <c>not_sent</c> and <c>requests</c> to a result; items that failed or were not
    /// sent alike, one after another, share one entry (<see cref="IndexRuns"/>).</summary>
    public void WriteTo(JsonObject content)
    {
        content["items"] = new JsonObject
        {
            ["submitted"] = Submitted,
            ["accepted"] = Accepted,
            ["failed"] = Failed,
            ["not_sent"] = NotSent,
        };
        content["failed"] = IndexRuns.Compact(_failed.OrderBy(f => f.Index ?? int.MaxValue));
        content["not_sent"] = IndexRuns.Compact(_notSent.OrderBy(n => n.Index).Select(n => ((int?)n.Index, n.Entry, true)));
        content["requests"] = _requests.DeepClone();
    }

    /// <summary>One sentence on what happened to the items.</summary>
    public string Summary()
    {
        var requests = _requests.Count == 1 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" (sent as {_requests.Count(r => r?["sent"] is null)} of {_requests.Count} planned requests)");
        var text = string.Create(CultureInfo.InvariantCulture, $"{Accepted} of {Submitted} items were accepted, {Failed} failed, {NotSent} were not sent{requests}.");
        if (_uncertain > 0 || _notProcessed > 0 || _refused > 0)
        {
            // Nothing in these items needs fixing; resending those that may have been processed may repeat them.
            text += UnrejectedAdvice();
        }
        else if (Failed > 0)
        {
            text += " Fix and resend only the failed items (listed by index in 'failed')";
            text += NotSent > 0 ? ", then the items listed in 'not_sent';" : ";";
            text += " resending accepted items would repeat them.";
        }
        else if (NotSent > 0)
        {
            text += " Resend the items listed in 'not_sent'; resending accepted items would repeat them.";
        }

        if (_unattributed > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" {_unattributed} error(s) could not be matched to an item (see 'failed' entries whose index is null); those items are counted as accepted.");
        }

        return text;
    }

    private string UnrejectedAdvice()
    {
        var text = string.Empty;
        var rejected = Failed - _uncertain - _notProcessed - _refused;
        if (rejected > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" Fix and resend the {rejected} failed items Customer.io rejected (listed by index in 'failed').");
        }

        if (_refused > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture,
                $" The {_refused} failed items with reason 'request_refused' were not processed and need no change: fix what the hint names (credentials, region, URL or segment), then resend them unchanged.");
        }

        if (_notProcessed > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture,
                $" The {_notProcessed} failed items with reason {string.Join(" or ", _notProcessedReasons.Select(r => $"'{r}'"))} were not processed: resend them once the wait in the hint has passed.");
        }

        if (_uncertain > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture,
                $" The {_uncertain} failed items with reason {string.Join(" or ", _uncertainReasons.Select(r => $"'{r}'"))} may or may not have been processed: resending them repeats any that were.");
        }

        if (NotSent > 0)
        {
            text += " Resend the items listed in 'not_sent'.";
        }

        if (Accepted > 0)
        {
            text += " Resending accepted items would repeat them.";
        }

        return text;
    }

    // A plain loop: the summary reads these counts several times for every batch of up to a thousand items.
    private int CountOf(State state)
    {
        var count = 0;
        foreach (var each in _states)
        {
            count += each == state ? 1 : 0;
        }

        return count;
    }

        private JsonObject Request(int offset, int count, int? statusCode)
    {
        var request = new JsonObject
        {
            ["status_code"] = statusCode,
            ["first_index"] = offset,
            ["count"] = count,
        };
        _requests.Add((JsonNode)request);
        return request;
    }
}

/// <summary>What a request that failed as a whole says about its items.</summary>
internal enum RequestFailure
{
    /// <summary>Rejected (a 4xx other than 401, 403, 404, 408 and 429): nothing in it was accepted, something in it needs fixing.</summary>
    Rejected,

    /// <summary>A 401, 403 or 404: nothing in it was processed, and the items need no change once the credentials, region or URL are fixed.</summary>
    Refused,

    /// <summary>A 429 or a 503 with Retry-After (as the retry handler reads them): nothing in it was processed, and it may be sent again after the wait.</summary>
    NotProcessed,

    /// <summary>A 408 or 5xx, no usable answer, or under way when the call stopped.</summary>
    MayHaveBeenProcessed,
}
