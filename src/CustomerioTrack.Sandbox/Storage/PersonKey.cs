using System.Text.Json;
using System.Text.Json.Nodes;

namespace CustomerioTrack.Sandbox.Storage;

/// <summary>A person identifier: <c>id</c>, <c>email</c>, <c>cio_id</c> (without prefix) or <c>phone</c>.</summary>
internal readonly record struct PersonKey(string Kind, string Value)
{
    /// <summary>The v1 path rule: <c>cio_</c> prefix is a cio_id, a value with '@' is an email, anything else an id.</summary>
    public static PersonKey FromV1Path(string identifier) =>
        identifier.StartsWith("cio_", StringComparison.Ordinal) ? new("cio_id", identifier[4..])
        : identifier.Contains('@', StringComparison.Ordinal) ? new("email", identifier)
        : new("id", identifier);

    /// <summary>From a JSON object with exactly one of id/email/cio_id/phone (v2 identifiers, merge primary/secondary).</summary>
    public static PersonKey? FromObject(JsonNode? node)
    {
        if (node is not JsonObject obj)
        {
            return null;
        }

        foreach (var kind in (string[])["id", "email", "cio_id", "phone"])
        {
            if (obj[kind] is JsonValue value && ScalarText(value) is { Length: > 0 } text)
            {
                return new PersonKey(kind, kind == "cio_id" && text.StartsWith("cio_", StringComparison.Ordinal) ? text[4..] : text);
            }
        }

        return null;
    }

    internal static string? ScalarText(JsonNode? node) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.ToJsonString(),
            _ => null,
        }
        : null;

    public override string ToString() => Kind + " '" + Value + "'";
}
