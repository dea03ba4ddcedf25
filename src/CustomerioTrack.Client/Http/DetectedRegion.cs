namespace CustomerioTrack.Client.Http;

/// <summary>
/// The workspace's base URL as getRegion answered it, shared by every <see cref="RegionDetectionHandler"/> built for one
/// set of options: <c>IHttpClientFactory</c> rebuilds its handlers every few minutes, and a cache inside the handler would
/// make each rebuilt pipeline ask again.
/// </summary>
internal sealed class DetectedRegion
{
    private Uri? _baseUrl;

    /// <summary>Serialises the lookup, so concurrent first calls share one.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public Uri? BaseUrl
    {
        get => Volatile.Read(ref _baseUrl);
        set => Volatile.Write(ref _baseUrl, value);
    }
}
