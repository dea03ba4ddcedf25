namespace CustomerioTrack.Client.Http;

/// <summary>The API answered with a redirect to a host that must not receive the request or its credentials.</summary>
public sealed class TrackRedirectRefusedException : HttpRequestException
{
    /// <summary>Creates the exception.</summary>
    public TrackRedirectRefusedException(int statusCode, Uri? target)
        : base(Describe(statusCode, target))
    {
        RedirectStatusCode = statusCode;
        Target = target;
    }

    /// <summary>The 3xx status received.</summary>
    public int RedirectStatusCode { get; }

    /// <summary>Where the API pointed, if it said.</summary>
    public Uri? Target { get; }

    private static string Describe(int statusCode, Uri? target) =>
        target is null
            ? $"The Track API answered {statusCode} without a usable Location header; the redirect was not followed."
            : $"The Track API answered {statusCode} redirecting to {target.GetLeftPart(UriPartial.Authority)}, which is not a Customer.io Track host or the configured base URL. The redirect was not followed and no credentials were sent there. If your workspace is in the EU, set the region to eu (CUSTOMERIO_REGION=eu).";
}
