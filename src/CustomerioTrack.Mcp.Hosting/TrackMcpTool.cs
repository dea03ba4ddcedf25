using System.Text.Json;
using CustomerioTrack.Tools;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CustomerioTrack.Mcp;

/// <summary>One Track tool as an MCP tool: metadata straight from the generated <see cref="ToolDefinition"/>, calls through the toolset.</summary>
public sealed class TrackMcpTool : McpServerTool
{
    private static readonly IReadOnlyList<object> s_noMetadata = [];
    private readonly TrackToolset _toolset;

    /// <summary>Wraps one tool of a toolset.</summary>
    public TrackMcpTool(TrackToolset toolset, ToolDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(toolset);
        ArgumentNullException.ThrowIfNull(definition);
        _toolset = toolset;
        Definition = definition;
        using var schema = JsonDocument.Parse(definition.InputSchemaJson);
        ProtocolTool = new Tool
        {
            Name = definition.Name,
            Title = definition.Title,
            Description = definition.Description,
            InputSchema = schema.RootElement.Clone(),
            Annotations = new ModelContextProtocol.Protocol.ToolAnnotations
            {
                Title = definition.Title,
                ReadOnlyHint = definition.Annotations.ReadOnly,
                DestructiveHint = definition.Annotations.Destructive,
                IdempotentHint = definition.Annotations.Idempotent,
                OpenWorldHint = definition.Annotations.OpenWorld,
            },
        };
    }

    /// <summary>The generated definition behind this tool.</summary>
    public ToolDefinition Definition { get; }

    /// <inheritdoc />
    public override Tool ProtocolTool { get; }

    /// <inheritdoc />
    public override IReadOnlyList<object> Metadata => s_noMetadata;

    /// <summary>The MCP tools for every tool of a toolset.</summary>
    public static IReadOnlyList<McpServerTool> CreateAll(TrackToolset toolset) =>
        toolset.Definitions.Select(d => (McpServerTool)new TrackMcpTool(toolset, d)).ToList();

    private static readonly IReadOnlyDictionary<string, JsonElement> s_noArguments = new Dictionary<string, JsonElement>();

    /// <inheritdoc />
    public override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        // The arguments go in by name as the request carries them, not serialized into one object and parsed again.
        IReadOnlyDictionary<string, JsonElement> arguments = request.Params?.Arguments switch
        {
            null => s_noArguments,
            IReadOnlyDictionary<string, JsonElement> readOnly => readOnly,
            var given => new Dictionary<string, JsonElement>(given, StringComparer.Ordinal),
        };
        var progress = request.Params?.ProgressToken is { } token ? new McpToolProgress(request.Server, token) : null;
        var result = await _toolset.InvokeAsync(Definition.Name, arguments, progress, cancellationToken).ConfigureAwait(false);
        if (progress is not null)
        {
            await progress.SentAsync().ConfigureAwait(false);
        }

        return ToCallToolResult(result);
    }

    /// <summary>One text block holding the result JSON, the same object as structured content, and the error flag.</summary>
    public static CallToolResult ToCallToolResult(ToolCallResult result)
    {
        var json = result.ToJson();
        using var document = JsonDocument.Parse(json);
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = json }],
            StructuredContent = document.RootElement.Clone(),
            IsError = result.IsError,
        };
    }
}
