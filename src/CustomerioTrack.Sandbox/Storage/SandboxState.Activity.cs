using System.Globalization;
using System.Text.Json.Nodes;

namespace CustomerioTrack.Sandbox.Storage;

// Events, devices and segment membership.
internal sealed partial class SandboxState
{
    /// <summary>Stores an event unless its id was seen before (ULID de-duplication).</summary>
    public bool AddEvent(long? personPk, string? anonymousId, string type, string name, string? eventId, long? timestamp, JsonNode? data, string source)
    {
        if (eventId is not null && tx.Long("SELECT 1 FROM events WHERE event_id = $1", eventId) is not null)
        {
            tx.Notes.Add($"duplicate event id '{eventId}' ignored");
            return false;
        }

        if (personPk is null && anonymousId is not null)
        {
            personPk = tx.Long("SELECT pk FROM people WHERE json_extract(attributes, '$.anonymous_id') = $1", anonymousId);
            if (personPk is not null)
            {
                tx.Notes.AddInfo($"linked to the person identified with anonymous_id '{anonymousId}'");
            }
        }

        tx.Execute(
            "INSERT INTO events(event_id, person_pk, anonymous_id, type, name, data, timestamp, received_at, source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            eventId, personPk, anonymousId, type, name.Trim(), data?.ToJsonString(), timestamp ?? tx.NowSeconds, tx.Now, source);
        return true;
    }

    // ---------- devices ----------

    public void AddDevice(long pk, string token, string platform, long? lastUsed, JsonNode? attributes)
    {
        tx.Execute(
            """
            INSERT INTO devices(token, person_pk, platform, last_used, attributes, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)
            ON CONFLICT(token) DO UPDATE SET person_pk = excluded.person_pk, platform = excluded.platform, last_used = excluded.last_used,
                attributes = excluded.attributes, updated_at = excluded.updated_at
            """,
            token, pk, platform, lastUsed ?? tx.NowSeconds, (attributes as JsonObject ?? new JsonObject()).ToJsonString(), tx.Now);
    }

    public void DeleteDevice(PersonKey key, string token)
    {
        var pk = FindPerson(key);
        if (pk is null || tx.Execute("DELETE FROM devices WHERE person_pk = $1 AND token = $2", pk, token) == 0)
        {
            tx.Notes.Add($"nothing to delete: {key} has no device '{token}'");
        }
    }

    // ---------- segments ----------

    public void ChangeSegment(long segmentId, string idType, JsonArray ids, bool add)
    {
        if (tx.Execute("INSERT OR IGNORE INTO segments(segment_id, created_at) VALUES ($1, $2)", segmentId, tx.Now) > 0)
        {
            // What works here would fail against Customer.io, so the caller hears of it.
            tx.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"segment {segmentId} did not exist, so the sandbox created it; in Customer.io the manual segment must already exist (create it in the Customer.io UI or with the App API)"));
        }

        var ignored = new List<string>();
        foreach (var node in ids)
        {
            var value = PersonKey.ScalarText(node) ?? "";
            var key = new PersonKey(idType, idType == "cio_id" && value.StartsWith("cio_", StringComparison.Ordinal) ? value[4..] : value);
            if (FindPerson(key) is not { } pk)
            {
                ignored.Add(value);
                continue;
            }

            if (add)
            {
                tx.Execute("INSERT OR IGNORE INTO segment_members(segment_id, person_pk, added_at) VALUES ($1, $2, $3)", segmentId, pk, tx.Now);
            }
            else
            {
                tx.Execute("DELETE FROM segment_members WHERE segment_id = $1 AND person_pk = $2", segmentId, pk);
            }
        }

        if (ignored.Count > 0)
        {
            tx.Notes.Add($"ignored {ignored.Count} id(s) that match no person by {idType}: {string.Join(", ", ignored.Take(20))}");
        }
    }
}
