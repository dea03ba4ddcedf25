using CustomerioTrack.Client;
using CustomerioTrack.Sandbox.Storage;

namespace CustomerioTrack.Sandbox;

/// <summary>
/// A local Track API emulator over one SQLite database: answer requests in-process (<see cref="CreateHandler"/>),
/// behind a standalone server (<see cref="SandboxServer"/>), and inspect the state (<see cref="Inspector"/>).
/// Thread-safe; requests are applied one at a time, each in one transaction.
/// </summary>
public sealed class TrackSandbox : IDisposable
{
    /// <summary>The base URL in-process clients use; requests never leave the process.</summary>
    public static readonly Uri InProcessBaseUrl = new("http://sandbox.local");

    private readonly SandboxDatabase _database;

    private TrackSandbox(SandboxOptions options)
    {
        Options = options;
        _database = new SandboxDatabase(options);
        Engine = new SandboxEngine(_database, options);
        Inspector = new SandboxInspector(_database, options);
    }

    /// <summary>Opens (creating and migrating if needed) the sandbox database.</summary>
    public static TrackSandbox Open(SandboxOptions? options = null) => new(options ?? new SandboxOptions());

    /// <summary>The options the sandbox was opened with.</summary>
    public SandboxOptions Options { get; }

    /// <summary>The database file, or <c>:memory:</c>.</summary>
    public string DataLocation => _database.Location;

    /// <summary>Query and reset the state.</summary>
    public SandboxInspector Inspector { get; }

    internal SandboxEngine Engine { get; }

    /// <summary>Answers one request.</summary>
    public Task<SandboxResponse> HandleAsync(SandboxRequest request, CancellationToken cancellationToken = default) => Engine.HandleAsync(request, cancellationToken);

    /// <summary>An <see cref="HttpMessageHandler"/> that answers requests in-process (no sockets), for <see cref="TrackClientFactory.Create(TrackClientOptions, HttpMessageHandler?)"/>.</summary>
    public HttpMessageHandler CreateHandler() => new SandboxHttpMessageHandler(this);

    /// <summary>Client options with the sandbox's credentials and <paramref name="baseUrl"/> (default <see cref="InProcessBaseUrl"/>).</summary>
    public TrackClientOptions CreateClientOptions(Uri? baseUrl = null) => new()
    {
        SiteId = Options.SiteId,
        ApiKey = Options.ApiKey,
        BaseUrl = baseUrl ?? InProcessBaseUrl,
    };

    /// <summary>A Track client wired to this sandbox in-process.</summary>
    public TrackApiClient CreateClient(Action<TrackClientOptions>? configure = null)
    {
        var options = CreateClientOptions();
        configure?.Invoke(options);
        return TrackClientFactory.Create(options, CreateHandler());
    }

    /// <inheritdoc />
    public void Dispose() => _database.Dispose();
}
