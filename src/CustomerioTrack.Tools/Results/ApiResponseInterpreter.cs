using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerioTrack.Client;
using CustomerioTrack.Client.Http;

namespace CustomerioTrack.Tools;

/// <summary>Turns Customer.io's answer into a tool result: the parsed body, its own error messages, and a hint.</summary>
internal static class ApiResponseInterpreter
{
    private const string AcceptedNote = "Accepted by Customer.io. The Track API applies changes asynchronously, so acceptance does not prove the change was applied (identifier conflicts, for example, only show in the workspace's activity log).";
    private const string SandboxAcceptedNote = "Accepted by the CustomerioTrack sandbox, which only mimics the Track API: nothing reached Customer.io.";

    public static ToolCallResult Interpret(ToolDefinition tool, TrackRawResponse response, JsonElement? requestBody)
    {
        var parsed = ParseBody(response);
        var sandbox = SandboxAnswers.Of(response);
        if (response.IsSuccess && parsed is null && IsWebPage(response))
        {
            return WebPage(tool, response, sandbox);
        }

        if (response.StatusCode == 207)
        {
            return PartialFailure(tool, response, parsed, requestBody, sandbox);
        }

        if (response.IsSuccess)
        {
            var content = new JsonObject
            {
                ["status_code"] = response.StatusCode,
                ["response"] = parsed?.DeepClone() ?? (response.Body.IsEmpty ? null : JsonValue.Create(Shorten(Encoding.UTF8.GetString(response.Body.Span)))),
            };
            if (!tool.Annotations.ReadOnly)
            {
                content["note"] = sandbox.FromSandbox ? SandboxAcceptedNote : AcceptedNote;
            }
            else if (tool.OperationId == RegionAnswer.OperationId && !RegionAnswer.NamesRegion(parsed))
            {
                content["note"] = RegionAnswer.UnknownNote;
            }

            sandbox.WriteTo(content);
            return new ToolCallResult(false, content);
        }

        var messages = ApiMessages(parsed);
        var error = new JsonObject
        {
            ["kind"] = ToolErrorKind.Api,
            ["status_code"] = response.StatusCode,
            ["message"] = Summary(tool, response.StatusCode, messages, sandbox.FromSandbox),
        };
        if (messages.Count > 0)
        {
            error["api_messages"] = new JsonArray(messages.Select(m => (JsonNode?)JsonValue.Create(m)).ToArray());
        }

        if (parsed is null && response.Body.Length > 0)
        {
            error["response_text"] = Excerpt(response);
        }
        else if (parsed is not null)
        {
            error["response"] = parsed.DeepClone();
        }

        if (Hint(tool, response) is { } hint)
        {
            error["hint"] = hint;
        }

        // Customer.io answered, so the request reached it, as every other error kind says in its own sent.
        error["sent"] = true;
        var result = new JsonObject { ["error"] = error };
        sandbox.WriteTo(result);
        return new ToolCallResult(true, result);
    }

    // A 207 outside the batch/segment path (Customer.io documents it for batch only): one request, its items counted
    // from the body's single array, or one item when the body has none (an entity request is one operation).
    private static ToolCallResult PartialFailure(ToolDefinition tool, TrackRawResponse response, JsonNode? parsed, JsonElement? requestBody, SandboxAnswers sandbox)
    {
        var accounting = new ItemAccounting(CountItems(requestBody) ?? 1);
        accounting.Answered(0, accounting.Submitted, response.StatusCode, parsed);
        return Accounted(tool, accounting, response, parsed, sandbox);
    }

    /// <summary>
    /// The result of a call whose items were all answered with 2xx (200 or 207), over one or several requests:
    /// <c>status_code</c> (the answer's, or 207 when any of several was partial, else 200), the item accounting, and
    /// for a single request its parsed <c>response</c>.
    /// </summary>
    internal static ToolCallResult Accounted(ToolDefinition tool, ItemAccounting accounting, TrackRawResponse? single, JsonNode? singleParsed, SandboxAnswers sandbox)
    {
        var content = new JsonObject
        {
            ["status_code"] = single?.StatusCode ?? (accounting.AnyPartial ? 207 : 200),
        };
        if (accounting.Failed > 0 || accounting.Unattributed > 0)
        {
            content["partial_failure"] = true;
        }

        content["message"] = accounting.Summary();
        accounting.WriteTo(content);
        if (single is not null)
        {
            content["response"] = singleParsed?.DeepClone() ?? (single.Body.IsEmpty ? null : JsonValue.Create(Shorten(Encoding.UTF8.GetString(single.Body.Span))));
        }

        if (!tool.Annotations.ReadOnly)
        {
            content["note"] = sandbox.FromSandbox ? SandboxAcceptedNote : AcceptedNote;
        }

        sandbox.WriteTo(content);
        return new ToolCallResult(false, content);
    }

    private static int? CountItems(JsonElement? body)
    {
        if (body is not { ValueKind: JsonValueKind.Object } obj)
        {
            return null;
        }

        // Only the item lists of batch and segment bodies count; other arrays (cio_relationships…) are not items.
        foreach (var name in new[] { "batch", "ids" })
        {
            if (obj.TryGetProperty(name, out var items) && items.ValueKind == JsonValueKind.Array)
            {
                return items.GetArrayLength();
            }
        }

        return null;
    }

    private static readonly JsonDocumentOptions UniqueProperties = new() { AllowDuplicateProperties = false };

    internal static JsonNode? ParseBody(TrackRawResponse response)
    {
        if (response.Body.IsEmpty)
        {
            return null;
        }

        try
        {
            // JsonNode checks the UTF-8 of a string only when it is read, which would throw far from here (redaction,
            // messages): a body with invalid UTF-8 is read with each bad sequence replaced by U+FFFD instead.
            // A property given twice makes a JsonObject throw wherever it is first read (the error list, DeepClone): such a
            // body is refused here and handled as one that is not JSON.
            return System.Text.Unicode.Utf8.IsValid(response.Body.Span)
                ? JsonNode.Parse(response.Body.Span, documentOptions: UniqueProperties)
                : JsonNode.Parse(Encoding.UTF8.GetString(response.Body.Span), documentOptions: UniqueProperties);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // v1: {"meta":{"error":"…"}} or {"meta":{"errors":["…"]}}; v2: {"errors":[{"reason","field","message"}]}.
    internal static List<string> ApiMessages(JsonNode? body)
    {
        var messages = new List<string>();
        if (body is not JsonObject root)
        {
            return messages;
        }

        if (root["meta"] is JsonObject meta)
        {
            AddText(messages, meta["error"]);
            if (meta["errors"] is JsonArray metaErrors)
            {
                foreach (var item in metaErrors)
                {
                    AddText(messages, item);
                }
            }
        }

        if (root["errors"] is JsonArray errors)
        {
            foreach (var item in errors)
            {
                if (item is JsonObject detail)
                {
                    var parts = new[] { "field", "reason", "message" }
                        .Select(key => detail[key] is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0 ? $"{key}: {text}" : null)
                        .Where(part => part is not null);
                    var line = string.Join("; ", parts);
                    if (line.Length > 0)
                    {
                        messages.Add(line);
                    }
                }
                else
                {
                    AddText(messages, item);
                }
            }
        }

        AddText(messages, root["error"]);
        AddText(messages, root["message"]);
        return messages;
    }

    private static void AddText(List<string> messages, JsonNode? node)
    {
        if (node is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text))
        {
            messages.Add(text);
        }
    }

    private static string Summary(ToolDefinition tool, int status, List<string> messages, bool fromSandbox)
    {
        var server = fromSandbox ? "The CustomerioTrack sandbox" : "Customer.io";
        var prefix = string.Create(CultureInfo.InvariantCulture, $"{server} answered {status} to {tool.Name}");
        return messages.Count == 0 ? prefix + "." : prefix + ": " + string.Join(" | ", messages);
    }

    private static string Excerpt(TrackRawResponse response)
    {
        var text = Encoding.UTF8.GetString(response.Body.Span);
        if (response.ContentType?.Contains("html", StringComparison.OrdinalIgnoreCase) == true || text.TrimStart().StartsWith('<'))
        {
            text = HtmlText.Visible(text);
        }

        return Shorten(text);
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    /// <summary>
    /// A 2xx whose body is an HTML page (by its content type or its first character) and not JSON: the Track API never
    /// answers so; a proxy's sign-in page or a website at the configured URL does.
    /// </summary>
    internal static bool IsWebPage(TrackRawResponse response)
    {
        if (response.Body.IsEmpty)
        {
            return false;
        }

        if (response.ContentType?.Contains("html", StringComparison.OrdinalIgnoreCase) == true)
        {
            return true;
        }

        var head = response.Body.Span[..Math.Min(response.Body.Length, 64)];
        var start = head.IndexOfAnyExcept(" \t\r\n"u8);
        return start >= 0 && head[start] == (byte)'<';
    }

    private static ToolCallResult WebPage(ToolDefinition tool, TrackRawResponse response, SandboxAnswers sandbox)
    {
        var error = new JsonObject
        {
            ["kind"] = ToolErrorKind.Api,
            ["status_code"] = response.StatusCode,
            ["message"] = string.Create(CultureInfo.InvariantCulture,
                $"The answer to {tool.Name} was an HTML page with status {response.StatusCode}, not the Track API's JSON: something other than the Track API answered (a proxy, a sign-in page, a website at the configured URL). Whether Customer.io received the request is unknown."),
            ["response_text"] = Excerpt(response),
            ["hint"] = "Check the base URL (CUSTOMERIO_TRACK_URL or BaseUrl) and any proxy between this machine and Customer.io before sending again.",
            ["sent"] = "unknown",
        };
        var result = new JsonObject { ["error"] = error };
        sandbox.WriteTo(result);
        return new ToolCallResult(true, result);
    }

    private static string? Hint(ToolDefinition tool, TrackRawResponse response)
    {
        var retry = response.RetryAfter is { } wait && wait > TimeSpan.Zero
            ? string.Create(CultureInfo.InvariantCulture, $" Customer.io asked to wait {Math.Ceiling(wait.TotalSeconds)} s before retrying.")
            : string.Empty;
        return response.StatusCode switch
        {
            400 => InvalidHint(tool),
            401 or 403 when !tool.RequiresAuthentication => WithoutCredentialsHint(response.RequestUri),
            401 => UnauthorizedHint(response.RequestUri),
            403 => "Customer.io refused the operation for these credentials; check that the Track API key belongs to this workspace.",
            404 when !tool.Parameters.Any(p => p.Location == ToolParameterLocation.Path) => NotFoundWithoutIdentifiersHint(response.RequestUri),
            404 => "Customer.io found nothing at this path; check the identifiers (for segments: the manual segment must already exist).",
            408 or 500 or 502 or 503 or 504 when !SaysNotProcessed(response) && !IsSafeToRepeat(tool) =>
                "A temporary problem on Customer.io's side, but the request may or may not have been processed, and " + NotSafeToRepeat(tool),
            429 => response.RetryAfter is { } limited && limited > TimeSpan.Zero
                ? string.Create(CultureInfo.InvariantCulture, $"Customer.io is rate limiting these requests: wait {Math.Ceiling(limited.TotalSeconds)} s (Retry-After) before sending again, and send fewer requests at a time.")
                : "Customer.io is rate limiting these requests: wait before sending again, and send fewer requests at a time.",
            408 or 500 or 502 or 503 or 504 => "A temporary problem on Customer.io's side; retrying later should work." + retry,
            501 => "The server that answered does not implement this operation; retrying will not help.",
            // Customer.io's documented limits are checked before sending, so the usual cause is something else.
            413 => "Refused as too large, though the request is within Customer.io's documented size limits, which are checked before sending: more likely a proxy between this machine and Customer.io limits request size, or Customer.io changed its limit. Check any proxy; otherwise send less in one call.",
            _ => null,
        };
    }

    /// <summary>An answer the client's retry rule reads as "not processed" (<see cref="TrackOperationClassifier.AnswerSaysNotProcessed"/>).</summary>
    internal static bool SaysNotProcessed(TrackRawResponse response) =>
        TrackOperationClassifier.AnswerSaysNotProcessed(response.StatusCode, response.RetryAfter is not null);

    // The client's own rule for what it retries after an answer that leaves open whether the request was processed
    // (429 and 503 with Retry-After say it was not, so any operation may be sent again after those).
    internal static bool IsSafeToRepeat(ToolDefinition tool) =>
        TrackOperationClassifier.Kind(tool.HttpMethod, tool.PathTemplate) != TrackOperationKind.NotRepeatable;

    /// <summary>What to do before sending again an operation that may already have been processed and may act twice.</summary>
    internal static string NotSafeToRepeat(ToolDefinition tool) =>
        $"{tool.Name} is not safe to repeat: sending it again may apply it twice. Check whether it took effect (the workspace's activity log) before sending it again.";

    // Only a tool that takes mode has a schema to show; the others are fixed through their own parameters.
    private static string InvalidHint(ToolDefinition tool)
    {
        const string Invalid = "Customer.io rejected the request as invalid.";
        if (tool.HasMode)
        {
            return Invalid + " Fix the fields it names; mode=get_request_schema shows the expected body.";
        }

        return tool.Parameters.Count == 0
            ? Invalid
            : Invalid + $" Fix the values it names (this tool takes {string.Join(", ", tool.Parameters.Select(p => p.Name))}).";
    }

    // Only scheme, host and port are quoted: other paths hold identifiers such as e-mail addresses.
    private static string NotFoundWithoutIdentifiersHint(Uri? requestUri)
    {
        var where = requestUri is null ? "the configured URL" : requestUri.GetLeftPart(UriPartial.Authority);
        return $"Nothing was found at this path on {where}, and the path holds no identifiers: check that this is the Track API's URL (CUSTOMERIO_TRACK_URL or BaseUrl).";
    }

    // The operation sends no Authorization header (security: []), so whatever refused it was not judging the credentials.
    private static string WithoutCredentialsHint(Uri? requestUri)
    {
        const string NotCredentials = "This operation takes no credentials and none were sent, so the Site ID and the Track API key are not the cause.";
        if (requestUri is not null && TrackHosts.IsCustomerIoTrackHost(requestUri))
        {
            return NotCredentials + " Check whether a proxy between this machine and Customer.io refused it.";
        }

        var where = requestUri is null ? "the configured URL" : requestUri.GetLeftPart(UriPartial.Authority);
        return NotCredentials + $" The request went to {where}: check that this is the Track API's URL (CUSTOMERIO_TRACK_URL or BaseUrl) and whether a proxy in between refused it.";
    }

    // Only Customer.io's own hosts are told apart by region; a configured URL that refuses the key is its own matter.
    private static string UnauthorizedHint(Uri? requestUri)
    {
        const string Credentials = "The credentials were not accepted. Use the workspace's Site ID together with a Track API key (Customer.io: Settings > API Credentials > Track API Keys); an App API key does not work with the Track API.";
        if (requestUri is not null && TrackHosts.IsCustomerIoTrackHost(requestUri))
        {
            // Credentials of one region are refused by the other's host: the other region is the one to try.
            return string.Equals(requestUri.Host, TrackHosts.Eu.Host, StringComparison.OrdinalIgnoreCase)
                ? Credentials + " The request went to the EU host (track-eu.customer.io): if the workspace is in the US, set CUSTOMERIO_REGION=us, or leave it unset so the region is detected."
                : Credentials + " The request went to the US host (track.customer.io): if the workspace is in the EU, set CUSTOMERIO_REGION=eu, or leave it unset so the region is detected.";
        }

        var where = requestUri is null ? "the configured URL" : $"the configured URL ({requestUri.GetLeftPart(UriPartial.Authority)})";
        return Credentials + $" The request went to {where}, not to a Customer.io Track host: check the credentials and that the URL (CUSTOMERIO_TRACK_URL or BaseUrl) is the one intended.";
    }
}
