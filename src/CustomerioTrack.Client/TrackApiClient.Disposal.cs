namespace CustomerioTrack.Client;

/// <summary>
/// A client disposes what <see cref="TrackClientFactory"/> built for it and nothing it was given, as
/// <c>new HttpClient(handler, disposeHandler: false)</c> leaves a handler to its owner.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>Create(options)</c>: the client owns its HttpClient, handlers and transport; <see cref="Dispose()"/> closes its connections.</item>
/// <item><c>Create(options, primaryHandler)</c>: the handler is yours and stays open. The HttpClient and delegating
/// handlers the factory put over it are not disposed either (a delegating handler disposes the handler under it); they
/// hold no connections of their own and are left to the garbage collector.</item>
/// <item><c>Create(options, httpClient)</c> and <c>AddCustomerioTrack</c>: the HttpClient is yours (or IHttpClientFactory's) and stays open.</item>
/// <item>A client built around another adapter disposes nothing; its typed calls keep going to that adapter.</item>
/// </list>
/// Whatever it owns, a disposed client refuses further calls with <see cref="ObjectDisposedException"/>. Disposing twice does nothing.
/// </remarks>
public partial class TrackApiClient : IDisposable
{
    private volatile bool _disposed;

    /// <summary>Disposes what the factory built for this client (see the class remarks) and refuses further calls.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes what the factory built for this client when <paramref name="disposing"/> is true.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (disposing)
        {
            TrackAdapter?.Dispose();
        }
    }

    /// <summary>What a call on a disposed client throws.</summary>
    internal static ObjectDisposedException DisposedError() =>
        new(nameof(TrackApiClient), "This TrackApiClient has been disposed and sends nothing more. Create a new one with TrackClientFactory.Create, or resolve a new one from the service provider.");

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw DisposedError();
        }
    }
}
