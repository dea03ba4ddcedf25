using System.Text.Json.Nodes;

namespace CustomerioTrack.Sandbox.Storage;

// Changing a person's id or email from an identify body.
internal sealed partial class SandboxState
{
    private enum IdentifierChange
    {
        /// <summary>The body repeats the stored value.</summary>
        Unchanged,

        /// <summary>The stored identifier now has the body's value.</summary>
        Changed,

        /// <summary>The body tried to change the identifier the call addresses: kept as it was, with a note.</summary>
        Ignored,

        /// <summary>Another person has the value: the whole call writes nothing.</summary>
        Refused,
    }

    /// <summary>
    /// Identify (v1 PUT customers/{identifier}, v2 person identify, form submissions): create or update.
    /// <paramref name="body"/> holds attributes plus the reserved keys id, email, anonymous_id, _update, _timestamp,
    /// cio_relationships (v1 object shape) as the v1 body does. A call refused for an identifier conflict writes nothing
    /// at all (not even a person it created or an identifier it assigned on the way).
    /// </summary>
    public long? Identify(PersonKey key, JsonObject body, bool updateOnly, long? timestamp, JsonNode? relationships, bool v2Relationships)
    {
        tx.Savepoint("identify");
        var (person, refused) = IdentifyCore(key, body, updateOnly, timestamp, relationships, v2Relationships);
        if (refused)
        {
            tx.RollbackTo("identify");
        }
        else
        {
            tx.Release("identify");
        }

        return person;
    }

    // An identify body's id or email, where it differs from the stored one: refused when another person has it;
    // ignored, with a note, when the identifier the person was addressed by may not change it.
    private IdentifierChange TryChangeIdentifier(long person, PersonKey key, string kind, string value, string? current, StringComparison comparison, string addressBy)
    {
        if (string.Equals(value, current, comparison))
        {
            return IdentifierChange.Unchanged;
        }

        if (FindPerson(new PersonKey(kind, value)) is { } owner && owner != person)
        {
            tx.Notes.Add($"Attribute Update Failure: {kind} '{value}' belongs to another person; nothing was written");
            return IdentifierChange.Refused;
        }

        // An id is changed only through cio_<cio_id> (or given to a person who has none); an email through anything but itself.
        if (key.Kind == kind || (kind == "id" && key.Kind != "cio_id" && current is not null))
        {
            tx.Notes.Add($"ignored {kind} change to '{value}': address the person by {addressBy} to change their {kind}");
            return IdentifierChange.Ignored;
        }

        tx.Execute(kind == "id" ? "UPDATE people SET id = $2 WHERE pk = $1" : "UPDATE people SET email = $2 WHERE pk = $1", person, value);
        return IdentifierChange.Changed;
    }

    private void SetIdentifier(long pk, PersonKey key)
    {
        if (key.Kind is "id" or "email" or "phone")
        {
            tx.Execute($"UPDATE people SET {key.Kind} = $2 WHERE pk = $1", pk, key.Value);
        }
    }
}
