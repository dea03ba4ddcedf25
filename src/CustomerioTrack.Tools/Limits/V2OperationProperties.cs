using System.Text.Json;

namespace CustomerioTrack.Tools.Limits;

/// <summary>
/// The members of a v2 operation the Track limits look at, read in one pass over its properties: a 500 KB batch has a
/// thousand operations, and ten lookups by name each cost more than reading the four or five properties once. As with
/// <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>, the last of duplicate names wins, except for
/// <see cref="AnyEventAction"/>, which looks at every <c>action</c>.
/// </summary>
internal readonly record struct V2OperationProperties(
    JsonElement? Type,
    JsonElement? Action,
    JsonElement? Identifiers,
    JsonElement? Primary,
    JsonElement? Secondary,
    JsonElement? Attributes,
    JsonElement? Name,
    JsonElement? Timestamp,
    JsonElement? Device,
    JsonElement? Relationships,
    bool AnyEventAction)
{
    private static readonly byte[][] Names =
        ["type"u8.ToArray(), "action"u8.ToArray(), "identifiers"u8.ToArray(), "primary"u8.ToArray(), "secondary"u8.ToArray(),
         "attributes"u8.ToArray(), "name"u8.ToArray(), "timestamp"u8.ToArray(), "device"u8.ToArray(), "cio_relationships"u8.ToArray()];

    public static V2OperationProperties Read(JsonElement operation)
    {
        JsonElement? type = null, action = null, identifiers = null, primary = null, secondary = null;
        JsonElement? attributes = null, name = null, timestamp = null, device = null, relationships = null;
        var anyEventAction = false;
        foreach (var property in operation.EnumerateObject())
        {
            switch (IndexOf(property))
            {
                case 0: type = property.Value; break;
                case 1:
                    action = property.Value;
                    anyEventAction |= IsEventAction(property.Value);
                    break;
                case 2: identifiers = property.Value; break;
                case 3: primary = property.Value; break;
                case 4: secondary = property.Value; break;
                case 5: attributes = property.Value; break;
                case 6: name = property.Value; break;
                case 7: timestamp = property.Value; break;
                case 8: device = property.Value; break;
                case 9: relationships = property.Value; break;
            }
        }

        return new V2OperationProperties(type, action, identifiers, primary, secondary, attributes, name, timestamp, device, relationships, anyEventAction);
    }

    /// <summary>An <c>action</c> of <c>event</c>, <c>page</c> or <c>screen</c>, however its text is escaped.</summary>
    internal static bool IsEventAction(JsonElement? action) =>
        action is { ValueKind: JsonValueKind.String } text && (text.ValueEquals("event"u8) || text.ValueEquals("page"u8) || text.ValueEquals("screen"u8));

    private static int IndexOf(JsonProperty property)
    {
        // By length first: most properties are settled by one comparison instead of one per known name. A name of a known
        // length that does not match, or of another length, can still be a known name written with an escape.
        var name = new PropertyName(property);
        var index = name.RawLength switch
        {
            4 => Match(ref name, 0, 6),
            6 => Match(ref name, 1, 8),
            7 => Match(ref name, 3),
            9 => Match(ref name, 4, 7),
            10 => Match(ref name, 5),
            11 => Match(ref name, 2),
            17 => Match(ref name, 9),
            _ => -1,
        };
        if (index >= 0 || name.RawLength <= 4 || !name.IsEscaped)
        {
            return index;
        }

        for (var i = 0; i < Names.Length; i++)
        {
            if (name.Is(Names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static int Match(ref PropertyName name, int first, int second = -1) =>
        name.Is(Names[first]) ? first : second >= 0 && name.Is(Names[second]) ? second : -1;
}
