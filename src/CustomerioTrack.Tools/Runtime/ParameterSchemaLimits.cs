using System.Collections.Concurrent;
using System.Text.Json;

namespace CustomerioTrack.Tools;

/// <summary>The limit keywords of a parameter's own schema, read once per schema rather than on every call.</summary>
internal sealed record ParameterSchemaLimits(int? MaxLength, long? Minimum, long? Maximum)
{
    private static readonly ConcurrentDictionary<string, ParameterSchemaLimits> s_bySchema = new(StringComparer.Ordinal);

    public static ParameterSchemaLimits Of(ToolParameter parameter) => s_bySchema.GetOrAdd(parameter.SchemaJson, static json =>
    {
        using var schema = JsonDocument.Parse(json);
        var root = schema.RootElement;
        return new ParameterSchemaLimits(
            root.TryGetProperty("maxLength", out var maxLength) && maxLength.TryGetInt32(out var length) ? length : null,
            root.TryGetProperty("minimum", out var minimum) && minimum.TryGetInt64(out var low) ? low : null,
            root.TryGetProperty("maximum", out var maximum) && maximum.TryGetInt64(out var high) ? high : null);
    });
}
