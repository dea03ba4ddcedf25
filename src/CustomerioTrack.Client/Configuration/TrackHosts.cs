namespace CustomerioTrack.Client;

/// <summary>Customer.io's Track API hosts, the only hosts that receive credentials unless a base URL is configured.</summary>
public static class TrackHosts
{
    /// <summary>US Track API base URL.</summary>
    public static Uri Us { get; } = new("https://track.customer.io");

    /// <summary>EU Track API base URL.</summary>
    public static Uri Eu { get; } = new("https://track-eu.customer.io");

    /// <summary>The base URL of a region.</summary>
    public static Uri For(TrackRegion region) => region == TrackRegion.Eu ? Eu : Us;

    /// <summary>True for https://track.customer.io and https://track-eu.customer.io.</summary>
    public static bool IsCustomerIoTrackHost(Uri uri) =>
        uri.Scheme == Uri.UriSchemeHttps
        && uri.IsDefaultPort
        && (string.Equals(uri.Host, Us.Host, StringComparison.OrdinalIgnoreCase)
            || string.Equals(uri.Host, Eu.Host, StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses a region name (<c>us</c> or <c>eu</c>, any case).</summary>
    public static bool TryParseRegion(string? value, out TrackRegion region)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "us":
                region = TrackRegion.Us;
                return true;
            case "eu":
                region = TrackRegion.Eu;
                return true;
            default:
                region = default;
                return false;
        }
    }
}
