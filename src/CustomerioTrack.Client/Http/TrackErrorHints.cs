using System.Globalization;

namespace CustomerioTrack.Client.Http;

/// <summary>What a developer can do about a failed status, as one or two sentences.</summary>
internal static class TrackErrorHints
{
    private const string Credentials =
        "Check the Site ID and the Track API key (Customer.io: Settings > API Credentials > Track API Keys; an App API key does not work here)";

    /// <summary>The hint for a status; null when there is nothing useful to add.</summary>
    public static string? For(int status, TimeSpan? retryAfter, Uri? requestUri) => status switch
    {
        400 => "Customer.io rejected the request as invalid: fix what it names.",
        401 => Unauthorized(requestUri),
        403 => "Customer.io refused this operation for these credentials: check that the Track API key belongs to this workspace.",
        404 => $"Nothing was found at this path on {Origin(requestUri)}: check the base URL (TrackClientOptions.BaseUrl or Region) and the identifiers in the path (a segment must already exist).",
        408 => "Customer.io gave up waiting for the request: send it again later.",
        413 => "The request body is too large for Customer.io: an entity request and each batch item must be under 32 KB, a batch under 500 KB.",
        429 => retryAfter is { } wait
            ? $"Rate limited by Customer.io: wait {Seconds(wait)} (Retry-After) before sending again."
            : "Rate limited by Customer.io: slow down and send again later.",
        >= 500 and < 600 => retryAfter is { } wait
            ? $"A problem on Customer.io's side: retry in {Seconds(wait)} (Retry-After)."
            : "A problem on Customer.io's side: retry later.",
        _ => null,
    };

    // EU credentials are refused by the US host and the other way round, so the host is the first thing to compare.
    private static string Unauthorized(Uri? requestUri)
    {
        if (requestUri is not null && TrackHosts.IsCustomerIoTrackHost(requestUri))
        {
            var isEu = string.Equals(requestUri.Host, TrackHosts.Eu.Host, StringComparison.OrdinalIgnoreCase);
            return isEu
                ? Credentials + ", and the region: the request went to the EU host (track-eu.customer.io); a US workspace needs TrackClientOptions.Region = TrackRegion.Us."
                : Credentials + ", and the region: the request went to the US host (track.customer.io); an EU workspace needs TrackClientOptions.Region = TrackRegion.Eu.";
        }

        return Credentials + $", and the base URL: the request went to {Origin(requestUri)}, not to a Customer.io Track host (TrackClientOptions.BaseUrl).";
    }

    // Only scheme, host and port: the path holds identifiers such as e-mail addresses.
    private static string Origin(Uri? requestUri) => requestUri is null ? "the configured base URL" : requestUri.GetLeftPart(UriPartial.Authority);

    private static string Seconds(TimeSpan wait) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, Math.Ceiling(wait.TotalSeconds))} s");
}
