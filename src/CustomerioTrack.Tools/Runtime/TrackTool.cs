using Microsoft.Kiota.Abstractions;

namespace CustomerioTrack.Tools;

/// <summary>Base of every generated tool: the definition plus how to build its HTTP request.</summary>
public abstract partial class TrackTool
{
    /// <summary>Creates a tool for a definition.</summary>
    protected TrackTool(ToolDefinition definition) => Definition = definition;

    /// <summary>What the tool is.</summary>
    public ToolDefinition Definition { get; }

    /// <summary>Tool name.</summary>
    public string Name => Definition.Name;

    /// <summary>
    /// Builds the request (method, URL template, path parameters) for validated arguments.
    /// Query parameters and the body are added by the runtime.
    /// </summary>
    protected abstract RequestInformation CreateRequest(ToolArguments arguments);

    internal RequestInformation BuildRequest(ToolArguments arguments) => CreateRequest(arguments);
}
