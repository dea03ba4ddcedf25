using Microsoft.Data.Sqlite;

namespace CustomerioTrack.Sandbox.Storage;

/// <summary>
/// The SQLite database behind a sandbox: one connection, used by one request at a time (a request is one transaction),
/// schema created and migrated on open.
/// </summary>
internal sealed class SandboxDatabase : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SqliteConnection _connection;
    private readonly SqliteConnection? _keepAlive;

    public SandboxDatabase(SandboxOptions options)
    {
        string connectionString;
        if (options.InMemory)
        {
            var name = options.InMemoryName ?? "sandbox-" + Guid.NewGuid().ToString("N");
            connectionString = new SqliteConnectionStringBuilder { DataSource = name, Mode = SqliteOpenMode.Memory, Cache = SqliteCacheMode.Shared }.ToString();
            // A shared-cache memory database lives while one connection to it is open.
            _keepAlive = new SqliteConnection(connectionString);
            _keepAlive.Open();
        }
        else
        {
            var path = options.ResolvedDataPath!;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = 30 }.ToString();
        }

        Location = options.ResolvedDataPath ?? ":memory:";
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        using (var pragma = _connection.CreateCommand())
        {
            pragma.CommandText = options.InMemory
                ? "PRAGMA foreign_keys = OFF;"
                : "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = OFF;";
            pragma.ExecuteNonQuery();
        }

        SandboxMigrations.Apply(_connection);
    }

    /// <summary>The database file, or <c>:memory:</c>.</summary>
    public string Location { get; }

    /// <summary>Runs <paramref name="work"/> in one transaction, alone; commits when it returns, rolls back when it throws.</summary>
    public async Task<T> WriteAsync<T>(Func<SandboxTx, T> work, long now, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            var result = work(new SandboxTx(_connection, transaction, now));
            transaction.Commit();
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs a read alone, in a transaction so it sees one state.</summary>
    public Task<T> ReadAsync<T>(Func<SandboxTx, T> work, long now, CancellationToken cancellationToken) => WriteAsync(work, now, cancellationToken);

    public void Dispose()
    {
        _connection.Dispose();
        _keepAlive?.Dispose();
        _gate.Dispose();
    }
}
