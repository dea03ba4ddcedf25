using System.Reflection;
using CustomerioTrack.Tools;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CustomerioTrack.Mcp;

/// <summary>Adds the Track tools to an MCP server of the ModelContextProtocol SDK: the app's own, or the customerio-track-mcp command's.</summary>
public static class TrackMcpServer
{
    /// <summary>Server name announced to clients when the host sets none.</summary>
    public const string Name = "customerio-track";

    /// <summary>Instructions sent to the model with the server info (appended to the host's own).</summary>
    public const string Instructions =
        "Tools for Customer.io's Track API (people, events, devices, segments, objects, unsubscribes). "
        + "Tools that take `mode` need a request body: call them first with mode=\"get_request_schema\", build request_body from the returned JSON Schema, "
        + "then call again with mode=\"execute\". A result with isError explains what to change; configuration errors (missing credentials) cannot be fixed by changing arguments.";

    /// <summary>This package's version, announced as the server version when the host sets no server info.</summary>
    public static string Version { get; } = (typeof(TrackMcpServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    /// <summary>
    /// Adds an MCP server with the Track tools. In a host that already is an MCP server (its own <c>AddMcpServer</c>,
    /// before or after this call) the host's tools, resources, server name and instructions are kept: the Track tools are
    /// added to its tools, the Track instructions are appended to its instructions, and the server name and version are
    /// the Track ones only when the host sets none. A host tool with the name of a Track tool makes the server fail to
    /// start (an <see cref="InvalidOperationException"/> naming it) instead of one silently replacing the other: leave
    /// that Track tool out with <see cref="TrackToolsOptions.Exclude"/>. tools/call params of the wrong shape are
    /// answered with -32602 naming the problem, and a string the SDK cannot read (an escaped lone surrogate) with the
    /// Track tool's unicode problem naming the argument, or (in any request's params) -32602 naming where it is.
    /// </summary>
    /// <returns>The MCP server builder, for a transport (<c>WithStdioServerTransport</c>, <c>WithHttpTransport</c>, ...).</returns>
    public static IMcpServerBuilder AddTrackMcpServer(this IServiceCollection services, TrackToolset toolset)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(toolset);
        var builder = services
            .AddMcpServer()
            .WithTools(TrackMcpTool.CreateAll(toolset))
            .WithMessageFilters(filters => filters.AddIncomingFilter(next => async (context, ct) =>
            {
                // The SDK answers tools/call params it cannot bind with -32603 "An error occurred."; say what is wrong, as -32602.
                if (context.JsonRpcMessage is JsonRpcRequest { Method: RequestMethods.ToolsCall } call && ToolCallParams.Problem(call.Params) is { } problem)
                {
                    throw new McpProtocolException(problem, McpErrorCode.InvalidParams);
                }

                try
                {
                    await next(context, ct).ConfigureAwait(false);
                }
                catch (InvalidOperationException) when (context.JsonRpcMessage is JsonRpcRequest unbound
                    && UnreadableString.Find(unbound.Params, "$.params") is { } where)
                {
                    // Looked for only once binding has failed: valid calls pay nothing.
                    await UnreadableParamsAnswer.SendAsync(context, unbound, where, toolset, ct).ConfigureAwait(false);
                }
            }));
        // After every Configure, whichever order the host and this call come in: a host's own name and instructions
        // must not be replaced by ours (a Configure here would win or lose depending on registration order).
        var trackNames = toolset.Definitions.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        services.AddOptions<McpServerOptions>().PostConfigure<IServiceProvider>((o, provider) =>
        {
            // The SDK keeps one of two tools with the same name and drops the other without a word.
            var clash = provider.GetServices<McpServerTool>()
                .GroupBy(t => t.ProtocolTool.Name, StringComparer.Ordinal)
                .FirstOrDefault(g => g.Count() > 1 && trackNames.Contains(g.Key));
            if (clash is not null)
            {
                throw new InvalidOperationException(
                    $"Two MCP tools are named {clash.Key}: a Track tool and another one of this server. Leave the Track one out with TrackToolsOptions.Exclude, or rename the other.");
            }

            o.ServerInfo ??= new Implementation { Name = Name, Title = "Customer.io Track API", Version = Version };
            if (string.IsNullOrEmpty(o.ServerInstructions))
            {
                o.ServerInstructions = Instructions;
            }
            else if (!o.ServerInstructions.Contains(Instructions, StringComparison.Ordinal))
            {
                o.ServerInstructions += "\n\n" + Instructions;
            }
        });
        return builder;
    }
}
