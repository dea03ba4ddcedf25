using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace CustomerioTrack.Tools.Validation;

/// <summary>
/// One tool's request body schema: the exact document <c>get_request_schema</c> returns and <c>execute</c> validates
/// against, parsed once.
/// </summary>
public sealed class RequestBodySchema
{
    // JsonSchema.Net registers schemas in a registry (process-wide by default) when it builds and evaluates them;
    // concurrent use was seen to fail reference resolution. Each schema gets a registry of its own, and building and
    // evaluating are taken one at a time: they are rare (schemas the compiler does not cover, explanations of invalid
    // bodies), the compiled checks answer everything else without JsonSchema.Net.
    private static readonly Lock Evaluation = new();

    private readonly JsonSchema _schema;
    private readonly JsonElement _document;
    private readonly CompiledSchema? _compiled;

    /// <summary>Parses a schema emitted by the generator.</summary>
    public RequestBodySchema(string schemaJson)
    {
        Json = schemaJson;
        _document = JsonDocument.Parse(schemaJson).RootElement.Clone();
        lock (Evaluation)
        {
            _schema = JsonSchema.FromText(schemaJson, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        }

        _compiled = CompiledSchema.TryCompile(_document, out var unsupported);
        UncompiledReason = unsupported;
    }

    /// <summary>Why the fast validator does not cover this schema (null when it does); such a schema is validated by JsonSchema.Net alone.</summary>
    public string? UncompiledReason { get; }

    /// <summary>The schema as minified JSON text.</summary>
    public string Json { get; }

    /// <summary>A fresh mutable copy of the schema, for results.</summary>
    public JsonNode ToNode() => JsonNode.Parse(Json)!;

    // Below this many items, explaining the whole array costs little and keeps the output exactly JsonSchema.Net's.
    private const int FocusAboveItems = 16;

    /// <summary>At most this many invalid items of a large array are explained; the others are listed by index.</summary>
    internal const int MaxExplainedItems = 20;

    /// <summary>Sees every instance handed to JsonSchema.Net for a detailed explanation (tests).</summary>
    internal Action<JsonElement>? Explaining { get; set; }

    /// <summary>Validates a body; an empty list means valid.</summary>
    public IReadOnlyList<ToolProblem> Validate(JsonElement body)
    {
        // A pass/fail answer is far cheaper than a detailed one, and details are only needed to explain a failure. The
        // compiled checks answer first; JsonSchema.Net has the final word on anything they reject.
        if (_compiled?.IsValid(body) == true)
        {
            return [];
        }

        if (_compiled?.FailingItems(body, FocusAboveItems) is { } failing)
        {
            // Each explained item costs milliseconds under the process-wide lock: a batch of hundreds of bad items would
            // hold it for seconds. The rest are listed by index, which is enough to find them and cheap.
            var explained = failing.Indices.Count > MaxExplainedItems ? failing.Indices.Take(MaxExplainedItems).ToList() : failing.Indices;
            using var focused = FocusedBody.Create(body, failing.Property, explained);
            var problems = Explain(focused.RootElement, flagFirst: false);
            if (problems.Count > 0)
            {
                var remapped = FocusedBody.Remap(problems, "request_body", failing.Property, explained);
                return explained.Count == failing.Indices.Count
                    ? remapped
                    : [.. remapped, FocusedBody.NotExplained("request_body", failing.Property, failing.Indices.Skip(MaxExplainedItems).ToList(), MaxExplainedItems)];
            }
        }

        return Explain(body, flagFirst: _compiled is null);
    }

    private IReadOnlyList<ToolProblem> Explain(JsonElement body, bool flagFirst)
    {
        Explaining?.Invoke(body);
        lock (Evaluation)
        {
            if (flagFirst && _schema.Evaluate(body, new EvaluationOptions { OutputFormat = OutputFormat.Flag }).IsValid)
            {
                return [];
            }

            var results = _schema.Evaluate(body, new EvaluationOptions { OutputFormat = OutputFormat.List });
            return results.IsValid ? [] : SchemaProblemExplainer.Explain(results, _document, body);
        }
    }
}
