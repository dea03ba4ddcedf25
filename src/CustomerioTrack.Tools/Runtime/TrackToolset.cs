using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerioTrack.Client;
using CustomerioTrack.Tools.Validation;

namespace CustomerioTrack.Tools;

/// <summary>
/// A set of Track tools bound to a client: list them, get schemas, invoke by name with JSON arguments. Immutable once
/// created and safe to share across threads, AI function sets and MCP sessions.
/// </summary>
public sealed partial class TrackToolset
{
    private readonly Dictionary<string, TrackTool> _tools;
    private readonly ConcurrentDictionary<string, RequestBodySchema> _schemas = new(StringComparer.Ordinal);
    private readonly ToolExecutor _executor;
    private readonly TrackToolsOptions _options;

    internal TrackToolset(IReadOnlyList<TrackTool> tools, Func<TrackApiClient> clientFactory, TrackToolsOptions options)
    {
        _tools = tools.ToDictionary(t => t.Name, StringComparer.Ordinal);
        Definitions = tools.Select(t => t.Definition).ToList();
        _options = options;
        _executor = new ToolExecutor(new Lazy<TrackApiClient>(clientFactory, LazyThreadSafetyMode.PublicationOnly), options, SchemaFor);
    }

    /// <summary>The exposed tools, by name.</summary>
    public IReadOnlyList<ToolDefinition> Definitions { get; }

    /// <summary>A copy of the options this toolset was created with (changing it changes nothing: create another toolset instead).</summary>
    public TrackToolsOptions Options => _options.Snapshot();

    /// <summary>The tool of that name, if exposed.</summary>
    public ToolDefinition? Find(string name) => _tools.TryGetValue(name, out var tool) ? tool.Definition : null;

    /// <summary>The request body schema of a tool (a JSON Schema 2020-12 object, a new one on each call), or null when it has no body or is not exposed.</summary>
    public JsonNode? GetRequestSchema(string toolName) =>
        _tools.TryGetValue(toolName, out var tool) && tool.Definition.RequestBody is not null ? SchemaFor(tool.Definition).ToNode() : null;

    /// <summary>Invokes a tool with JSON arguments (an object of parameter names to values).</summary>
    public async Task<ToolCallResult> InvokeAsync(string toolName, JsonElement arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(toolName);
        var result = _tools.TryGetValue(toolName, out var tool)
            ? await _executor.InvokeAsync(tool, arguments, cancellationToken).ConfigureAwait(false)
            : UnknownTool(toolName);
        return WithNotice(result);
    }

    private ToolCallResult UnknownTool(string toolName) =>
        ToolResults.Error(ToolErrorKind.UnknownTool,
            $"There is no tool named '{toolName}'. Available: {string.Join(", ", _tools.Keys.Order(StringComparer.Ordinal))}.");

    private ToolCallResult WithNotice(ToolCallResult result)
    {
        if (_options.Notice is { } notice)
        {
            result.Content["notice"] = notice;
        }

        return result;
    }

    /// <summary>
    /// Invokes a tool with its arguments by name, as an MCP <c>tools/call</c> request carries them: nothing is serialized
    /// again to build one JSON object (a 500 KB batch would be written and parsed once more).
    /// </summary>
    public Task<ToolCallResult> InvokeAsync(string toolName, IReadOnlyDictionary<string, JsonElement> arguments, CancellationToken cancellationToken = default) =>
        InvokeAsync(toolName, arguments, progress: null, cancellationToken);

    /// <summary>
    /// As <see cref="InvokeAsync(string, IReadOnlyDictionary{string, JsonElement}, CancellationToken)"/>, telling
    /// <paramref name="progress"/> how far a call split into several requests has got (see <see cref="TrackToolProgress"/>).
    /// </summary>
    public async Task<ToolCallResult> InvokeAsync(string toolName, IReadOnlyDictionary<string, JsonElement> arguments, IProgress<TrackToolProgress>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(toolName);
        ArgumentNullException.ThrowIfNull(arguments);
        var result = _tools.TryGetValue(toolName, out var tool)
            ? await _executor.InvokeAsync(tool, arguments, progress, cancellationToken).ConfigureAwait(false)
            : UnknownTool(toolName);
        return WithNotice(result);
    }

    /// <summary>Invokes a tool with arguments given as JSON text.</summary>
    public async Task<ToolCallResult> InvokeAsync(string toolName, string argumentsJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(toolName);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(string.IsNullOrWhiteSpace(argumentsJson) ? "{}" : argumentsJson);
        }
        catch (JsonException exception)
        {
            return ToolResults.Error(ToolErrorKind.InvalidArguments, "The arguments are not valid JSON: " + exception.Message);
        }

        // The document lives for the call instead of being cloned (a 500 KB batch was copied once more for nothing);
        // results never hold on to argument elements, they copy what they quote.
        using (document)
        {
            return await InvokeAsync(toolName, document.RootElement, cancellationToken).ConfigureAwait(false);
        }
    }

    private RequestBodySchema SchemaFor(ToolDefinition definition) =>
        _schemas.GetOrAdd(definition.Name, static (_, d) => new RequestBodySchema(d.RequestBody!.SchemaJson), definition);
}
