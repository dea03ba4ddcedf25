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
internal sealed partial class SandboxEngine
{
    private static readonly JsonSerializerOptions s_json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly SandboxRouting s_routing = new(TrackTools.AllDefinitions);
    private static readonly ConcurrentDictionary<string, RequestBodySchema> s_schemas = new(StringComparer.Ordinal);

    private readonly SandboxDatabase _database;
    private readonly SandboxOptions _options;
    private readonly SandboxRouting _routing;
    private readonly string _expectedAuthorization;

    /// <param name="database">The state.</param>
    /// <param name="options">Credentials and clock.</param>
    /// <param name="definitions">The operations to route (tests); null: all of the tools' operations.</param>
    public SandboxEngine(SandboxDatabase database, SandboxOptions options, IEnumerable<ToolDefinition>? definitions = null)
    {
        _database = database;
        _options = options;
        _routing = definitions is null ? s_routing : new SandboxRouting(definitions);
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

        var (definition, parameters, methodMismatch) = _routing.Match(request.Method, rawPath);
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

                if (SandboxBodyCheck.Find(request.Body.Span) is { } ambiguous)
                {
                    return BadRequest(style, [ambiguous]);
                }
            }
        }

        var problems = new List<ToolProblem>();
        CheckParameters(operation, parameters, query, problems);
        var itemErrors = new SortedDictionary<int, List<ToolProblem>>();
        if (body is not null && definition.RequestBody is { } schemaSource)
        {
            // The limits measure what was received: re-serializing would escape non-ASCII text (é = 6 bytes, not 2)
            // and refuse requests Customer.io takes.
            using var document = request.Body.IsEmpty || IsBlank(request.Body.Span)
                ? JsonDocument.Parse("{}")
                : JsonDocument.Parse(request.Body);
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

            SandboxLimits.Check(operation, request.Body.Length, problems);
            // The same per-field limits the tools enforce (ids, attribute names/values/count, event names/data,
            // timestamps); a limit's message replaces the schema's for the same field, as in the tools.
            // Less the tools' guard against a v2 operation sent to identify: Customer.io accepts that body.
            var limits = CustomerioTrack.Tools.Limits.TrackLimits.Check(definition, document.RootElement, query, _options.TimeProvider)
                .Where(p => p.Rule != CustomerioTrack.Tools.Limits.TrackLimits.V2OperationRule).ToList();
            var merged = CustomerioTrack.Tools.Limits.TrackLimits.Merge(problems.ToList(), limits).ToList();
            problems.Clear();
            // Batch items' schema problems were set aside above, out of Merge's reach.
            var covered = limits.Select(p => p.Field).ToHashSet(StringComparer.Ordinal);
            foreach (var list in itemErrors.Values)
            {
                list.RemoveAll(p => covered.Contains(p.Field));
            }

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
                return response with { Notes = tx.Notes.Deviations.ToList() };
            }, Now, cancellationToken).ConfigureAwait(false);
        }
        catch (SandboxNotImplementedException exception)
        {
            return new SandboxResponse(501, Json(new JsonObject { ["meta"] = new JsonObject { ["error"] = exception.Message } }));
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
            problems.Add(new ToolProblem("segment_id", "type", $"segment_id must be a whole number from 0 to {int.MaxValue} (int32), got '{segment}'"));
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
            else if (name == "identifier" && CustomerioTrack.Tools.Limits.TrackLimits.PathIdentifierProblem(name, value) is { } tooLong)
            {
                problems.Add(tooLong);
            }
        }
    }
}
