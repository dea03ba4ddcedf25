using System.Text.Json;
using Microsoft.Extensions.AI;

namespace CustomerioTrack.Tools;

/// <summary>A Track tool as a Microsoft.Extensions.AI <see cref="AIFunction"/>: same name, description, input schema and behaviour.</summary>
public sealed class TrackAIFunction : AIFunction
{
    private readonly TrackToolset _toolset;
    private readonly ToolDefinition _definition;
    private readonly JsonElement _schema;

    internal TrackAIFunction(TrackToolset toolset, ToolDefinition definition)
    {
        _toolset = toolset;
        _definition = definition;
        using var schema = JsonDocument.Parse(definition.InputSchemaJson);
        _schema = schema.RootElement.Clone();
    }

    /// <inheritdoc />
    public override string Name => _definition.Name;

    /// <inheritdoc />
    public override string Description => _definition.Description;

    /// <inheritdoc />
    public override JsonElement JsonSchema => _schema;

    /// <summary>The tool behind this function.</summary>
    public ToolDefinition Definition => _definition;

    /// <inheritdoc />
    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        ToolCallResult result;
        if (arguments.All(pair => pair.Value is JsonElement))
        {
            // What a chat client hands over after parsing the model's call: bound as they are, not written and read again.
            var byName = arguments.ToDictionary(pair => pair.Key, pair => (JsonElement)pair.Value!, StringComparer.Ordinal);
            result = await _toolset.InvokeAsync(_definition.Name, byName, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var json = JsonSerializer.SerializeToElement(
                arguments.ToDictionary(pair => pair.Key, pair => pair.Value),
                AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Dictionary<string, object?>)));
            result = await _toolset.InvokeAsync(_definition.Name, json, cancellationToken).ConfigureAwait(false);
        }

        return JsonSerializer.SerializeToElement(result.Content, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(System.Text.Json.Nodes.JsonObject)));
    }
}
