using System.Collections.Concurrent;
using CustomerioTrack.Client;
using WireMock;
using WireMock.Server;

namespace CustomerioTrack.Tools.Tests.Support;

/// <summary>A WireMock stand-in with retries on (tiny backoff) and every retry recorded.</summary>
public sealed class ResilientStub : IDisposable
{
    public ResilientStub(int maxRetries = 2, TimeSpan? timeout = null, TimeSpan? maxDelay = null, Uri? baseUrl = null, TimeSpan? totalBudget = null)
    {
        Server = WireMockServer.Start();
        var options = new TrackClientOptions
        {
            SiteId = TrackStub.SiteId,
            ApiKey = TrackStub.ApiKey,
            BaseUrl = baseUrl ?? new Uri(Server.Url!),
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
            Retry = new TrackRetryOptions
            {
                MaxRetries = maxRetries,
                BaseDelay = TimeSpan.FromMilliseconds(10),
                MaxDelay = maxDelay ?? TimeSpan.FromSeconds(5),
                TotalBudget = totalBudget ?? TimeSpan.FromSeconds(90),
                OnRetry = Retries.Enqueue,
            },
        };
        Client = TrackClientFactory.Create(options);
        Tools = TrackTools.Create(Client);
    }

    public WireMockServer Server { get; }

    public TrackApiClient Client { get; }

    public TrackToolset Tools { get; }

    public ConcurrentQueue<TrackRetryAttempt> Retries { get; } = new();

    public IReadOnlyList<IRequestMessage> Requests => Server.LogEntries.Select(e => e.RequestMessage).ToList();

    public void Dispose() => Server.Stop();
}
