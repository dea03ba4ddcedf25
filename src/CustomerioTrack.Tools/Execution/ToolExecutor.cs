using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerioTrack.Client;
using CustomerioTrack.Client.Http;
using CustomerioTrack.Tools.Chunking;
using CustomerioTrack.Tools.Limits;
using CustomerioTrack.Tools.Validation;
using Microsoft.Kiota.Abstractions;

namespace CustomerioTrack.Tools;

/// <summary>Runs one tool call: bind, validate, build the request on the Kiota client, send (or describe), interpret.</summary>
internal sealed partial class ToolExecutor(Lazy<TrackApiClient> client, TrackToolsOptions options, Func<ToolDefinition, RequestBodySchema> schemas)
{
    private const string JsonContentType = "application/json";

    // Below this a thread hop costs more than validating on the calling thread.
    private const int ConcurrentValidationBytes = 64 * 1024;

    public Task<ToolCallResult> InvokeAsync(TrackTool tool, JsonElement arguments, CancellationToken cancellationToken) =>
        InvokeAsync(tool, ArgumentBinder.Bind(tool.Definition, arguments), progress: null, cancellationToken);

    public Task<ToolCallResult> InvokeAsync(TrackTool tool, IReadOnlyDictionary<string, JsonElement> arguments, IProgress<TrackToolProgress>? progress, CancellationToken cancellationToken) =>
        InvokeAsync(tool, ArgumentBinder.Bind(tool.Definition, arguments), progress, cancellationToken);

    private async Task<ToolCallResult> InvokeAsync(TrackTool tool, ArgumentBinder.Binding binding, IProgress<TrackToolProgress>? progress, CancellationToken cancellationToken)
    {
        var result = await InvokeCoreAsync(tool, binding, progress, cancellationToken).ConfigureAwait(false);
        // Last line of defence: whatever a result quotes (API bodies, exception messages), it never carries the credentials.
        return client.IsValueCreated ? ResultRedaction.Apply(result, client.Value.Redact) : result;
    }

    private async Task<ToolCallResult> InvokeCoreAsync(TrackTool tool, ArgumentBinder.Binding binding, IProgress<TrackToolProgress>? progress, CancellationToken cancellationToken)
    {
        var definition = tool.Definition;
        if (binding.Problems.Count > 0)
        {
            return ToolResults.NotCalled(ToolErrorKind.InvalidArguments, definition.Name,
                binding.Problems,
                SchemaHint(definition, binding.Problems, "to see the request body schema"));
        }

        if (binding.Mode == ArgumentBinder.SchemaMode)
        {
            return SchemaResult(definition);
        }

        // A large body is validated on another thread while this one checks keys and limits (they only read the parsed
        // body). Awaited on every path: the caller may dispose the body's document once this call returns.
        var validation = binding.RequestBody is { } large && definition.RequestBody is { Flattened: false } && IsLarge(large)
            ? Task.Run(() => schemas(definition).Validate(large), CancellationToken.None)
            : null;
        using var limit = options.CallTimeout is { } timeout ? new CallLimit(timeout, options.TimeProvider, cancellationToken) : null;
        try
        {
            return await CheckAndSendAsync(tool, binding, validation, progress, limit, limit?.Token ?? cancellationToken).ConfigureAwait(false);
        }
        catch (ToolCallCancelledException stopped) when (limit is { Expired: true })
        {
            // A split call: every item is accounted for in the partial result, which is this call's answer.
            return stopped.PartialResult;
        }
        catch (OperationCanceledException cancelled) when (limit is { Expired: true })
        {
            return TrackRegionDetectionCancelledException.IsIn(cancelled) ? RanOutBeforeSending(limit) : TimedOut(limit);
        }
        finally
        {
            if (validation is not null)
            {
                await validation.ConfigureAwait(false);
            }
        }
    }

    private static ToolCallResult TimedOut(CallLimit limit) => ToolResults.Error(ToolErrorKind.Transport,
        $"The call did not complete within its time limit of {limit.Seconds} s. The request may or may not have been processed.",
        hint: CallLimit.Hint,
        sent: null);

    // Only a problem with mode or the body is one the schema helps with: pointing at it for a misnamed parameter or a
    // bad path identifier sends the model after a schema it has already read.
    private static string? SchemaHint(ToolDefinition definition, IReadOnlyList<ToolProblem> problems, string purpose) =>
        definition.HasMode && problems.Any(p => p.Field is ArgumentBinder.ModeParameter || p.Field.StartsWith(ArgumentBinder.RequestBodyParameter, StringComparison.Ordinal))
            ? $"Call {definition.Name} with mode=\"{ArgumentBinder.SchemaMode}\" {purpose}."
            : null;

    private static bool IsLarge(JsonElement body) => JsonMarshal.GetRawUtf8Value(body).Length >= ConcurrentValidationBytes;

    private async Task<ToolCallResult> CheckAndSendAsync(TrackTool tool, ArgumentBinder.Binding binding, Task<IReadOnlyList<ToolProblem>>? validation, IProgress<TrackToolProgress>? progress, CallLimit? limit, CancellationToken cancellationToken)
    {
        var definition = tool.Definition;
        var problems = new List<ToolProblem>();
        foreach (var parameter in definition.Parameters)
        {
            PathParameterGuard.Check(parameter, binding.Arguments, problems);
            TrackLimits.CheckPathIdentifier(parameter, binding.Arguments, problems);
        }

        foreach (var (name, value) in binding.Arguments.All)
        {
            DuplicateKeys.Find(value, name, problems);
        }

        if (binding.RequestBody is { } given)
        {
            DuplicateKeys.Find(given, ArgumentBinder.RequestBodyParameter, problems);
        }

        // A key given twice makes the body ambiguous: checking one reading of it would prove nothing about the other.
        var ambiguous = problems.Exists(p => p.Rule == DuplicateKeys.Rule);
        var body = ambiguous ? null : definition.RequestBody switch
        {
            null => null,
            { Flattened: true } => FlattenedBody(definition, binding.Arguments),
            _ => binding.RequestBody,
        };
        var mayHoldEvents = true;
        if (body is { } present)
        {
            // Track limits run on every body (tolerating schema breaks); where a limit and the schema both complain about
            // a field (a millisecond timestamp, an over-long name) the limit's message, with the fix, replaces the schema's.
            var limitProblems = definition.RequestBody is { Flattened: false } ? TrackLimits.Check(definition, present, binding.Arguments, options.TimeProvider, out mayHoldEvents) : [];
            var schemaProblems = TrackLimits.AllowSplitting(definition, validation is null ? schemas(definition).Validate(present) : await validation.ConfigureAwait(false));
            problems.AddRange(TrackLimits.Merge(schemaProblems, limitProblems));
        }

        if (problems.Count > 0)
        {
            var kind = problems.Any(p => p.Field.StartsWith(ArgumentBinder.RequestBodyParameter, StringComparison.Ordinal))
                ? ToolErrorKind.InvalidRequestBody
                : ToolErrorKind.InvalidArguments;
            return ToolResults.NotCalled(kind, definition.Name, problems,
                SchemaHint(definition, problems, "for the full schema"));
        }

        TrackApiClient api;
        try
        {
            api = client.Value;
        }
        catch (TrackConfigurationException exception)
        {
            return ToolResults.Error(ToolErrorKind.Configuration, exception.Message);
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException exception)
        {
            // A client resolved from dependency injection whose host never ran ValidateOnStart: the validator's messages
            // name each setting (CustomerioTrack:ApiKey) and never quote the key.
            return ToolResults.Error(ToolErrorKind.Configuration, "The Customer.io Track client is not configured: " + string.Join(" ", exception.Failures));
        }

        ReadOnlyMemory<byte>? payload = null;
        PooledPayload? pooled = null;
        IReadOnlyList<string> eventIds = [];
        var operation = TrackOperations.Of(definition);
        if (body is { } json)
        {
            // The caller's JSON text goes out as given (no re-serialization through models); events only gain an id. A
            // batch the limits found without events skips the augmenter's byte scan and travels in a pooled copy.
            var raw = JsonMarshal.GetRawUtf8Value(json);
            if (operation == TrackOperation.Batch && !mayHoldEvents)
            {
                pooled = new PooledPayload(raw);
                payload = pooled.Memory;
            }
            else
            {
                var augmented = EventIdAugmenter.Augment(definition.HttpMethod, definition.PathTemplate, raw.ToArray());
                payload = augmented.Body;
                eventIds = augmented.AddedIds;
            }
        }

        using (pooled)
        {
            // Batches and segment calls always go through item accounting, split into several requests when over the limit.
            var plan = payload is not { } planned ? null : RequestChunker.Plan(operation, planned, body!.Value);
            if (options.DryRun)
            {
                return WithEventIds(
                    plan is { Chunks.Count: > 1 }
                        ? DryRunChunks(api, tool, definition, binding.Arguments, plan)
                        : DryRun(api, definition, CreateRequest(api, tool, binding.Arguments, payload, pooled), payload),
                    eventIds);
            }

            if (plan is not null)
            {
                try
                {
                    return WithEventIds(await SendChunksAsync(api, tool, definition, binding.Arguments, plan, body, pooled, progress, limit, cancellationToken).ConfigureAwait(false), eventIds);
                }
                catch (ToolCallCancelledException stopped)
                {
                    // A stopped call answers with its partial result, whose request under way may have recorded events.
                    WithEventIds(stopped.PartialResult, eventIds);
                    throw;
                }
            }

            if (limit is { Expired: true })
            {
                // Ran out before the request was handed to the HTTP client (as split calls count it): nothing went out.
                return RanOutBeforeSending(limit);
            }

            try
            {
                var (response, failure, _) = await SendAsync(api, CreateRequest(api, tool, binding.Arguments, payload, pooled), cancellationToken).ConfigureAwait(false);
                return WithEventIds(failure is null ? ApiResponseInterpreter.Interpret(definition, response!, body) : WithRepeatWarning(definition, failure), eventIds);
            }
            catch (OperationCanceledException cancelled) when (limit is { Expired: true })
            {
                // Answered here rather than by the caller, which does not know the ids the events were sent with.
                return TrackRegionDetectionCancelledException.IsIn(cancelled)
                    ? RanOutBeforeSending(limit)
                    : WithEventIds(WithRepeatWarning(definition, TimedOut(limit)), eventIds);
            }
        }
    }

    private static ToolCallResult RanOutBeforeSending(CallLimit limit) => ToolResults.Error(ToolErrorKind.Transport,
        $"The call did not complete within its time limit of {limit.Seconds} s: it ran out before the request was sent. Nothing was sent; the call can be made again.",
        hint: CallLimit.Hint,
        sent: false);

    private static RequestInformation CreateRequest(TrackApiClient api, TrackTool tool, ToolArguments arguments, ReadOnlyMemory<byte>? payload, PooledPayload? pooled)
    {
        var request = tool.BuildRequest(arguments);
        request.AddRequestOptions([OperationSecurityOption.For(tool.Definition.RequiresAuthentication)]);
        foreach (var parameter in tool.Definition.Parameters)
        {
            if (parameter.Location == ToolParameterLocation.Query && arguments.Has(parameter.Name))
            {
                // Under the template's name for it (id-type is {?id%2Dtype}): under its own the value would be left out.
                request.QueryParameters[QueryVariableNames.For(request.UrlTemplate, parameter.ApiName)] = QueryValue(arguments.GetJson(parameter.Name));
            }
        }

        // The template compiled once instead of Kiota's expander parsing it on every call; the same URI either way. The
        // base URL is the one the adapter puts in, and the request goes out with this URI as its own.
        if (CompiledUrlTemplate.For(request.UrlTemplate)?.Expand(api.BaseUrl, request.PathParameters, request.QueryParameters) is { } uri)
        {
            request.URI = uri;
        }

        if (payload is { } content)
        {
            request.SetStreamContent(pooled is null ? PooledPayload.OpenUnpooled(content) : pooled.OpenRead(content), JsonContentType);

            // Every payload here went through EventIdAugmenter, or is a batch the limits found without events (chunks
            // are slices of one or the other): the HTTP pipeline need not scan it again. A stream over bytes in memory is rewound for each attempt: no buffered copy needed.
            request.AddRequestOptions([new EventIdsAssignedOption(), new ReplayableContentOption()]);
        }

        return request;
    }

    private const string NoAnswer = "got no answer; it may or may not have been processed";
    private const string NotSentOutcome = "was not sent: the client is misconfigured";
    private const string RegionNotSentOutcome = "was not sent: the workspace's region could not be detected";

    /// <summary>True for the outcomes of a request refused before it was sent.</summary>
    private static bool WasNotSent(string? outcome) => ReferenceEquals(outcome, NotSentOutcome) || ReferenceEquals(outcome, RegionNotSentOutcome);

    // One HTTP exchange: the raw answer, or the tool error for a request that got no usable answer and what became of
    // the request, in words that follow "request k of n" in a split call's item accounting.
    private static async Task<(TrackRawResponse? Response, ToolCallResult? Failure, string? Outcome)> SendAsync(TrackApiClient api, RequestInformation request, CancellationToken cancellationToken)
    {
        try
        {
            return (await api.SendRawAsync(request, cancellationToken).ConfigureAwait(false), null, null);
        }
        catch (TrackRedirectRefusedException exception)
        {
            return (null, ToolResults.Error(ToolErrorKind.Transport, exception.Message, sent: true),
                string.Create(CultureInfo.InvariantCulture, $"was answered with a redirect (HTTP {exception.RedirectStatusCode}) that was not followed; it may or may not have been processed"));
        }
        catch (TrackConfigurationException exception)
        {
            // Thrown before anything is sent (a transport that follows redirects itself): nothing reached Customer.io.
            return (null, ToolResults.Error(ToolErrorKind.Configuration, exception.Message, sent: false), NotSentOutcome);
        }
        catch (TrackRegionDetectionException exception)
        {
            return (null, ToolResults.Error(ToolErrorKind.Transport, exception.Message,
                hint: "Set the region (CUSTOMERIO_REGION=us or eu) to skip the lookup, or check network access to track.customer.io.",
                sent: false), RegionNotSentOutcome);
        }
        catch (TrackResponseTooLargeException exception)
        {
            return (null, ToolResults.Error(ToolErrorKind.Transport, exception.Message,
                hint: "Track API answers are small JSON documents; one this large usually comes from something else at the configured URL. Check the base URL (CUSTOMERIO_TRACK_URL or BaseUrl) and any proxy in between before sending again.",
                sent: true), "got an answer too large to read; it may have been processed");
        }
        catch (TrackResponseIncompleteException exception)
        {
            return (null, ToolResults.Error(ToolErrorKind.Transport, exception.Message, sent: true), "got an answer that broke off; it may have been processed");
        }
        catch (TrackResponseTimeoutException exception)
        {
            // The status line arrived: the request reached Customer.io, only its answer's body was late.
            return (null, ToolResults.Error(ToolErrorKind.Transport, exception.Message + " The request was sent and may have been processed.", sent: true),
                "got an answer that did not arrive in full; it may have been processed");
        }
        catch (TimeoutException exception)
        {
            return (null, ToolResults.Error(ToolErrorKind.Transport, exception.Message + " The request may or may not have been processed.", sent: null), NoAnswer);
        }
        catch (HttpRequestException exception)
        {
            return (null, ToolResults.Error(ToolErrorKind.Transport,
                $"Could not reach the Customer.io Track API: {exception.Message}", hint: "Check network access to the Track host, or the configured base URL.", sent: null), NoAnswer);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, ToolResults.Error(ToolErrorKind.Transport, "The request to Customer.io was cancelled before an answer arrived.", sent: null), NoAnswer);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Anything else from deep in the HTTP stack becomes a tool error (redacted above), never an escaping exception.
            return (null, ToolResults.Error(ToolErrorKind.Transport, $"The request failed unexpectedly ({exception.GetType().Name}): {exception.Message}", sent: null), NoAnswer);
        }
    }

    private ToolCallResult SchemaResult(ToolDefinition definition)
    {
        var others = definition.Parameters.Select(p => p.Name).ToList();
        var call = others.Count == 0
            ? "mode=\"execute\" and request_body"
            : $"mode=\"execute\", {string.Join(", ", others)} and request_body";
        return new ToolCallResult(false, new JsonObject
        {
            ["request_body_schema"] = schemas(definition).ToNode(),
            ["instructions"] = $"Build request_body as a JSON object that satisfies request_body_schema, then call {definition.Name} again with {call}. Do not request the schema again.",
        });
    }

    private static JsonElement FlattenedBody(ToolDefinition definition, ToolArguments arguments)
    {
        var body = new JsonObject();
        foreach (var parameter in definition.Parameters.Where(p => p.Location == ToolParameterLocation.Body && arguments.Has(p.Name)))
        {
            body[parameter.ApiName] = JsonNode.Parse(arguments.GetJson(parameter.Name).GetRawText());
        }

        return JsonSerializer.SerializeToElement(body, ToolsJsonContext.Default.JsonObject);
    }

    private static ToolCallResult WithEventIds(ToolCallResult result, IReadOnlyList<string> eventIds)
    {
        if (eventIds.Count > 0)
        {
            result.Content["assigned_event_ids"] = new JsonArray(eventIds.Select(id => (JsonNode?)JsonValue.Create(id)).ToArray());
            if (result.Content["error"] is JsonObject error && MayHaveBeenProcessed(error))
            {
                // Resent as the caller wrote it, each event would get a new id and count twice if the first went through.
                var resend = eventIds.Count == 1
                    ? $"The event was sent with the id {eventIds[0]}: to resend it, add \"id\":\"{eventIds[0]}\" to it, so that Customer.io ignores it if it already recorded it."
                    : "The events that had no id were sent with the ids in assigned_event_ids, in their order in the request: to resend one, add its \"id\" to it, so that Customer.io ignores it if it already recorded it.";
                AppendHint(error, resend);
            }
        }

        return result;
    }

    // The client does not repeat these operations after an unclear outcome; the model is told why before it does.
    private static ToolCallResult WithRepeatWarning(ToolDefinition definition, ToolCallResult result)
    {
        if (!ApiResponseInterpreter.IsSafeToRepeat(definition) && result.Content["error"] is JsonObject error && MayHaveBeenProcessed(error))
        {
            AppendHint(error, ApiResponseInterpreter.NotSafeToRepeat(definition));
        }

        return result;
    }

    private static void AppendHint(JsonObject error, string text) =>
        error["hint"] = error["hint"] is JsonValue hint ? hint.GetValue<string>() + " " + text : text;

    // An answer that leaves open whether Customer.io acted on the request: no answer, one that broke off, a 408 or 5xx
    // (501 says the operation does not exist), an HTML page in place of the Track API's answer, a split call stopped.
    private static bool MayHaveBeenProcessed(JsonObject error) => error["kind"]?.GetValue<string>() switch
    {
        ToolErrorKind.Transport => !(error["sent"] is JsonValue sent && sent.TryGetValue<bool>(out var wasSent) && !wasSent),
        ToolErrorKind.Cancelled => true,
        ToolErrorKind.Api => error["status_code"]?.GetValue<int>() is { } status && (status is 408 or (>= 200 and < 300) || (status >= 500 && status != 501)),
        _ => false,
    };

    private static object QueryValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };
}
