using System.Text.Json.Nodes;
using CustomerioTrack.Sandbox.Storage;
using Microsoft.Data.Sqlite;

namespace CustomerioTrack.Sandbox;

/// <summary>Reads (and resets) the sandbox state: what the inspection CLI and MCP resources show.</summary>
public sealed class SandboxInspector
{
    private const string EventColumns = "e.seq, e.event_id, p.cio_id, e.anonymous_id, e.type, e.name, e.data, e.timestamp, e.received_at, e.source";
    private readonly SandboxDatabase _database;
    private readonly SandboxOptions _options;

    internal SandboxInspector(SandboxDatabase database, SandboxOptions options)
    {
        _database = database;
        _options = options;
    }

    private Task<T> Read<T>(Func<SandboxTx, T> work, CancellationToken cancellationToken) =>
        _database.ReadAsync(work, _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);

    /// <summary>Everyone, oldest first.</summary>
    public Task<IReadOnlyList<SandboxPerson>> GetPeopleAsync(CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<SandboxPerson>>(tx => tx.Query("SELECT cio_id, id, email, phone, attributes, unsubscribed, created_at, updated_at FROM people ORDER BY pk", ReadPerson), cancellationToken);

    /// <summary>A person by identifier (v1 rule: <c>cio_</c> prefix, contains '@' = email, else id), with devices, events, segments, relationships; null when unknown.</summary>
    public Task<SandboxPersonDetail?> GetPersonAsync(string identifier, CancellationToken cancellationToken = default) =>
        Read(tx =>
        {
            var state = new SandboxState(tx);
            if (state.FindPerson(PersonKey.FromV1Path(identifier)) is not { } pk)
            {
                return null;
            }

            var person = tx.Query("SELECT cio_id, id, email, phone, attributes, unsubscribed, created_at, updated_at FROM people WHERE pk = $1", ReadPerson, pk)[0];
            var devices = tx.Query("SELECT token, platform, last_used, attributes, updated_at FROM devices WHERE person_pk = $1 ORDER BY created_at, token",
                r => new SandboxDevice(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetInt64(2), SandboxState.ParseObject(r.GetString(3)), Time(r.GetInt64(4))), pk);
            var events = tx.Query($"SELECT {EventColumns} FROM events e LEFT JOIN people p ON p.pk = e.person_pk WHERE e.person_pk = $1 ORDER BY e.seq", ReadEvent, pk);
            var segments = tx.Query("SELECT segment_id FROM segment_members WHERE person_pk = $1 ORDER BY segment_id", r => r.GetInt64(0), pk);
            var relationships = tx.Query(RelationshipSql + " WHERE r.person_pk = $1 ORDER BY r.pk", ReadRelationship, pk);
            return (SandboxPersonDetail?)new SandboxPersonDetail(person, devices, events, segments, relationships);
        }, cancellationToken);

    /// <summary>Events, newest last; optionally one person's (identifier) and at most <paramref name="limit"/> (the latest).</summary>
    public Task<IReadOnlyList<SandboxEvent>> GetEventsAsync(string? personIdentifier = null, int? limit = null, CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<SandboxEvent>>(tx =>
        {
            long? pk = null;
            if (personIdentifier is not null)
            {
                pk = new SandboxState(tx).FindPerson(PersonKey.FromV1Path(personIdentifier));
                if (pk is null)
                {
                    return [];
                }
            }

            var rows = tx.Query(
                $"SELECT * FROM (SELECT {EventColumns} FROM events e LEFT JOIN people p ON p.pk = e.person_pk WHERE ($1 IS NULL OR e.person_pk = $1) ORDER BY e.seq DESC LIMIT $2) ORDER BY seq",
                ReadEvent, pk, limit ?? -1);
            return rows;
        }, cancellationToken);

    /// <summary>Manual segments with their members.</summary>
    public Task<IReadOnlyList<SandboxSegment>> GetSegmentsAsync(CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<SandboxSegment>>(tx =>
        {
            var members = tx.Query("SELECT m.segment_id, p.cio_id FROM segment_members m JOIN people p ON p.pk = m.person_pk ORDER BY m.segment_id, p.pk",
                r => (Segment: r.GetInt64(0), CioId: r.GetString(1)));
            return tx.Query("SELECT segment_id FROM segments ORDER BY segment_id", r => r.GetInt64(0))
                .Select(id => new SandboxSegment(id, members.Where(m => m.Segment == id).Select(m => m.CioId).ToList()))
                .ToList();
        }, cancellationToken);

    /// <summary>Objects with their relationships.</summary>
    public Task<IReadOnlyList<SandboxObject>> GetObjectsAsync(CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<SandboxObject>>(tx =>
        {
            var relationships = tx.Query(RelationshipSql + " ORDER BY r.pk", ReadRelationship);
            return tx.Query("SELECT object_type_id, object_id, cio_object_id, attributes, updated_at FROM objects ORDER BY pk",
                r => new SandboxObject(r.GetString(0), r.GetString(1), r.GetString(2), SandboxState.ParseObject(r.GetString(3)),
                    relationships.Where(x => x.CioObjectId == r.GetString(2)).ToList(), Time(r.GetInt64(4))));
        }, cancellationToken);

    /// <summary>Suppressed identifiers.</summary>
    public Task<IReadOnlyList<SandboxSuppression>> GetSuppressionsAsync(CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<SandboxSuppression>>(tx => tx.Query("SELECT kind, value, created_at FROM suppressions ORDER BY created_at, kind",
            r => new SandboxSuppression(r.GetString(0), r.GetString(1), Time(r.GetInt64(2)))), cancellationToken);

    /// <summary>Form submissions.</summary>
    public Task<IReadOnlyList<SandboxFormSubmission>> GetFormSubmissionsAsync(CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<SandboxFormSubmission>>(tx => tx.Query("SELECT f.seq, f.form_id, f.data, p.cio_id, f.received_at FROM form_submissions f LEFT JOIN people p ON p.pk = f.person_pk ORDER BY f.seq",
            r => new SandboxFormSubmission(r.GetInt64(0), r.GetString(1), SandboxState.ParseObject(r.GetString(2)), r.IsDBNull(3) ? null : r.GetString(3), Time(r.GetInt64(4)))), cancellationToken);

    /// <summary>Delivery metrics (metrics, push metrics, v2 delivery events).</summary>
    public Task<IReadOnlyList<SandboxDeliveryMetric>> GetDeliveryMetricsAsync(CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<SandboxDeliveryMetric>>(tx => tx.Query("SELECT seq, delivery_id, metric, source, recipient, device, reason, href, timestamp, received_at FROM delivery_metrics ORDER BY seq",
            r => new SandboxDeliveryMetric(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), Str(r, 4), Str(r, 5), Str(r, 6), Str(r, 7), r.IsDBNull(8) ? null : r.GetInt64(8), Time(r.GetInt64(9)))), cancellationToken);

    /// <summary>Known delivery ids.</summary>
    public Task<IReadOnlyList<SandboxDelivery>> GetDeliveriesAsync(CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<SandboxDelivery>>(tx => tx.Query("SELECT d.delivery_id, p.cio_id, d.created_at, d.unsubscribed_at FROM deliveries d LEFT JOIN people p ON p.pk = d.person_pk ORDER BY d.created_at",
            r => new SandboxDelivery(r.GetString(0), Str(r, 1), Time(r.GetInt64(2)), r.IsDBNull(3) ? null : Time(r.GetInt64(3)))), cancellationToken);

    /// <summary>The journal of accepted requests, oldest first; at most the latest <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<SandboxJournalEntry>> GetJournalAsync(int? limit = null, CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<SandboxJournalEntry>>(tx => tx.Query(
            "SELECT * FROM (SELECT seq, time, method, path, operation, status, request_body, response_body, notes FROM journal ORDER BY seq DESC LIMIT $1) ORDER BY seq",
            r => new SandboxJournalEntry(r.GetInt64(0), Time(r.GetInt64(1)), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt32(5), Str(r, 6), Str(r, 7),
                (JsonNode.Parse(r.GetString(8)) as JsonArray ?? []).Select(n => n?.GetValue<string>() ?? "").ToList()),
            limit ?? -1), cancellationToken);

    /// <summary>How many rows of each kind.</summary>
    public Task<SandboxCounts> GetCountsAsync(CancellationToken cancellationToken = default) =>
        Read(tx => new SandboxCounts(
            Count(tx, "people"), Count(tx, "events"), Count(tx, "devices"), Count(tx, "segments"), Count(tx, "objects"),
            Count(tx, "suppressions"), Count(tx, "form_submissions"), Count(tx, "delivery_metrics"), Count(tx, "journal")), cancellationToken);

    /// <summary>
    /// Simulates a message sent to a person: returns a new delivery id linked to them, usable with unsubscribe and metrics.
    /// Null when no person has that identifier.
    /// </summary>
    public Task<string?> CreateDeliveryAsync(string personIdentifier, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(tx =>
        {
            var state = new SandboxState(tx);
            return state.FindPerson(PersonKey.FromV1Path(personIdentifier)) is { } pk ? state.CreateDelivery(pk) : null;
        }, _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);

    /// <summary>Deletes all data (people, events, journal, …); the schema stays.</summary>
    public Task ResetAsync(CancellationToken cancellationToken = default) =>
        _database.WriteAsync(tx =>
        {
            foreach (var table in (string[])["people", "devices", "events", "segments", "segment_members", "suppressions", "deliveries", "delivery_metrics", "objects", "relationships", "form_submissions", "journal"])
            {
                tx.Execute("DELETE FROM " + table);
            }

            return 0;
        }, 0, cancellationToken);

    private const string RelationshipSql =
        "SELECT o.object_type_id, o.object_id, o.cio_object_id, p.cio_id, r.anonymous_id, r.attributes FROM relationships r JOIN objects o ON o.pk = r.object_pk LEFT JOIN people p ON p.pk = r.person_pk";

    private static SandboxRelationship ReadRelationship(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), Str(r, 3), Str(r, 4), SandboxState.ParseObject(r.GetString(5)));

    private static SandboxPerson ReadPerson(SqliteDataReader r) =>
        new(r.GetString(0), Str(r, 1), Str(r, 2), Str(r, 3), SandboxState.ParseObject(r.GetString(4)), r.GetInt64(5) != 0, Time(r.GetInt64(6)), Time(r.GetInt64(7)));

    private static SandboxEvent ReadEvent(SqliteDataReader r) =>
        new(r.GetInt64(0), Str(r, 1), Str(r, 2), Str(r, 3), r.GetString(4), r.GetString(5), r.IsDBNull(6) ? null : JsonNode.Parse(r.GetString(6)), r.GetInt64(7), Time(r.GetInt64(8)), r.GetString(9));

    private static long Count(SandboxTx tx, string table) => tx.Long("SELECT COUNT(*) FROM " + table) ?? 0;

    private static string? Str(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static DateTimeOffset Time(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
}
