using System.Net;

namespace CustomerioTrack.Client.Http;

/// <summary>
/// Follows redirects only to hosts allowed to receive credentials (Customer.io's Track hosts or the configured base URL),
/// keeping method, body and headers; anything else fails with <see cref="TrackRedirectRefusedException"/>.
/// The primary handler must have automatic redirects off.
/// </summary>
public sealed class SafeRedirectHandler(Func<Uri, bool> isAllowedHost, int maxRedirects = 5) : DelegatingHandler
{
    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        for (var hops = 0; IsRedirect(response.StatusCode); hops++)
        {
            var status = (int)response.StatusCode;
            var target = response.Headers.Location is { } location && request.RequestUri is { } current
                ? new Uri(current, location)
                : null;
            response.Dispose();
            if (target is null || !isAllowedHost(target) || hops >= maxRedirects)
            {
                throw new TrackRedirectRefusedException(status, target);
            }

            request.RequestUri = target;
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private static bool IsRedirect(HttpStatusCode code) => code is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
}
