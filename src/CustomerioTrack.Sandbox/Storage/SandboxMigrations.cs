using Microsoft.Data.Sqlite;

namespace CustomerioTrack.Sandbox.Storage;

/// <summary>The schema, as ordered migrations; <c>schema_version</c> holds the last one applied.</summary>
internal static class SandboxMigrations
{
    /// <summary>Migration n (1-based) is <c>All[n-1]</c>. Append only: never edit a migration that has shipped.</summary>
    public static readonly string[] All =
    [
        // 1: initial schema. Times are unix milliseconds unless named *_ts / timestamp (unix seconds, as the API sends them).
        """
        CREATE TABLE people(
            pk INTEGER PRIMARY KEY,
            cio_id TEXT NOT NULL UNIQUE,
            id TEXT UNIQUE,
            email TEXT UNIQUE COLLATE NOCASE,
            phone TEXT UNIQUE,
            attributes TEXT NOT NULL DEFAULT '{}',
            unsubscribed INTEGER NOT NULL DEFAULT 0,
            attributes_ts INTEGER,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL);
        CREATE TABLE devices(
            token TEXT PRIMARY KEY,
            person_pk INTEGER NOT NULL,
            platform TEXT NOT NULL,
            last_used INTEGER,
            attributes TEXT NOT NULL DEFAULT '{}',
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL);
        CREATE INDEX devices_person ON devices(person_pk);
        CREATE TABLE events(
            seq INTEGER PRIMARY KEY,
            event_id TEXT UNIQUE,
            person_pk INTEGER,
            anonymous_id TEXT,
            type TEXT NOT NULL,
            name TEXT NOT NULL,
            data TEXT,
            timestamp INTEGER NOT NULL,
            received_at INTEGER NOT NULL,
            source TEXT NOT NULL);
        CREATE INDEX events_person ON events(person_pk);
        CREATE INDEX events_anonymous ON events(anonymous_id);
        CREATE TABLE segments(segment_id INTEGER PRIMARY KEY, created_at INTEGER NOT NULL);
        CREATE TABLE segment_members(
            segment_id INTEGER NOT NULL,
            person_pk INTEGER NOT NULL,
            added_at INTEGER NOT NULL,
            PRIMARY KEY(segment_id, person_pk));
        CREATE TABLE suppressions(
            kind TEXT NOT NULL,
            value TEXT NOT NULL,
            grp TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY(kind, value));
        CREATE TABLE deliveries(
            delivery_id TEXT PRIMARY KEY,
            person_pk INTEGER,
            created_at INTEGER NOT NULL,
            unsubscribed_at INTEGER);
        CREATE TABLE delivery_metrics(
            seq INTEGER PRIMARY KEY,
            delivery_id TEXT NOT NULL,
            metric TEXT NOT NULL,
            source TEXT NOT NULL,
            recipient TEXT,
            device TEXT,
            reason TEXT,
            href TEXT,
            timestamp INTEGER,
            received_at INTEGER NOT NULL);
        CREATE TABLE objects(
            pk INTEGER PRIMARY KEY,
            object_type_id TEXT NOT NULL,
            object_id TEXT NOT NULL,
            cio_object_id TEXT NOT NULL UNIQUE,
            attributes TEXT NOT NULL DEFAULT '{}',
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            UNIQUE(object_type_id, object_id));
        CREATE TABLE relationships(
            pk INTEGER PRIMARY KEY,
            object_pk INTEGER NOT NULL,
            person_pk INTEGER,
            anonymous_id TEXT,
            attributes TEXT NOT NULL DEFAULT '{}',
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL);
        CREATE UNIQUE INDEX relationships_person ON relationships(object_pk, person_pk) WHERE person_pk IS NOT NULL;
        CREATE UNIQUE INDEX relationships_anonymous ON relationships(object_pk, anonymous_id) WHERE anonymous_id IS NOT NULL;
        CREATE TABLE form_submissions(
            seq INTEGER PRIMARY KEY,
            form_id TEXT NOT NULL,
            data TEXT NOT NULL,
            person_pk INTEGER,
            received_at INTEGER NOT NULL);
        CREATE TABLE journal(
            seq INTEGER PRIMARY KEY,
            time INTEGER NOT NULL,
            method TEXT NOT NULL,
            path TEXT NOT NULL,
            operation TEXT NOT NULL,
            status INTEGER NOT NULL,
            request_body TEXT,
            response_body TEXT,
            notes TEXT NOT NULL DEFAULT '[]');
        """,
    ];

    /// <summary>The schema version this build writes.</summary>
    public static int Current => All.Length;

    public static void Apply(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        Run(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)");
        using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT MAX(version) FROM schema_version";
            var version = read.ExecuteScalar() is long v ? (int)v : 0;
            if (version > Current)
            {
                throw new InvalidOperationException($"The sandbox database has schema version {version}, newer than this build understands ({Current}). Use a newer build or another --data file.");
            }

            for (var i = version; i < All.Length; i++)
            {
                Run(connection, transaction, All[i]);
                Run(connection, transaction, "DELETE FROM schema_version; INSERT INTO schema_version(version) VALUES (" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + ")");
            }
        }

        transaction.Commit();
    }

    private static void Run(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
