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
    private readonly JsonSchema _schema;
    private readonly JsonElement _document;

    /// <summary>Parses a schema emitted by the generator.</summary>
    public RequestBodySchema(string schemaJson)
    {
        Json = schemaJson;
        _document = JsonDocument.Parse(schemaJson).RootElement.Clone();
        _schema = JsonSchema.FromText(schemaJson);
    }

    /// <summary>The schema as minified JSON text.</summary>
    public string Json { get; }

    /// <summary>A fresh mutable copy of the schema, for results.</summary>
    public JsonNode ToNode() => JsonNode.Parse(Json)!;

    /// <summary>Validates a body; an empty list means valid.</summary>
    public IReadOnlyList<ToolProblem> Validate(JsonElement body)
    {
        // The pass/fail answer is much cheaper than the detailed one; details are only needed to explain a failure.
        if (_schema.Evaluate(body, new EvaluationOptions { OutputFormat = OutputFormat.Flag }).IsValid)
        {
            return [];
        }

        var results = _schema.Evaluate(body, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return SchemaProblemExplainer.Explain(results, _document, body);
    }
}
