using System.Text.Json.Nodes;
using CustomerioTrack.Client;

namespace CustomerioTrack.Tools;

/// <summary>Whether getRegion's answer names the workspace's region, by the rule the client's region detection reads it with.</summary>
internal static class RegionAnswer
{
    public const string OperationId = "getRegion";

    public const string UnknownNote = "Customer.io answered without a recognizable url or region, so the workspace's region is unknown. Set it explicitly: CUSTOMERIO_REGION=us or eu (TrackClientOptions.Region in .NET).";

    /// <summary>True when <c>url</c> is one of Customer.io's Track hosts or <c>region</c> is us or eu.</summary>
    public static bool NamesRegion(JsonNode? body)
    {
        if (body is not JsonObject root)
        {
            return false;
        }

        if (root["url"] is JsonValue url && url.TryGetValue<string>(out var text)
            && Uri.TryCreate(text, UriKind.Absolute, out var parsed) && TrackHosts.IsCustomerIoTrackHost(parsed))
        {
            return true;
        }

        return root["region"] is JsonValue region && region.TryGetValue<string>(out var name) && TrackHosts.TryParseRegion(name, out _);
    }
}
