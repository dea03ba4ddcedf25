namespace CustomerioTrack.Client.Http;

/// <summary>Sets the User-Agent header to a single product token (Kiota's own token is not added).</summary>
public sealed class TrackUserAgentHandler(string userAgent) : DelegatingHandler
{
    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.UserAgent.Clear();
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        return base.SendAsync(request, cancellationToken);
    }
}
