using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerioTrack.Client;
using CustomerioTrack.Client.Http;
using CustomerioTrack.Tools.Validation;
using Microsoft.Kiota.Abstractions;

namespace CustomerioTrack.Tools;

/// <summary>Runs one tool call: bind, validate, build the request on the Kiota client, send (or describe), interpret.</summary>
internal sealed class ToolExecutor(Lazy<TrackApiClient> client, TrackToolsOptions options, Func<ToolDefinition, RequestBodySchema> schemas)
{
    private const string JsonContentType = "application/json";

    public async Task<ToolCallResult> InvokeAsync(TrackTool tool, JsonElement arguments, CancellationToken cancellationToken)
    {
        var result = await InvokeCoreAsync(tool, arguments, cancellationToken).ConfigureAwait(false);
        return client.IsValueCreated ? Redacted(result, client.Value) : result;
    }

    // Last line of defence: whatever a result quotes (API bodies, exception messages), it never carries the credentials.
    private static ToolCallResult Redacted(ToolCallResult result, TrackApiClient api)
    {
        var json = result.ToJson();
        var clean = api.Redact(json);
        return ReferenceEquals(json, clean) || json == clean
            ? result
            : new ToolCallResult(result.IsError, JsonNode.Parse(clean)!.AsObject());
    }

    private async Task<ToolCallResult> InvokeCoreAsync(TrackTool tool, JsonElement arguments, CancellationToken cancellationToken)
    {
        var definition = tool.Definition;
        var binding = ArgumentBinder.Bind(definition, arguments);
        if (binding.Problems.Count > 0)
        {
            return ToolResults.Error(ToolErrorKind.InvalidArguments,
                $"{definition.Name} was not called: " + ToolResults.Describe(binding.Problems),
                binding.Problems,
                definition.HasMode ? $"Call {definition.Name} with mode=\"{ArgumentBinder.SchemaMode}\" to see the request body schema." : null);
        }

        if (binding.Mode == ArgumentBinder.SchemaMode)
        {
            return SchemaResult(definition);
        }

        var problems = new List<ToolProblem>();
        foreach (var parameter in definition.Parameters)
        {
            PathParameterGuard.Check(parameter, binding.Arguments, problems);
        }

        var body = definition.RequestBody switch
        {
            null => null,
            { Flattened: true } => FlattenedBody(definition, binding.Arguments),
            _ => binding.RequestBody,
        };
        if (body is { } present)
        {
            problems.AddRange(schemas(definition).Validate(present));
        }

        if (problems.Count > 0)
        {
            var kind = problems.Any(p => p.Field.StartsWith(ArgumentBinder.RequestBodyParameter, StringComparison.Ordinal))
                ? ToolErrorKind.InvalidRequestBody
                : ToolErrorKind.InvalidArguments;
            return ToolResults.Error(kind, $"{definition.Name} was not called: " + ToolResults.Describe(problems), problems,
                definition.HasMode ? $"Call {definition.Name} with mode=\"{ArgumentBinder.SchemaMode}\" for the full schema." : null);
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

        var request = tool.BuildRequest(binding.Arguments);
        foreach (var parameter in definition.Parameters.Where(p => p.Location == ToolParameterLocation.Query && binding.Arguments.Has(p.Name)))
        {
            request.QueryParameters[parameter.ApiName] = QueryValue(binding.Arguments.GetJson(parameter.Name));
        }

        byte[]? payload = null;
        IReadOnlyList<string> eventIds = [];
        if (body is { } json)
        {
            // The caller's JSON text goes out as given (no re-serialization through models); events only gain an id.
            var augmented = EventIdAugmenter.Augment(definition.HttpMethod, definition.PathTemplate, Encoding.UTF8.GetBytes(json.GetRawText()));
            payload = augmented.Body;
            eventIds = augmented.AddedIds;
            request.SetStreamContent(new MemoryStream(payload, writable: false), JsonContentType);
        }

        if (options.DryRun)
        {
            return WithEventIds(DryRun(api, definition, request, payload), eventIds);
        }

        try
        {
            var response = await api.SendRawAsync(request, cancellationToken).ConfigureAwait(false);
            return WithEventIds(ApiResponseInterpreter.Interpret(definition, response, body), eventIds);
        }
        catch (TrackRedirectRefusedException exception)
        {
            return ToolResults.Error(ToolErrorKind.Transport, exception.Message, sent: true);
        }
        catch (TimeoutException exception)
        {
            return ToolResults.Error(ToolErrorKind.Transport, exception.Message + " The request may or may not have been processed.", sent: null);
        }
        catch (HttpRequestException exception)
        {
            return ToolResults.Error(ToolErrorKind.Transport,
                $"Could not reach the Customer.io Track API: {exception.Message}", hint: "Check network access to the Track host, or the configured base URL.", sent: null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ToolResults.Error(ToolErrorKind.Transport, "The request to Customer.io was cancelled before an answer arrived.", sent: null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Anything else from deep in the HTTP stack becomes a tool error (redacted above), never an escaping exception.
            return ToolResults.Error(ToolErrorKind.Transport, $"The request failed unexpectedly ({exception.GetType().Name}): {exception.Message}", sent: null);
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

        return JsonSerializer.SerializeToElement(body);
    }

    private static ToolCallResult WithEventIds(ToolCallResult result, IReadOnlyList<string> eventIds)
    {
        if (eventIds.Count > 0)
        {
            result.Content["assigned_event_ids"] = new JsonArray(eventIds.Select(id => (JsonNode?)JsonValue.Create(id)).ToArray());
        }

        return result;
    }

    private static object QueryValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    private static ToolCallResult DryRun(TrackApiClient api, ToolDefinition definition, RequestInformation request, byte[]? payload)
    {
        request.PathParameters["baseurl"] = api.BaseUrl.TrimEnd('/');
        var uri = request.URI;
        var headers = new JsonObject();
        if (payload is not null)
        {
            headers["Content-Type"] = JsonContentType;
        }

        headers["User-Agent"] = TrackUserAgent.Default;
        if (api.WouldAuthenticate(uri, definition.RequiresAuthentication))
        {
            headers["Authorization"] = "Basic [redacted]";
        }

        return new ToolCallResult(false, new JsonObject
        {
            ["dry_run"] = true,
            ["message"] = "Validated; nothing was sent (dry run).",
            ["request"] = new JsonObject
            {
                ["method"] = definition.HttpMethod,
                ["url"] = uri.ToString(),
                ["headers"] = headers,
                ["body"] = payload is null ? null : JsonNode.Parse(payload),
            },
        });
    }
}
