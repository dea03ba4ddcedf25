using System.Globalization;
using System.Text.Json.Nodes;
using CustomerioTrack.Client;
using CustomerioTrack.Tools.Chunking;
using Microsoft.Kiota.Abstractions;

namespace CustomerioTrack.Tools;

// Dry runs: the request (or requests) that would be sent, described instead of sent.
internal sealed partial class ToolExecutor
{
    private static ToolCallResult DryRunChunks(TrackApiClient api, TrackTool tool, ToolDefinition definition, ToolArguments arguments, ChunkPlan plan)
    {
        var requests = new JsonArray();
        foreach (var chunk in plan.Chunks)
        {
            var described = DryRun(api, definition, CreateRequest(api, tool, arguments, chunk.Body, pooled: null), chunk.Body).Content["request"]!.DeepClone().AsObject();
            described["first_index"] = chunk.Offset;
            described["count"] = chunk.Count;
            requests.Add((JsonNode)described);
        }

        return new ToolCallResult(false, new JsonObject
        {
            ["dry_run"] = true,
            ["message"] = string.Create(CultureInfo.InvariantCulture, $"Validated; nothing was sent (dry run). The {plan.ItemCount} items would go out in {plan.Chunks.Count} requests, one after another.") + RegionNote(api),
            ["items"] = new JsonObject { ["submitted"] = plan.ItemCount },
            ["requests"] = requests,
        });
    }

    // The described URL is the US host until a real call has detected the region: say so rather than mislead an EU workspace.
    private static string RegionNote(TrackApiClient api) => api.DetectsRegion
        ? $" No region is configured: the URL shows {TrackHosts.Us.Host}; a real call first asks Customer.io for the workspace's region (getRegion) and goes to {TrackHosts.Eu.Host} for an EU workspace. Set the region (CUSTOMERIO_REGION=us or eu) to skip the lookup."
        : "";

    private static ToolCallResult DryRun(TrackApiClient api, ToolDefinition definition, RequestInformation request, ReadOnlyMemory<byte>? payload)
    {
        request.PathParameters["baseurl"] = api.BaseUrl.TrimEnd('/');
        // As the pipeline sends it: encoded query parameter names (id%2Dtype) go out decoded (id-type).
        var uri = WireUri.Of(request.URI);
        var headers = new JsonObject();
        if (payload is not null)
        {
            headers["Content-Type"] = JsonContentType;
        }

        headers["User-Agent"] = api.UserAgent;
        if (api.WouldAuthenticate(uri, definition.RequiresAuthentication))
        {
            headers["Authorization"] = "Basic [redacted]";
        }

        return new ToolCallResult(false, new JsonObject
        {
            ["dry_run"] = true,
            ["message"] = "Validated; nothing was sent (dry run)." + RegionNote(api),
            ["request"] = new JsonObject
            {
                ["method"] = definition.HttpMethod,
                // Escaped exactly as sent: ToString() unescapes for display, showing look-alikes (U+FF0E for '.') and
                // bidirectional controls as characters, so the described URL would not be the one on the wire.
                ["url"] = uri.AbsoluteUri,
                ["headers"] = headers,
                ["body"] = payload is { } described ? JsonNode.Parse(described.Span) : null,
            },
        });
    }
}
