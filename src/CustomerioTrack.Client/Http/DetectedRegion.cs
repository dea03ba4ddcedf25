using System.Collections.Concurrent;
using System.Net.Http.Headers;

namespace CustomerioTrack.Client.Http;

/// <summary>
/// The workspace's base URL as getRegion answered it, by the credentials it was asked with, shared by every
/// <see cref="RegionDetectionHandler"/> built for one set of options: <c>IHttpClientFactory</c> rebuilds its handlers
/// every few minutes, and a cache inside the handler would make each rebuilt pipeline ask again. Other credentials
/// (options reloaded for another workspace) are another workspace, whose region is asked for anew.
/// </summary>
internal sealed class DetectedRegion
{
    // Every workspace detected stays detected: a request retried after its workspace's credentials were replaced must not
    // ask again (and, should that fail, report as not sent a request its first attempt sent).
    private readonly ConcurrentDictionary<(string Scheme, string? Parameter), Uri> _byCredentials = new();
    private Uri? _last;

    /// <summary>Serialises the lookup, so concurrent first calls share one.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The base URL detected last, whichever credentials asked.</summary>
    public Uri? BaseUrl => Volatile.Read(ref _last);

    /// <summary>The base URL getRegion answered to <paramref name="credentials"/>; null when they have not asked.</summary>
    public Uri? BaseUrlFor(AuthenticationHeaderValue credentials) =>
        _byCredentials.TryGetValue((credentials.Scheme, credentials.Parameter), out var baseUrl) ? baseUrl : null;

    /// <summary>Remembers what getRegion answered to <paramref name="credentials"/>.</summary>
    public void Remember(AuthenticationHeaderValue credentials, Uri baseUrl)
    {
        _byCredentials[(credentials.Scheme, credentials.Parameter)] = baseUrl;
        Volatile.Write(ref _last, baseUrl);
    }
}
