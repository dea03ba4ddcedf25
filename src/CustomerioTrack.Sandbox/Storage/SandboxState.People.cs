using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CustomerioTrack.Sandbox.Storage;

// People: identify, attributes, delete, suppress, merge.
internal sealed partial class SandboxState
{
    public long? FindPerson(PersonKey key) => key.Kind switch
    {
        "id" => tx.Long("SELECT pk FROM people WHERE id = $1", key.Value),
        "email" => tx.Long("SELECT pk FROM people WHERE email = $1 COLLATE NOCASE", key.Value),
        "cio_id" => tx.Long("SELECT pk FROM people WHERE cio_id = $1", key.Value),
        "phone" => tx.Long("SELECT pk FROM people WHERE phone = $1", key.Value),
        _ => null,
    };

    public bool IsSuppressed(PersonKey key) =>
        tx.Long("SELECT 1 FROM suppressions WHERE kind = $1 AND value = $2", key.Kind, Normalize(key)) is not null;

    private static string Normalize(PersonKey key) => key.Kind == "email" ? key.Value.ToLowerInvariant() : key.Value;

    public long CreatePerson(string? id, string? email, string? phone)
    {
        var cioId = "sbx" + RandomNumberGenerator.GetHexString(10, lowercase: true);
        return tx.Long(
            "INSERT INTO people(cio_id, id, email, phone, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING pk",
            cioId, id, email, phone, tx.Now)!.Value;
    }

    public (string? Id, string? Email, string? Phone, string CioId) Identifiers(long pk) =>
        tx.Query("SELECT id, email, phone, cio_id FROM people WHERE pk = $1",
            r => (r.IsDBNull(0) ? null : r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3)), pk)[0];

    public JsonObject Attributes(long pk) => ParseObject(tx.Text("SELECT attributes FROM people WHERE pk = $1", pk));

    // The identify rules; Identify (SandboxState.Identifiers.cs) rolls back what they wrote when they refuse the call.
    private (long? Person, bool Refused) IdentifyCore(PersonKey key, JsonObject body, bool updateOnly, long? timestamp, JsonNode? relationships, bool v2Relationships)
    {
        var bodyId = PersonKey.ScalarText(body["id"]);
        var bodyEmail = PersonKey.ScalarText(body["email"]);
        foreach (var candidate in new[] { key, bodyId is null ? default : new PersonKey("id", bodyId), bodyEmail is null ? default : new PersonKey("email", bodyEmail) })
        {
            if (candidate.Kind is not null && IsSuppressed(candidate))
            {
                tx.Notes.Add($"ignored: {candidate} is suppressed (unsuppress it first); nothing was written");
                return (null, false);
            }
        }

        var pk = FindPerson(key);
        if (pk is null && key.Kind == "cio_id")
        {
            tx.Notes.Add($"dropped: no person has cio_id '{key.Value}'");
            return (null, false);
        }

        if (pk is null)
        {
            var other = bodyId is not null ? FindPerson(new PersonKey("id", bodyId)) : null;
            other ??= bodyEmail is not null ? FindPerson(new PersonKey("email", bodyEmail)) : null;
            if (other is { } existing)
            {
                pk = existing;
                SetIdentifier(existing, key);
            }
            else if (updateOnly)
            {
                tx.Notes.Add($"Failed Attribute Change: _update is true and no person has {key}; nothing was created");
                return (null, false);
            }
            else
            {
                pk = CreatePerson(
                    key.Kind == "id" ? key.Value : bodyId,
                    key.Kind == "email" ? key.Value : bodyEmail,
                    key.Kind == "phone" ? key.Value : null);
            }
        }

        var person = pk.Value;
        var current = Identifiers(person);
        var idChange = bodyId is null ? IdentifierChange.Unchanged : TryChangeIdentifier(person, key, "id", bodyId, current.Id, StringComparison.Ordinal, "cio_<cio_id>");
        var emailChange = bodyEmail is null || idChange == IdentifierChange.Refused
            ? IdentifierChange.Unchanged
            : TryChangeIdentifier(person, key, "email", bodyEmail, current.Email, StringComparison.OrdinalIgnoreCase, "cio_<cio_id> or id");
        if (idChange == IdentifierChange.Refused || emailChange == IdentifierChange.Refused)
        {
            return (null, true);
        }

        var storedTs = tx.Long("SELECT attributes_ts FROM people WHERE pk = $1", person);
        if (timestamp is { } ts && storedTs is { } stored && ts < stored)
        {
            tx.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"ignored attributes: timestamp {ts} is older than the last applied update ({stored})"));
        }
        else
        {
            var attributes = new JsonObject();
            foreach (var (name, value) in body)
            {
                // An ignored email change must not reach the attributes either: they would contradict the identifier.
                if (name is "id" or "cio_id" or "_update" or "_timestamp" or "cio_relationships" || (name == "email" && emailChange == IdentifierChange.Ignored))
                {
                    continue;
                }

                attributes[name] = value?.DeepClone();
            }

            ApplyAttributes(person, attributes, timestamp);
        }

        if (PersonKey.ScalarText(body["anonymous_id"]) is { Length: > 0 } anonymousId)
        {
            var linked = tx.Execute("UPDATE events SET person_pk = $1 WHERE anonymous_id = $2 AND person_pk IS NULL", person, anonymousId);
            if (linked > 0)
            {
                tx.Notes.AddInfo(string.Create(CultureInfo.InvariantCulture, $"linked {linked} anonymous event(s) with anonymous_id '{anonymousId}'"));
            }
        }

        if (relationships is not null)
        {
            if (v2Relationships)
            {
                PersonRelationships(person, relationships as JsonArray, add: true);
            }
            else if (relationships is JsonObject v1)
            {
                var add = PersonKey.ScalarText(v1["action"]) != "delete_relationships";
                PersonRelationships(person, v1["relationships"] as JsonArray, add);
            }
        }

        return (person, false);
    }

    /// <summary>Merges attributes: null or "" removes one; dotted <c>cio_subscription_preferences.topics.x</c> keys set one topic; <c>unsubscribed</c> also sets the flag.</summary>
    public void ApplyAttributes(long pk, JsonObject changes, long? timestamp = null)
    {
        var attributes = Attributes(pk);
        var unsubscribed = (bool?)null;
        foreach (var (name, value) in changes)
        {
            if (name.StartsWith("cio_subscription_preferences.", StringComparison.Ordinal))
            {
                var path = name.Split('.');
                JsonObject target = attributes;
                for (var i = 0; i < path.Length - 1; i++)
                {
                    if (target[path[i]] is not JsonObject next)
                    {
                        next = new JsonObject();
                        target[path[i]] = next;
                    }

                    target = next;
                }

                target[path[^1]] = value?.DeepClone();
                continue;
            }

            if (name == "cio_subscription_preferences" && value is JsonObject preferences && attributes[name] is JsonObject existing)
            {
                DeepMerge(existing, preferences);
                continue;
            }

            if (value is null || (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length == 0))
            {
                attributes.Remove(name);
                if (name == "unsubscribed")
                {
                    unsubscribed = false;
                }

                continue;
            }

            if (name == "unsubscribed")
            {
                unsubscribed = IsTruthy(value);
            }

            attributes[name] = value.DeepClone();
        }

        tx.Execute(
            "UPDATE people SET attributes = $2, updated_at = $3, unsubscribed = COALESCE($4, unsubscribed), attributes_ts = COALESCE($5, attributes_ts) WHERE pk = $1",
            pk, attributes.ToJsonString(), tx.Now, unsubscribed is null ? null : unsubscribed.Value ? 1 : 0, timestamp);
    }

    private static void DeepMerge(JsonObject target, JsonObject source)
    {
        foreach (var (name, value) in source)
        {
            if (value is JsonObject child && target[name] is JsonObject existing)
            {
                DeepMerge(existing, child);
            }
            else
            {
                target[name] = value?.DeepClone();
            }
        }
    }

    /// <summary>The API's rule: any case of true, 1 or "1" means unsubscribed.</summary>
    private static bool IsTruthy(JsonNode value) => value is JsonValue v && v.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.Number => v.ToJsonString() == "1",
        JsonValueKind.String => v.GetValue<string>().Trim() is var s && (s == "1" || s.Equals("true", StringComparison.OrdinalIgnoreCase)),
        _ => false,
    };

    /// <summary>The person to attach data to (events, devices): found, or created from the identifier unless suppressed or a cio_id.</summary>
    public long? FindOrCreateForData(PersonKey key, string what)
    {
        if (IsSuppressed(key))
        {
            tx.Notes.Add($"ignored {what}: {key} is suppressed");
            return null;
        }

        if (FindPerson(key) is { } pk)
        {
            return pk;
        }

        if (key.Kind == "cio_id")
        {
            tx.Notes.Add($"dropped {what}: no person has cio_id '{key.Value}'");
            return null;
        }

        tx.Notes.AddInfo($"created a person with {key} for the {what}");
        return CreatePerson(key.Kind == "id" ? key.Value : null, key.Kind == "email" ? key.Value : null, key.Kind == "phone" ? key.Value : null);
    }

    public void DeletePerson(long pk)
    {
        tx.Execute("DELETE FROM devices WHERE person_pk = $1", pk);
        tx.Execute("DELETE FROM segment_members WHERE person_pk = $1", pk);
        tx.Execute("DELETE FROM relationships WHERE person_pk = $1", pk);
        tx.Execute("DELETE FROM events WHERE person_pk = $1", pk);
        tx.Execute("UPDATE deliveries SET person_pk = NULL WHERE person_pk = $1", pk);
        tx.Execute("UPDATE form_submissions SET person_pk = NULL WHERE person_pk = $1", pk);
        tx.Execute("DELETE FROM people WHERE pk = $1", pk);
    }

    public void Delete(PersonKey key)
    {
        if (FindPerson(key) is { } pk)
        {
            DeletePerson(pk);
        }
        else
        {
            tx.Notes.Add($"nothing to delete: no person has {key}");
        }
    }

    /// <summary>Suppress: deletes the person and blocks all their identifiers (and the one given) until unsuppressed.</summary>
    public void Suppress(PersonKey key)
    {
        var group = Guid.NewGuid().ToString("N");
        var keys = new List<PersonKey> { key };
        if (FindPerson(key) is { } pk)
        {
            var ids = Identifiers(pk);
            if (ids.Id is not null) keys.Add(new("id", ids.Id));
            if (ids.Email is not null) keys.Add(new("email", ids.Email));
            if (ids.Phone is not null) keys.Add(new("phone", ids.Phone));
            keys.Add(new("cio_id", ids.CioId));
            DeletePerson(pk);
        }
        else
        {
            tx.Notes.AddInfo($"no person has {key}; the identifier is suppressed anyway");
        }

        foreach (var k in keys.Distinct())
        {
            tx.Execute("INSERT OR IGNORE INTO suppressions(kind, value, grp, created_at) VALUES ($1, $2, $3, $4)", k.Kind, Normalize(k), group, tx.Now);
        }
    }

    /// <summary>Unsuppress: frees the identifier and the identifiers suppressed with it; the profile is not restored.</summary>
    public void Unsuppress(PersonKey key)
    {
        var group = tx.Text("SELECT grp FROM suppressions WHERE kind = $1 AND value = $2", key.Kind, Normalize(key));
        if (group is null)
        {
            tx.Notes.Add($"{key} was not suppressed");
            return;
        }

        tx.Execute("DELETE FROM suppressions WHERE grp = $1", group);
    }

    /// <summary>Merge: secondary folded into primary (attributes primary-wins, events/devices/segments/relationships moved), secondary deleted.</summary>
    public void Merge(PersonKey primaryKey, PersonKey secondaryKey)
    {
        var primary = FindPerson(primaryKey);
        var secondary = FindPerson(secondaryKey);
        if (primary is null)
        {
            tx.Notes.Add($"nothing merged: the primary ({primaryKey}) does not exist");
            return;
        }

        if (secondary is null)
        {
            tx.Notes.Add($"nothing merged: the secondary ({secondaryKey}) does not exist");
            return;
        }

        if (primary == secondary)
        {
            tx.Notes.Add("nothing merged: primary and secondary are the same person");
            return;
        }

        var p = primary.Value;
        var s = secondary.Value;
        var primaryAttributes = Attributes(p);
        var secondaryAttributes = Attributes(s);
        foreach (var (name, value) in secondaryAttributes)
        {
            if (!primaryAttributes.ContainsKey(name) || primaryAttributes[name] is null)
            {
                primaryAttributes[name] = value?.DeepClone();
            }
        }

        var pIds = Identifiers(p);
        var sIds = Identifiers(s);
        // The flag follows the merged attribute: a primary's unsubscribed=false wins over the secondary's true.
        var unsubscribed = primaryAttributes["unsubscribed"] is { } flag && IsTruthy(flag);
        tx.Execute("UPDATE events SET person_pk = $1 WHERE person_pk = $2", p, s);
        tx.Execute("UPDATE devices SET person_pk = $1 WHERE person_pk = $2", p, s);
        tx.Execute("INSERT OR IGNORE INTO segment_members(segment_id, person_pk, added_at) SELECT segment_id, $1, added_at FROM segment_members WHERE person_pk = $2", p, s);
        tx.Execute("UPDATE OR IGNORE relationships SET person_pk = $1 WHERE person_pk = $2", p, s);
        tx.Execute("UPDATE deliveries SET person_pk = $1 WHERE person_pk = $2", p, s);
        tx.Execute("UPDATE form_submissions SET person_pk = $1 WHERE person_pk = $2", p, s);
        DeletePerson(s);
        tx.Execute(
            "UPDATE people SET attributes = $2, id = COALESCE(id, $3), email = COALESCE(email, $4), phone = COALESCE(phone, $5), unsubscribed = $6, updated_at = $7 WHERE pk = $1",
            p, primaryAttributes.ToJsonString(), pIds.Id ?? sIds.Id, pIds.Email ?? sIds.Email, pIds.Phone ?? sIds.Phone, unsubscribed ? 1 : 0, tx.Now);
    }
}
