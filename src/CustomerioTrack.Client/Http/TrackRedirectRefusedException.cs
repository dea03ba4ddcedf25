namespace CustomerioTrack.Client.Http;

/// <summary>
/// The API answered with a redirect that is not followed: to a host that must not receive the request or its
/// credentials, without a usable Location, or one hop too many.
/// </summary>
public sealed class TrackRedirectRefusedException : HttpRequestException
{
    /// <summary>Creates the exception for a redirect to a host that must not receive the request (or to no usable target).</summary>
    public TrackRedirectRefusedException(int statusCode, Uri? target)
        : this(statusCode, target, maxRedirects: null)
    {
    }

    internal TrackRedirectRefusedException(int statusCode, Uri? target, int? maxRedirects)
        : base(Describe(statusCode, target, maxRedirects))
    {
        RedirectStatusCode = statusCode;
        Target = target;
    }

    /// <summary>The 3xx status received.</summary>
    public int RedirectStatusCode { get; }

    /// <summary>Where the API pointed, if it said.</summary>
    public Uri? Target { get; }

    private static string Describe(int statusCode, Uri? target, int? maxRedirects)
    {
        if (target is null)
        {
            return $"The Track API answered {statusCode} without a usable Location header; the redirect was not followed.";
        }

        var authority = target.GetLeftPart(UriPartial.Authority);
        if (maxRedirects is { } max)
        {
            return $"The Track API redirected more than {max} times (the last {statusCode} to {authority}); the redirect was not followed. Check the configured base URL and any proxy in between.";
        }

        // Only a Customer.io host hints at the workspace's region; anywhere else points at the URL or a proxy.
        var regionHint = IsCustomerIoHost(target)
            ? " If the workspace is in the other region than the one configured, set the region (CUSTOMERIO_REGION=us or eu)."
            : " Check the configured base URL and any proxy in between.";
        return $"The Track API answered {statusCode} redirecting to {authority}, which is not a Customer.io Track host or the configured base URL. The redirect was not followed and no credentials were sent there." + regionHint;
    }

    private static bool IsCustomerIoHost(Uri target) =>
        target.Host.Equals("customer.io", StringComparison.OrdinalIgnoreCase) || target.Host.EndsWith(".customer.io", StringComparison.OrdinalIgnoreCase);
}
