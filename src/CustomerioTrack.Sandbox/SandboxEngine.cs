using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerioTrack.Sandbox.Storage;
using CustomerioTrack.Tools;
using CustomerioTrack.Tools.Validation;

namespace CustomerioTrack.Sandbox;

/// <summary>
/// The emulator proper: routes a request to one of the 18 operations, checks auth, validates the body with the tools'
/// schemas, applies it to SQLite in one transaction and journals it.
/// </summary>
internal sealed class SandboxEngine
{
    private static readonly JsonSerializerOptions s_json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly SandboxRouting s_routing = new(TrackTools.AllDefinitions);
    private static readonly ConcurrentDictionary<string, RequestBodySchema> s_schemas = new(StringComparer.Ordinal);

    private readonly SandboxDatabase _database;
    private readonly SandboxOptions _options;
    private readonly string _expectedAuthorization;

    public SandboxEngine(SandboxDatabase database, SandboxOptions options)
    {
        _database = database;
        _options = options;
        _expectedAuthorization = Convert.ToBase64String(Encoding.UTF8.GetBytes(options.SiteId + ":" + options.ApiKey));
    }

    /// <summary>What getRegion answers as <c>url</c>: the sandbox's own address (never a Customer.io host).</summary>
    public string PublicBaseUrl { get; set; } = "http://sandbox.local";

    public long Now => _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Test hook: runs inside the request's transaction after the operation was applied, before the journal entry and commit.</summary>
    internal Action<string>? BeforeCommit { get; set; }

    public async Task<SandboxResponse> HandleAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        var target = request.RawTarget;
        var queryStart = target.IndexOf('?', StringComparison.Ordinal);
        var rawPath = queryStart < 0 ? target : target[..queryStart];
        var query = ParseQuery(queryStart < 0 ? "" : target[(queryStart + 1)..]);

        var (definition, parameters, methodMismatch) = s_routing.Match(request.Method, rawPath);
        if (definition is null)
        {
            return methodMismatch
                ? new SandboxResponse(405, Json(new JsonObject { ["meta"] = new JsonObject { ["error"] = $"{request.Method} is not allowed on {rawPath}" } }))
                : new SandboxResponse(404, Json(new JsonObject { ["meta"] = new JsonObject { ["error"] = $"no Track API operation at {rawPath}" } }));
        }

        if (definition.RequiresAuthentication && !IsAuthorized(request.Authorization))
        {
            return new SandboxResponse(401, null);
        }

        var operation = definition.OperationId;
        var style = operation switch
        {
            "entity" or "batch" => ErrorStyle.V2,
            "merge" => ErrorStyle.V1Single,
            _ => ErrorStyle.V1,
        };

        JsonNode? body = null;
        if (definition.RequestBody is { } requestBody)
        {
            if (request.Body.IsEmpty || IsBlank(request.Body.Span))
            {
                if (requestBody.Required)
                {
                    return BadRequest(style, [new ToolProblem("request_body", "required", "the request body is required")]);
                }

                body = new JsonObject();
            }
            else
            {
                try
                {
                    body = JsonNode.Parse(request.Body.Span);
                }
                catch (JsonException exception)
                {
                    return BadRequest(style, [new ToolProblem("request_body", "json", "the request body is not valid JSON: " + exception.Message)]);
                }
            }
        }

        var problems = new List<ToolProblem>();
        CheckParameters(operation, parameters, query, problems);
        var itemErrors = new SortedDictionary<int, List<ToolProblem>>();
        if (body is not null && definition.RequestBody is { } schemaSource)
        {
            using var document = JsonDocument.Parse(body.ToJsonString());
            var schema = s_schemas.GetOrAdd(operation, static (_, json) => new RequestBodySchema(json), schemaSource.SchemaJson);
            foreach (var problem in schema.Validate(document.RootElement))
            {
                if (operation == "batch" && BatchIndex(problem.Field) is { } index)
                {
                    Add(itemErrors, index, problem);
                }
                else
                {
                    problems.Add(problem);
                }
            }

            if (itemErrors.Count > 0)
            {
                ExplainItems(body, itemErrors);
            }

            SandboxLimits.Check(operation, body, request.Body.Length, problems, itemErrors);
            // The same per-field limits the tools enforce (ids, attribute names/values/count, event names/data,
            // timestamps); a limit's message replaces the schema's for the same field, as in the tools.
            var merged = CustomerioTrack.Tools.Limits.TrackLimits.Merge(problems.ToList(), CustomerioTrack.Tools.Limits.TrackLimits.Check(definition, document.RootElement, query)).ToList();
            problems.Clear();
            foreach (var problem in merged)
            {
                if (operation == "batch" && BatchIndex(problem.Field) is { } index)
                {
                    Add(itemErrors, index, problem);
                }
                else
                {
                    problems.Add(problem);
                }
            }
        }

        if (problems.Count > 0)
        {
            return BadRequest(style, problems);
        }

        var requestText = request.Body.IsEmpty ? null : Encoding.UTF8.GetString(request.Body.Span);
        try
        {
            return await _database.WriteAsync(tx =>
            {
                var state = new SandboxState(tx);
                var response = Apply(state, operation, parameters, query, body, itemErrors);
                BeforeCommit?.Invoke(operation);
                tx.Execute(
                    "INSERT INTO journal(time, method, path, operation, status, request_body, response_body, notes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    tx.Now, request.Method.ToUpperInvariant(), target, operation, response.StatusCode, requestText, response.Body,
                    new JsonArray(tx.Notes.Select(n => (JsonNode?)n).ToArray()).ToJsonString(s_json));
                return response;
            }, Now, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The transaction was rolled back: nothing of this request was written.
            return new SandboxResponse(500, Json(new JsonObject { ["meta"] = new JsonObject { ["error"] = "sandbox internal error (nothing was written): " + exception.Message } }));
        }
    }

    /// <summary>
    /// The batch schema's anyOf makes the explainer guess which variant an item meant; validating the item alone against
    /// the entity schema (the same operations, as a oneOf) names the variant's real problem.
    /// </summary>
    private static void ExplainItems(JsonNode body, SortedDictionary<int, List<ToolProblem>> itemErrors)
    {
        if (body["batch"] is not JsonArray items || TrackTools.AllDefinitions.FirstOrDefault(d => d.OperationId == "entity")?.RequestBody is not { } entity)
        {
            return;
        }

        var schema = s_schemas.GetOrAdd("entity", static (_, json) => new RequestBodySchema(json), entity.SchemaJson);
        foreach (var index in itemErrors.Keys.ToList())
        {
            if (index >= items.Count || items[index] is null)
            {
                continue;
            }

            using var document = JsonDocument.Parse(items[index]!.ToJsonString());
            var problems = schema.Validate(document.RootElement);
            if (problems.Count > 0)
            {
                itemErrors[index] = problems
                    .Select(p => p with { Field = "request_body/batch/" + index.ToString(CultureInfo.InvariantCulture) + (p.Field.StartsWith("request_body", StringComparison.Ordinal) ? p.Field["request_body".Length..] : "/" + p.Field) })
                    .ToList();
            }
        }
    }

    private bool IsAuthorized(string? header)
    {
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var given = header[6..].Trim();
        if (given == _expectedAuthorization)
        {
            return true;
        }

        try
        {
            // Tolerate the URL-safe alphabet (go-customerio sends it).
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(given.Replace('-', '+').Replace('_', '/')));
            return decoded == _options.SiteId + ":" + _options.ApiKey;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static void CheckParameters(string operation, Dictionary<string, string> parameters, Dictionary<string, string> query, List<ToolProblem> problems)
    {
        if (parameters.TryGetValue("segment_id", out var segment) && !int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            problems.Add(new ToolProblem("segment_id", "type", $"segment_id must be an integer, got '{segment}'"));
        }

        if (operation is "add_to_segment" or "remove_from_segment" && query.TryGetValue("id_type", out var idType) && idType is not ("id" or "email" or "cio_id"))
        {
            problems.Add(new ToolProblem("id_type", "enum", $"id_type must be one of id, email, cio_id; got '{idType}'"));
        }

        foreach (var (name, value) in parameters)
        {
            if (string.IsNullOrWhiteSpace(value) || value.Any(char.IsControl))
            {
                problems.Add(new ToolProblem(name, "pattern", $"{name} must not be blank or contain control characters"));
            }
        }
    }

    private SandboxResponse Apply(SandboxState state, string operation, Dictionary<string, string> parameters, Dictionary<string, string> query, JsonNode? body, SortedDictionary<int, List<ToolProblem>> itemErrors)
    {
        var tx = state.Tx;
        var ok = new SandboxResponse(200, "{}");
        string P(string name) => parameters[name];
        switch (operation)
        {
            case "getRegion":
                return new SandboxResponse(200, Json(new JsonObject { ["url"] = PublicBaseUrl, ["region"] = "us", ["environment_id"] = 0 }));

            case "identify":
            {
                var attributes = (JsonObject)body!;
                state.Identify(PersonKey.FromV1Path(P("identifier")), attributes, IsTrue(attributes["_update"]), Int(attributes["_timestamp"]), attributes["cio_relationships"], v2Relationships: false);
                return ok;
            }

            case "delete":
                state.Delete(PersonKey.FromV1Path(P("identifier")));
                return ok;

            case "add_device":
            {
                var device = body!["device"]!;
                if (state.FindOrCreateForData(PersonKey.FromV1Path(P("identifier")), "device") is { } pk)
                {
                    state.AddDevice(pk, Text(device["id"])!, Text(device["platform"])!, Int(device["last_used"]), device["attributes"]);
                }

                return ok;
            }

            case "delete_device":
                state.DeleteDevice(PersonKey.FromV1Path(P("identifier")), P("device_id"));
                return ok;

            case "suppress":
                state.Suppress(PersonKey.FromV1Path(P("identifier")));
                return ok;

            case "unsuppress":
                state.Unsuppress(PersonKey.FromV1Path(P("identifier")));
                return ok;

            case "unsubscribe":
                state.Unsubscribe(P("delivery_id"), body?["unsubscribe"] is not JsonValue flag || IsTrue(flag));
                return ok;

            case "track":
            {
                if (state.FindOrCreateForData(PersonKey.FromV1Path(P("identifier")), "event") is { } pk)
                {
                    state.AddEvent(pk, null, Text(body!["type"]) ?? "event", Text(body["name"])!, Text(body["id"]), Int(body["timestamp"]), body["data"], "v1");
                }

                return ok;
            }

            case "trackAnonymous":
            {
                var anonymousId = Text(body!["anonymous_id"]);
                if (string.IsNullOrEmpty(anonymousId))
                {
                    tx.Notes.Add("no anonymous_id: recorded as an invite event (not linkable to a person)");
                    anonymousId = null;
                }

                state.AddEvent(null, anonymousId, Text(body["type"]) ?? "event", Text(body["name"])!, Text(body["id"]), Int(body["timestamp"]), body["data"], "v1");
                return ok;
            }

            case "submitForm":
            {
                var data = (JsonObject)body!["data"]!;
                long? person = null;
                var key = Text(data["email"]) is { Length: > 0 } email ? new PersonKey("email", email)
                    : Text(data["id"]) is { Length: > 0 } id ? new PersonKey("id", id)
                    : (PersonKey?)null;
                if (key is { } k)
                {
                    var attributes = new JsonObject();
                    foreach (var (name, value) in data)
                    {
                        if (name is not ("form_id" or "form_name" or "form_type" or "form_url" or "form_url_param") && name != k.Kind)
                        {
                            attributes[name] = value?.DeepClone();
                        }
                    }

                    person = state.Identify(k, attributes, updateOnly: false, timestamp: null, relationships: null, v2Relationships: false);
                }

                state.AddFormSubmission(P("form_id"), data, person);
                return new SandboxResponse(204, null);
            }

            case "merge":
                state.Merge(PersonKey.FromObject(body!["primary"])!.Value, PersonKey.FromObject(body["secondary"])!.Value);
                return ok;

            case "metrics":
                state.AddMetric(Text(body!["delivery_id"])!, Text(body["metric"])!, "metrics", Text(body["recipient"]), null, Text(body["reason"]), Text(body["href"]), Int(body["timestamp"]));
                return ok;

            case "pushMetrics":
                state.AddMetric(Text(body!["delivery_id"]) ?? "", Text(body["event"]) ?? "", "push", null, Text(body["device_id"]), null, null, Int(body["timestamp"]));
                return ok;

            case "add_to_segment":
            case "remove_from_segment":
                state.ChangeSegment(long.Parse(P("segment_id"), CultureInfo.InvariantCulture), query.GetValueOrDefault("id_type", "id"), (JsonArray)body!["ids"]!, operation == "add_to_segment");
                return ok;

            case "entity":
                ApplyV2(state, (JsonObject)body!);
                return ok;

            case "batch":
            {
                var items = body!["batch"] as JsonArray ?? [];
                for (var i = 0; i < items.Count; i++)
                {
                    if (!itemErrors.ContainsKey(i) && items[i] is JsonObject item)
                    {
                        ApplyV2(state, item);
                    }
                }

                if (itemErrors.Count == 0)
                {
                    return ok;
                }

                tx.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"{items.Count - itemErrors.Count} of {items.Count} batch item(s) applied; rejected: {string.Join(", ", itemErrors.Keys)}"));
                var errors = new JsonArray();
                foreach (var (index, list) in itemErrors)
                {
                    foreach (var problem in list)
                    {
                        errors.Add((JsonNode)new JsonObject
                        {
                            ["batch_index"] = index,
                            ["reason"] = problem.Rule,
                            ["field"] = ItemField(problem.Field),
                            ["message"] = problem.Message,
                        });
                    }
                }

                return new SandboxResponse(207, Json(new JsonObject { ["errors"] = errors }));
            }

            default:
                throw new InvalidOperationException($"The sandbox does not implement operation '{operation}'.");
        }
    }

    private static void ApplyV2(SandboxState state, JsonObject op)
    {
        var type = Text(op["type"]);
        var action = Text(op["action"]);
        var tx = state.Tx;
        if (type == "person")
        {
            if (action == "merge")
            {
                state.Merge(PersonKey.FromObject(op["primary"])!.Value, PersonKey.FromObject(op["secondary"])!.Value);
                return;
            }

            var key = PersonKey.FromObject(op["identifiers"])!.Value;
            switch (action)
            {
                case "identify":
                {
                    var attributes = op["attributes"]?.DeepClone() as JsonObject ?? new JsonObject();
                    var updateOnly = IsTrue(attributes["_update"]);
                    attributes.Remove("_update");
                    state.Identify(key, attributes, updateOnly, Int(op["timestamp"]), op["cio_relationships"], v2Relationships: true);
                    break;
                }

                case "delete":
                    state.Delete(key);
                    break;
                case "event" or "page" or "screen":
                    if (state.FindOrCreateForData(key, action) is { } pk)
                    {
                        state.AddEvent(pk, null, action, Text(op["name"])!, Text(op["id"]), Int(op["timestamp"]), op["attributes"], "v2");
                    }

                    break;
                case "add_relationships" or "delete_relationships":
                    if (state.FindPerson(key) is { } person)
                    {
                        state.PersonRelationships(person, op["cio_relationships"] as JsonArray, action == "add_relationships");
                    }
                    else
                    {
                        tx.Notes.Add($"ignored {action}: no person has {key}");
                    }

                    break;
                case "add_device":
                {
                    var device = op["device"]!;
                    if (state.FindOrCreateForData(key, "device") is { } owner)
                    {
                        state.AddDevice(owner, Text(device["token"])!, Text(device["platform"])!, Int(device["last_used"]), device["attributes"]);
                    }

                    break;
                }

                case "delete_device":
                    state.DeleteDevice(key, Text(op["device"]!["token"])!);
                    break;
                case "suppress":
                    state.Suppress(key);
                    break;
                case "unsuppress":
                    state.Unsuppress(key);
                    break;
                default:
                    tx.Notes.Add($"ignored unknown person action '{action}'");
                    break;
            }
        }
        else if (type == "object")
        {
            switch (action)
            {
                case "identify" or "identify_anonymous":
                    if (state.FindObject(op["identifiers"], create: true) is { } pk)
                    {
                        state.ApplyObjectAttributes(pk, op["attributes"] as JsonObject);
                        state.ObjectRelationships(pk, op["cio_relationships"] as JsonArray, add: true);
                    }

                    break;
                case "delete":
                    if (state.FindObject(op["identifiers"], create: false) is { } gone)
                    {
                        state.DeleteObject(gone);
                    }
                    else
                    {
                        tx.Notes.Add("nothing to delete: unknown object");
                    }

                    break;
                case "add_relationships" or "delete_relationships":
                    if (state.FindObject(op["identifiers"], create: action == "add_relationships") is { } related)
                    {
                        state.ObjectRelationships(related, op["cio_relationships"] as JsonArray, action == "add_relationships");
                    }

                    break;
                default:
                    tx.Notes.Add($"ignored unknown object action '{action}'");
                    break;
            }
        }
        else if (type == "delivery")
        {
            state.AddMetric(Text(op["identifiers"]?["id"]) ?? "", Text(op["name"]) ?? "", "v2", null, Text(op["attributes"]?["device_token"]), null, null, Int(op["timestamp"]));
        }
    }

    // ---------- responses ----------

    private enum ErrorStyle { V1, V1Single, V2 }

    private static SandboxResponse BadRequest(ErrorStyle style, IReadOnlyList<ToolProblem> problems)
    {
        static string Line(ToolProblem p) => p.Field is "request_body" ? p.Message : $"{Field(p.Field)}: {p.Message}";
        JsonObject body = style switch
        {
            ErrorStyle.V2 => new JsonObject
            {
                ["errors"] = new JsonArray(problems.Select(p => (JsonNode?)new JsonObject { ["reason"] = p.Rule, ["field"] = Field(p.Field), ["message"] = p.Message }).ToArray()),
            },
            ErrorStyle.V1Single => new JsonObject { ["meta"] = new JsonObject { ["error"] = string.Join("; ", problems.Select(Line)) } },
            _ => new JsonObject { ["meta"] = new JsonObject { ["errors"] = new JsonArray(problems.Select(p => (JsonNode?)Line(p)).ToArray()) } },
        };
        return new SandboxResponse(400, Json(body));
    }

    /// <summary><c>request_body/a/b</c> becomes <c>a.b</c>; a parameter name stays.</summary>
    private static string Field(string field)
    {
        var trimmed = field.StartsWith("request_body", StringComparison.Ordinal) ? field["request_body".Length..].TrimStart('/') : field;
        return trimmed.Length == 0 ? "body" : trimmed.Replace('/', '.');
    }

    private static string ItemField(string field)
    {
        var parts = field.Split('/');
        // request_body/batch/{i}/rest...
        return parts.Length > 3 ? string.Join('.', parts.Skip(3)) : "";
    }

    private static int? BatchIndex(string field)
    {
        var parts = field.Split('/');
        return parts.Length >= 3 && parts[0] == "request_body" && parts[1] == "batch" && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : null;
    }

    internal static void Add(SortedDictionary<int, List<ToolProblem>> errors, int index, ToolProblem problem)
    {
        if (!errors.TryGetValue(index, out var list))
        {
            errors[index] = list = [];
        }

        list.Add(problem);
    }

    private static string Json(JsonNode node) => node.ToJsonString(s_json);

    // ---------- JSON helpers ----------

    private static string? Text(JsonNode? node) => PersonKey.ScalarText(node);

    private static long? Int(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var number) ? number
        : node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var real) ? (long)real
        : null;

    private static bool IsTrue(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    private static bool IsBlank(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            result.TryAdd(name, value);
        }

        return result;
    }
}
