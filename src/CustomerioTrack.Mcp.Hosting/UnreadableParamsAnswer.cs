using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using CustomerioTrack.Tools;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CustomerioTrack.Mcp;

/// <summary>
/// Answers a request the SDK could not bind because a string in its params holds an escaped lone surrogate (it would
/// answer -32603 "An error occurred."): in a Track tool's arguments, with the tool's own problem result (nothing is sent
/// to Customer.io); anywhere else, with -32602 naming where the string is.
/// </summary>
internal static class UnreadableParamsAnswer
{
    private static readonly JsonTypeInfo<CallToolResult> s_resultInfo =
        (JsonTypeInfo<CallToolResult>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolResult));

    public static async Task SendAsync(MessageContext context, JsonRpcRequest call, (string Path, bool IsName) where, TrackToolset toolset, CancellationToken cancellationToken)
    {
        if (call.Method == RequestMethods.ToolsCall && !where.IsName && await ToolResultAsync(call, toolset, cancellationToken).ConfigureAwait(false) is { } result)
        {
            // The request's server (bound to its transport, an HTTP POST's own stream) routes the reply.
            await context.Server.SendMessageAsync(new JsonRpcResponse
            {
                Id = call.Id,
                Result = JsonSerializer.SerializeToNode(TrackMcpTool.ToCallToolResult(result), s_resultInfo),
            }, cancellationToken).ConfigureAwait(false);
            return;
        }

        var what = where.IsName ? "a member name of the object at " : "the string at ";
        throw new McpProtocolException(
            $"Invalid params: {what}{where.Path} holds a \\u escape of half a UTF-16 surrogate pair (\\uD800-\\uDFFF) without its other half, which is not a Unicode character. "
            + "Send the real characters (one outside the Basic Multilingual Plane is a pair, such as \\uD83D\\uDE00).",
            McpErrorCode.InvalidParams);
    }

    /// <summary>
    /// The Track tool's result for these arguments (its unicode problem), or null when the call is not to a Track tool or
    /// its arguments hold no such string (the tool would run: the call must not be made outside the SDK's pipeline).
    /// </summary>
    private static async Task<ToolCallResult?> ToolResultAsync(JsonRpcRequest call, TrackToolset toolset, CancellationToken cancellationToken)
    {
        if (call.Params?["name"] is not JsonValue nameValue || UnreadableString.Find(nameValue, "") is not null
            || !nameValue.TryGetValue<string>(out var name) || toolset.Find(name) is null
            || call.Params["arguments"] is not JsonObject arguments || UnreadableString.Find(arguments, "") is not (_, false))
        {
            return null;
        }

        JsonDocument document;
        try
        {
            document = UnreadableString.CopyAsWritten(arguments);
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        using (document)
        {
            return await toolset.InvokeAsync(name, document.RootElement, cancellationToken).ConfigureAwait(false);
        }
    }
}
