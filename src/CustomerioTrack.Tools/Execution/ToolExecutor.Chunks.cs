using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerioTrack.Client;
using CustomerioTrack.Client.Http;
using CustomerioTrack.Tools.Chunking;

namespace CustomerioTrack.Tools;

// Batches and segment calls: several requests in turn, every item accounted for.
internal sealed partial class ToolExecutor
{
    /// <summary>
    /// Sends the chunks one after another. A fatal answer (an error status, i.e. non-2xx, or no answer at all) stops the
    /// call: that chunk's items are failed, later chunks are not sent, and the result accounts for every item.
    /// </summary>
    private static async Task<ToolCallResult> SendChunksAsync(TrackApiClient api, TrackTool tool, ToolDefinition definition, ToolArguments arguments, ChunkPlan plan, JsonElement? body, PooledPayload? pooled, IProgress<TrackToolProgress>? progress, CallLimit? limit, CancellationToken cancellationToken)
    {
        var accounting = new ItemAccounting(plan.ItemCount);
        var total = plan.Chunks.Count;
        TrackRawResponse? last = null;
        var sandbox = new SandboxAnswers();
        // Only a split call reports progress: one request is over before anyone could show it.
        var reporter = total > 1 ? progress : null;
        reporter?.Report(new TrackToolProgress(0, total, string.Create(CultureInfo.InvariantCulture, $"Sending {plan.ItemCount:N0} items in {total} requests.")));
        for (var k = 0; k < total; k++)
        {
            var chunk = plan.Chunks[k];
            if (cancellationToken.IsCancellationRequested && (k > 0 || limit is { Expired: true }))
            {
                // Stopped between two requests: this one was never handed to the HTTP client, so none of its items went out.
                // Stopped a moment later, it counts as under way below: once handed over it may be on the wire.
                throw Stopped(api, accounting, plan, k, underWay: false, sandbox, new OperationCanceledException(cancellationToken), limit is { Expired: true } ? limit : null);
            }

            TrackRawResponse? response;
            ToolCallResult? failure;
            string? outcome;
            try
            {
                (response, failure, outcome) = await SendAsync(api, CreateRequest(api, tool, arguments, chunk.Body, pooled), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException cancelled) when (cancellationToken.IsCancellationRequested && (k > 0 || limit is { Expired: true }))
            {
                // Earlier requests were accepted: a bare cancellation would lose which items went through. A call that ran
                // out of time answers with the accounting even for its first request. Stopped while the client was still
                // asking for the workspace's region, this request never went out.
                throw Stopped(api, accounting, plan, k, underWay: !TrackRegionDetectionCancelledException.IsIn(cancelled), sandbox, cancelled, limit is { Expired: true } ? limit : null);
            }

            if (failure is null && response!.IsSuccess && !(ApiResponseInterpreter.IsWebPage(response) && ApiResponseInterpreter.ParseBody(response) is null))
            {
                last = response;
                sandbox.Add(response);
                accounting.Answered(chunk.Offset, chunk.Count, response.StatusCode, ApiResponseInterpreter.ParseBody(response));
                reporter?.Report(new TrackToolProgress(k + 1, total,
                    string.Create(CultureInfo.InvariantCulture, $"Request {k + 1} of {total} accepted ({chunk.Offset + chunk.Count:N0} of {plan.ItemCount:N0} items sent).")));
                continue;
            }

            var which = total == 1 ? "the request" : string.Create(CultureInfo.InvariantCulture, $"request {k + 1} of {total}");
            var error = failure ?? ApiResponseInterpreter.Interpret(definition, response!, chunk.Offset == 0 && chunk.Count == plan.ItemCount ? body : null);
            if (WasNotSent(outcome))
            {
                // Refused before it was sent: this request's items and the later ones' were not sent.
                for (var unsent = k; unsent < total; unsent++)
                {
                    accounting.NotSentAfterFailure(plan.Chunks[unsent].Offset, plan.Chunks[unsent].Count,
                        unsent == k ? $"{which} {outcome}" : $"not sent because {which} {outcome}");
                }

                return Fatal(error, accounting, total, k, sandbox);
            }

            string reason;
            string why;
            RequestFailure kind;
            if (response is { StatusCode: 401 or 403 or 404 })
            {
                // Refused for the credentials, the region, the URL or the segment, never for an item's content.
                kind = RequestFailure.Refused;
                reason = "request_refused";
                why = string.Create(CultureInfo.InvariantCulture, $"{which} was refused with HTTP {response.StatusCode}; Customer.io did not process any item in it, and nothing in the items is the cause");
            }
            else if (response is { StatusCode: >= 400 and < 500 and not 408 and not 429 })
            {
                kind = RequestFailure.Rejected;
                reason = "request_rejected";
                why = string.Create(CultureInfo.InvariantCulture, $"{which} was rejected with HTTP {response.StatusCode}; Customer.io did not accept any item in it");
            }
            else if (response is { StatusCode: 429 })
            {
                // As the retry handler reads a 429: nothing was processed, so even merge is sent again after one.
                kind = RequestFailure.NotProcessed;
                reason = "request_rate_limited";
                why = $"{which} was rate limited (HTTP 429); Customer.io did not process any item in it";
            }
            else if (response is not null && ApiResponseInterpreter.SaysNotProcessed(response))
            {
                // A 503 with Retry-After, which the retry handler also reads as not processed.
                kind = RequestFailure.NotProcessed;
                reason = "request_unavailable";
                why = $"{which} was answered 503 with Retry-After (unavailable); Customer.io did not process any item in it";
            }
            else
            {
                kind = RequestFailure.MayHaveBeenProcessed;
                reason = "request_failed";
                why = response is null
                    ? $"{which} {outcome}"
                    : response.IsSuccess
                        ? string.Create(CultureInfo.InvariantCulture, $"{which} was answered with an HTML page (HTTP {response.StatusCode}), not by the Track API; it may or may not have been processed")
                        : string.Create(CultureInfo.InvariantCulture, $"{which} failed with HTTP {response.StatusCode}; it may or may not have been processed");
            }

            accounting.RequestFailed(chunk.Offset, chunk.Count, response?.StatusCode, reason, why, kind);
            for (var later = k + 1; later < total; later++)
            {
                accounting.NotSentAfterFailure(plan.Chunks[later].Offset, plan.Chunks[later].Count,
                    string.Create(CultureInfo.InvariantCulture, $"not sent because {which} failed"));
            }

            if (response is not null)
            {
                sandbox.Add(response);
            }

            return Fatal(error, accounting, total, k, sandbox);
        }

        return ApiResponseInterpreter.Accounted(definition, accounting, total == 1 ? last : null, total == 1 && last is not null ? ApiResponseInterpreter.ParseBody(last) : null, sandbox);
    }

    // Request `stoppedAt` was under way (handed to the HTTP client: it may have been processed) or never sent.
    private static ToolCallCancelledException Stopped(TrackApiClient api, ItemAccounting accounting, ChunkPlan plan, int stoppedAt, bool underWay, SandboxAnswers sandbox, OperationCanceledException cancelled, CallLimit? expired)
    {
        var total = plan.Chunks.Count;
        var which = string.Create(CultureInfo.InvariantCulture, $"request {stoppedAt + 1} of {total}");
        var stopped = expired is null ? "the call was cancelled" : $"the call's time limit of {expired.Seconds} s ran out";
        if (underWay)
        {
            var chunk = plan.Chunks[stoppedAt];
            accounting.RequestFailed(chunk.Offset, chunk.Count, null, expired is null ? "request_cancelled" : "request_timed_out", $"{stopped} while {which} was under way; it may or may not have been processed", RequestFailure.MayHaveBeenProcessed);
        }

        for (var later = underWay ? stoppedAt + 1 : stoppedAt; later < total; later++)
        {
            accounting.NotSentAfterFailure(plan.Chunks[later].Offset, plan.Chunks[later].Count, $"not sent because {stopped}");
        }

        var when = underWay ? $"during {which}" : $"before {which} was sent";
        var error = expired is null
            ? ToolResults.Error(ToolErrorKind.Cancelled, $"The call was cancelled {when}.", sent: true)
            : ToolResults.Error(ToolErrorKind.Transport, $"The call did not complete within its time limit of {expired.Seconds} s: it ran out {when}.", hint: CallLimit.Hint,
                sent: stoppedAt > 0 ? true : underWay ? null : false);
        var result = ResultRedaction.Apply(Fatal(error, accounting, total, stoppedAt, sandbox), api.Redact);
        return new ToolCallCancelledException(
            $"The call was cancelled after {accounting.Accepted} of {accounting.Submitted} items were accepted; PartialResult accounts for every item.",
            result,
            cancelled);
    }

    // The failing request's own error, plus the accounting of every item.
    private static ToolCallResult Fatal(ToolCallResult error, ItemAccounting accounting, int total, int failedAt, SandboxAnswers sandbox)
    {
        var content = error.Content;
        if (content["error"] is JsonObject details)
        {
            if (total > 1)
            {
                details["message"] = details["message"]?.GetValue<string>() + " " + accounting.Summary();
                if (failedAt > 0)
                {
                    details["sent"] = true;
                }
            }
        }

        if (total == 1)
        {
            content["message"] = accounting.Summary();
        }

        accounting.WriteTo(content);

        // The notes of the requests accepted before the failure, then the failing one's (a no-op outside the sandbox).
        sandbox.WriteTo(content);
        return new ToolCallResult(true, content);
    }
}
