using System.Collections.Concurrent;

namespace CustomerioTrack.Client.Tests.Support;

/// <summary>One request as the transport saw it: the request line SocketsHttpHandler writes, before anything decodes it.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Scheme">Scheme of the URI the client addressed.</param>
/// <param name="Host">Host of the URI the client addressed (before any test rewrite).</param>
/// <param name="Port">Port of the URI the client addressed.</param>
/// <param name="PathAndQuery">Escaped path and query, exactly as written on the request line.</param>
/// <param name="Authorization">The Authorization header value, if any.</param>
public sealed record RecordedRequest(string Method, string Scheme, string Host, int Port, string PathAndQuery, string? Authorization);

/// <summary>
/// Innermost handler for tests: records each request's escaped path and query, then passes it to a real
/// <see cref="SocketsHttpHandler"/> (automatic redirects off). Optionally rewrites the target (e.g. the Customer.io
/// hosts to a local WireMock server) after recording the original address; requests to other hosts can be answered
/// locally without touching the network.
/// </summary>
public sealed class RecordingHandler : DelegatingHandler
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Func<Uri, Uri?>? _rewrite;

    /// <param name="rewrite">Maps an addressed URI to the one actually contacted; null = answer 599 locally without sending.</param>
    public RecordingHandler(Func<Uri, Uri?>? rewrite = null)
        : base(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false })
    {
        _rewrite = rewrite;
    }

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>Rewrites https://track.customer.io and https://track-eu.customer.io to <paramref name="target"/>; anything else is answered 599 locally.</summary>
    public static RecordingHandler RedirectingCustomerIoHostsTo(Uri target) => new(uri =>
        TrackHosts.IsCustomerIoTrackHost(uri)
            ? new Uri(target.GetLeftPart(UriPartial.Authority) + uri.GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped))
            : null);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        _requests.Enqueue(new RecordedRequest(
            request.Method.Method,
            uri.Scheme,
            uri.Host,
            uri.Port,
            uri.GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped),
            request.Headers.Authorization?.ToString()));

        if (_rewrite is null)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var target = _rewrite(uri);
        if (target is null)
        {
            return new HttpResponseMessage((System.Net.HttpStatusCode)599) { RequestMessage = request, Content = new StringContent("not contacted") };
        }

        // Restore the addressed URI afterwards: handlers above resolve relative redirects against it.
        var original = request.RequestUri;
        request.RequestUri = target;
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            request.RequestUri = original;
        }
    }
}
