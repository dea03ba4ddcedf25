using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CustomerioTrack.Sandbox.Storage;

// Objects and their relationships to people.
internal sealed partial class SandboxState
{
    /// <summary>Finds an object by {object_type_id, object_id} or {cio_object_id}; creates it from a type+id when asked.</summary>
    public long? FindObject(JsonNode? identifiers, bool create)
    {
        if (identifiers is not JsonObject obj)
        {
            return null;
        }

        if (PersonKey.ScalarText(obj["cio_object_id"]) is { } cioObjectId)
        {
            var found = tx.Long("SELECT pk FROM objects WHERE cio_object_id = $1", cioObjectId);
            if (found is null)
            {
                tx.Notes.Add($"no object has cio_object_id '{cioObjectId}' (objects are created only from object_type_id + object_id)");
            }

            return found;
        }

        var type = PersonKey.ScalarText(obj["object_type_id"]);
        var id = PersonKey.ScalarText(obj["object_id"]);
        if (type is null || id is null)
        {
            return null;
        }

        var pk = tx.Long("SELECT pk FROM objects WHERE object_type_id = $1 AND object_id = $2", type, id);
        if (pk is null && create)
        {
            pk = tx.Long(
                "INSERT INTO objects(object_type_id, object_id, cio_object_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING pk",
                type, id, "sbxo" + RandomNumberGenerator.GetHexString(10, lowercase: true), tx.Now);
        }

        return pk;
    }

    public void ApplyObjectAttributes(long objectPk, JsonObject? changes)
    {
        var attributes = ParseObject(tx.Text("SELECT attributes FROM objects WHERE pk = $1", objectPk));
        foreach (var (name, value) in changes ?? [])
        {
            if (value is null || (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length == 0))
            {
                attributes.Remove(name);
            }
            else
            {
                attributes[name] = value.DeepClone();
            }
        }

        tx.Execute("UPDATE objects SET attributes = $2, updated_at = $3 WHERE pk = $1", objectPk, attributes.ToJsonString(), tx.Now);
    }

    public void DeleteObject(long objectPk)
    {
        tx.Execute("DELETE FROM relationships WHERE object_pk = $1", objectPk);
        tx.Execute("DELETE FROM objects WHERE pk = $1", objectPk);
    }

    public void Relate(long objectPk, long? personPk, string? anonymousId, JsonNode? attributes, bool add)
    {
        var existing = personPk is not null
            ? tx.Long("SELECT pk FROM relationships WHERE object_pk = $1 AND person_pk = $2", objectPk, personPk)
            : tx.Long("SELECT pk FROM relationships WHERE object_pk = $1 AND anonymous_id = $2", objectPk, anonymousId);
        if (!add)
        {
            if (existing is { } gone)
            {
                tx.Execute("DELETE FROM relationships WHERE pk = $1", gone);
            }

            return;
        }

        var json = (attributes as JsonObject ?? new JsonObject()).ToJsonString();
        if (existing is { } pk)
        {
            tx.Execute("UPDATE relationships SET attributes = $2, updated_at = $3 WHERE pk = $1", pk, json, tx.Now);
        }
        else
        {
            tx.Execute("INSERT INTO relationships(object_pk, person_pk, anonymous_id, attributes, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)",
                objectPk, personPk, anonymousId, json, tx.Now);
        }
    }

    /// <summary>How notes name an object: <c>object_type_id '1', object_id 'acme'</c> or <c>cio_object_id '…'</c>.</summary>
    public static string ObjectName(JsonNode? identifiers) =>
        PersonKey.ScalarText(identifiers?["cio_object_id"]) is { } cioObjectId
            ? $"cio_object_id '{cioObjectId}'"
            : $"object_type_id '{PersonKey.ScalarText(identifiers?["object_type_id"])}', object_id '{PersonKey.ScalarText(identifiers?["object_id"])}'";

    /// <summary>A person's relationships: items <c>{identifiers: {object_type_id, object_id} | {cio_object_id}, relationship_attributes}</c>.</summary>
    public void PersonRelationships(long personPk, JsonArray? items, bool add)
    {
        foreach (var item in items ?? [])
        {
            var objectPk = FindObject(item?["identifiers"], create: add);
            if (objectPk is null)
            {
                // FindObject already named an unknown cio_object_id.
                if (item?["identifiers"]?["cio_object_id"] is null)
                {
                    tx.Notes.Add($"ignored a relationship to an unknown object ({ObjectName(item?["identifiers"])})");
                }

                continue;
            }

            Relate(objectPk.Value, personPk, null, item?["relationship_attributes"], add);
        }
    }

    /// <summary>An object's relationships: items <c>{identifiers: {id}|{email}|{cio_id}|{anonymous_id}, relationship_attributes}</c>.</summary>
    public void ObjectRelationships(long objectPk, JsonArray? items, bool add)
    {
        foreach (var item in items ?? [])
        {
            var identifiers = item?["identifiers"];
            if (PersonKey.ScalarText(identifiers?["anonymous_id"]) is { } anonymousId)
            {
                Relate(objectPk, null, anonymousId, item?["relationship_attributes"], add);
                continue;
            }

            var key = PersonKey.FromObject(identifiers);
            if (key is null || FindPerson(key.Value) is not { } personPk)
            {
                tx.Notes.Add($"ignored a relationship to an unknown person ({key?.ToString() ?? "no identifier"})");
                continue;
            }

            Relate(objectPk, personPk, null, item?["relationship_attributes"], add);
        }
    }
}
