using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CustomerioTrack.Mcp;

/// <summary>
/// Answers a POST body over the server's size limit with a JSON-RPC error that names the limit. Without it Kestrel's
/// exception escapes the MCP handler: the client gets an empty 413 and the log an error-level stack trace.
/// </summary>
internal static class OversizedRequestAnswer
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            var message = "The request body is larger than this server accepts"
                + (limit is { } bytes ? $" ({bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes)" : string.Empty)
                + ". The Track API itself takes at most 500 KB per request (a batch): send less per tool call.";
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            context.Response.ContentType = "application/json";
            var body = new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["id"] = null,
                ["error"] = new JsonObject { ["code"] = -32600, ["message"] = message },
            };
            await context.Response.WriteAsync(System.Text.Json.JsonSerializer.Serialize(body, McpJsonContext.Default.JsonObject)).ConfigureAwait(false);
        }
    }
}
