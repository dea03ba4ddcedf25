using System.Net.Http.Headers;
using CustomerioTrack.Client.Http;
using Microsoft.Kiota.Abstractions;

namespace CustomerioTrack.Client;

public partial class TrackApiClient
{
    /// <summary>The base URL requests are built against (before any region detection).</summary>
    public string BaseUrl => RequestAdapter.BaseUrl ?? TrackHosts.Us.ToString();

    /// <summary>
    /// True when neither a region nor a base URL is configured: the first call asks Customer.io for the workspace's region
    /// (getRegion) and an EU workspace's calls then go to the EU host instead of <see cref="BaseUrl"/>.
    /// </summary>
    public bool DetectsRegion { get; internal set; }

    /// <summary>The User-Agent this client's requests carry.</summary>
    public string UserAgent { get; internal set; } = TrackUserAgent.Default;

    /// <summary>The authentication provider the factory configured, when built by <see cref="TrackClientFactory"/>.</summary>
    public TrackBasicAuthenticationProvider? Authentication { get; internal set; }

    /// <summary>The adapter a factory-built client runs on; null for a client built around another adapter.</summary>
    internal TrackRequestAdapter? TrackAdapter => RequestAdapter as TrackRequestAdapter;

    /// <summary>The serialization writers this client's adapter writes request bodies with.</summary>
    internal Microsoft.Kiota.Abstractions.Serialization.ISerializationWriterFactory SerializationWriters => RequestAdapter.SerializationWriterFactory;

    /// <summary>Removes this client's credentials from a text (messages, logs); a no-op without credentials.</summary>
    public string Redact(string text) => Authentication?.Redact(text) ?? text;

    /// <summary>True when a request to <paramref name="uri"/> for an operation that takes credentials would carry them.</summary>
    public bool WouldAuthenticate(Uri uri, bool operationRequiresAuthentication) =>
        operationRequiresAuthentication && Authentication is { } auth && auth.IsAllowedHost(uri);

    /// <summary>
    /// Sends a request built against this client's URL templates through its authentication provider and middleware
    /// and returns the raw answer, whatever its status. The request's content is sent byte for byte.
    /// </summary>
    /// <remarks>
    /// A client from <see cref="TrackClientFactory"/> hands the request straight to its HttpClient: the handlers see the
    /// message Kiota's adapter would build, without the adapter's per-call tracing setup (see
    /// <see cref="TrackRequestAdapter"/>). When Kiota's tracing has a listener, the request goes through Kiota's adapter
    /// and gets its spans.
    /// </remarks>
    public async Task<TrackRawResponse> SendRawAsync(RequestInformation request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ThrowIfDisposed();
        using var response = TrackAdapter is { } adapter
            ? await adapter.SendRawAsync(request, cancellationToken).ConfigureAwait(false)
            : await TrackRequestAdapter.SendThroughAsync(RequestAdapter, request, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<TrackRawResponse> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new TrackRawResponse((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, RetryAfterHeader.Of(response), response.Headers, response.Content.Headers)
        {
            RequestUri = response.RequestMessage?.RequestUri,
        };
    }
}
