using System.Net;

namespace CustomerioTrack.Client.Http;

/// <summary>
/// Follows redirects only to hosts allowed to receive credentials (Customer.io's Track hosts or the configured base URL),
/// keeping method, body and headers; anything else fails with <see cref="TrackRedirectRefusedException"/>.
/// The primary handler must have automatic redirects off: a <see cref="SocketsHttpHandler"/> or
/// <see cref="HttpClientHandler"/> under this handler that follows them (their default, and so IHttpClientFactory's
/// default primary handler) fails the first call with <see cref="TrackConfigurationException"/> before anything is sent.
/// </summary>
public sealed class SafeRedirectHandler(Func<Uri, bool> isAllowedHost, int maxRedirects = 5) : DelegatingHandler
{
    private int _transportChecked;

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _transportChecked) == 0)
        {
            // The pipeline is fixed once it sends: checked on the first call, then never again.
            EnsureTransportLeavesRedirectsToUs();
            Volatile.Write(ref _transportChecked, 1);
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        for (var hops = 0; IsRedirect(response.StatusCode); hops++)
        {
            var status = (int)response.StatusCode;
            var target = response.Headers.Location is { } location && request.RequestUri is { } current
                ? new Uri(current, location)
                : null;
            response.Dispose();
            if (target is null || !isAllowedHost(target))
            {
                throw new TrackRedirectRefusedException(status, target);
            }

            if (hops >= maxRedirects)
            {
                throw new TrackRedirectRefusedException(status, target, maxRedirects);
            }

            request.RequestUri = target;
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    // A transport that follows redirects answers with the final hop: a 307 to another host would already have carried
    // the body there, and this handler would never see the 3xx it is meant to refuse.
    private void EnsureTransportLeavesRedirectsToUs()
    {
        var transport = InnerHandler;
        while (transport is DelegatingHandler delegating)
        {
            transport = delegating.InnerHandler;
        }

        var followsRedirects = transport switch
        {
            SocketsHttpHandler sockets => sockets.AllowAutoRedirect,
            HttpClientHandler client => client.AllowAutoRedirect,
            _ => false,
        };
        if (followsRedirects)
        {
            throw new TrackConfigurationException(
                $"The HTTP transport under the Track client's handlers ({transport!.GetType().Name}) follows redirects itself "
                + "(AllowAutoRedirect = true), so a redirect to another host would receive the request body before it could be refused. "
                + "Nothing was sent. Set AllowAutoRedirect = false on the primary handler, e.g. "
                + "ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false }).");
        }
    }

    private static bool IsRedirect(HttpStatusCode code) => code is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
}
