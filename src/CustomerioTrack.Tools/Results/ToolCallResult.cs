using System.Text.Json;
using System.Text.Json.Nodes;

namespace CustomerioTrack.Tools;

/// <summary>The outcome of one tool call: a JSON object for the model, flagged as an error or not.</summary>
public sealed class ToolCallResult
{
    // Relaxed escaping keeps '+', '<', quotes in patterns and non-ASCII readable for models; results are never embedded in HTML.
    private static readonly JsonSerializerOptions s_compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal ToolCallResult(bool isError, JsonObject content)
    {
        IsError = isError;
        Content = content;
    }

    /// <summary>True when the call did not do what was asked (bad input, API error, configuration problem).</summary>
    public bool IsError { get; }

    /// <summary>The result object.</summary>
    public JsonObject Content { get; }

    /// <summary>The result as compact JSON text.</summary>
    public string ToJson() => Content.ToJsonString(s_compact);

    /// <inheritdoc />
    public override string ToString() => ToJson();
}
