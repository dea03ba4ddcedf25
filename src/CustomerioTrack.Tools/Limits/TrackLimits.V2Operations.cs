using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace CustomerioTrack.Tools.Limits;

// v2 operations (an /entity body, each /batch item): what each type and action may carry.
public static partial class TrackLimits
{
    // Returns whether any action of the item is an event's (see V2OperationProperties.AnyEventAction).
    private static bool CheckBatchItem(List<ToolProblem> problems, TimeProvider clock, string field, JsonElement item)
    {
        var anyEventAction = CheckV2Operation(problems, clock, field, item);
        CheckRequestSize(problems, field, item, BatchItemMaxBytes,
            "each batch item must be at most {0} bytes (Customer.io: 32kb per item)",
            "split its attributes across several items");
        return anyEventAction;
    }

    private static bool CheckV2Operation(List<ToolProblem> problems, TimeProvider clock, string field, JsonElement operation)
    {
        var (type, action, identifiersValue, primary, secondary, attributes, name, timestamp, deviceValue, relationshipsValue, anyEventAction) =
            V2OperationProperties.Read(operation);
        var person = Is(type, "person"u8);
        if (identifiersValue is { ValueKind: JsonValueKind.Object } identifiers && MayHoldLongIdentifier(identifiers))
        {
            var identifiersField = Field(field, "identifiers");
            // A delivery's identifiers.id is a delivery id, which the 150-byte person/object id limit does not cover.
            if (!Is(type, "delivery"u8))
            {
                CheckIdentifier(problems, identifiersField, identifiers, "id", Is(type, "object"u8) ? "object id" : "person id");
            }

            CheckIdentifier(problems, identifiersField, identifiers, "object_id", "object id");
            CheckIdentifier(problems, identifiersField, identifiers, "cio_object_id", "object id");
        }

        CheckSelector(problems, field, primary, "primary");
        CheckSelector(problems, field, secondary, "secondary");
        if (Is(action, "identify"u8) || Is(action, "identify_anonymous"u8))
        {
            CheckAttributes(problems, field, attributes, "attributes", notCounted: EntityNotCounted, notValueChecked: EntityNotValueChecked);
        }

        var personEvent = person && V2OperationProperties.IsEventAction(action);
        if (personEvent)
        {
            CheckEventName(problems, field, name);
            CheckSerializedSize(problems, field, attributes, "attributes", EventDataMaxBytes, "event data",
                "send less data with the event, or move profile-like values to the person's attributes");
        }

        if (personEvent || (person && Is(action, "identify"u8)))
        {
            CheckTimestamp(problems, clock, field, timestamp, "timestamp");
        }

        if (person && Is(action, "add_device"u8) && deviceValue is { ValueKind: JsonValueKind.Object } device)
        {
            CheckTimestamp(problems, clock, Field(field, "device"), device, "last_used");
        }

        if (relationshipsValue is { ValueKind: JsonValueKind.Array } relationships)
        {
            CheckRelationships(problems, Field(field, "cio_relationships"), relationships);
        }

        return anyEventAction;
    }

    private static void CheckRelationships(List<ToolProblem> problems, string field, JsonElement? relationships)
    {
        if (relationships is not { ValueKind: JsonValueKind.Array } list)
        {
            return;
        }

        var index = 0;
        foreach (var relationship in list.EnumerateArray())
        {
            var itemField = Field(field, index.ToString(CultureInfo.InvariantCulture));
            if (relationship.ValueKind == JsonValueKind.Object)
            {
                if (Property(relationship, "identifiers") is { ValueKind: JsonValueKind.Object } identifiers && MayHoldLongIdentifier(identifiers))
                {
                    var identifiersField = Field(itemField, "identifiers");
                    CheckIdentifier(problems, identifiersField, identifiers, "id", "person id");
                    CheckIdentifier(problems, identifiersField, identifiers, "object_id", "object id");
                    CheckIdentifier(problems, identifiersField, identifiers, "cio_object_id", "object id");
                }

                CheckAttributes(problems, itemField, relationship, "relationship_attributes", notCounted: [], notValueChecked: []);
            }

            index++;
        }
    }

    private static void CheckSelector(List<ToolProblem> problems, string field, JsonElement parent, string name) =>
        CheckSelector(problems, field, Property(parent, name), name);

    private static void CheckSelector(List<ToolProblem> problems, string field, JsonElement? value, string name)
    {
        if (value is { ValueKind: JsonValueKind.Object } selector)
        {
            CheckIdentifier(problems, Field(field, name), selector, "id", "person id");
        }
    }

    // max is the largest size accepted; the limit text gets it as {0} and the first size refused as {1}.
    private static void CheckRequestSize(List<ToolProblem> problems, string field, JsonElement operation, int max, string limit, string todo)
    {
        // The caller's JSON goes out byte for byte, so its raw UTF-8 length is the size as sent.
        var bytes = JsonMarshal.GetRawUtf8Value(operation).Length;
        if (bytes + EventIdAllowance > max && IsEventWithoutId(operation))
        {
            bytes += EventIdAllowance;
        }

        if (bytes > max)
        {
            problems.Add(new ToolProblem(field, "maxBytes",
                Invariant($"is {bytes:N0} bytes as sent; ") + string.Format(CultureInfo.InvariantCulture, limit, max.ToString("N0", CultureInfo.InvariantCulture), (max + 1).ToString("N0", CultureInfo.InvariantCulture)) + ": " + todo));
        }
    }

    private static bool IsEventWithoutId(JsonElement operation) =>
        Is(Property(operation, "type"), "person"u8) && V2OperationProperties.IsEventAction(Property(operation, "action")) && Property(operation, "id") is null;


    // Every string inside is shorter than the object's own raw text: a small identifiers object needs no lookups.
    private static bool MayHoldLongIdentifier(JsonElement identifiers) => JsonMarshal.GetRawUtf8Value(identifiers).Length > IdentifierMaxBytes;
}
