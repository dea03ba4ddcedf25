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
        // Each argument becomes one JsonElement and the call goes in by name, as an MCP tools/call request carries it:
        // a JsonElement (what most chat clients hand over) is bound as it is, so its bytes go out as the model wrote
        // them, whatever shape the other arguments have; any other value is written once, compactly, without reflection.
        var (byName, problems) = AIArgumentConverter.Convert(arguments);
        var result = problems.Count > 0
            ? ToolResults.NotCalled(ToolErrorKind.InvalidArguments, _definition.Name, problems)
            : await _toolset.InvokeAsync(_definition.Name, byName, cancellationToken).ConfigureAwait(false);

        // Source-generated metadata: no reflection, and the error object (isError) travels in the content.
        return JsonSerializer.SerializeToElement(result.Content, ToolsJsonContext.Default.JsonObject);
    }
}
