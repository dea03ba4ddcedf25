using System.Text.Json.Nodes;
using CustomerioTrack.Sandbox.Storage;

namespace CustomerioTrack.Sandbox;

// Applies one v2 operation: an /entity body or a /batch item.
internal sealed partial class SandboxEngine
{
    private static void ApplyV2(SandboxState state, JsonObject op)
    {
        var type = Text(op["type"]);
        var action = Text(op["action"]);
        var tx = state.Tx;
        if (type == "person")
        {
            if (action == "merge")
            {
                state.Merge(PersonKey.FromObject(op["primary"])!.Value, PersonKey.FromObject(op["secondary"])!.Value);
                return;
            }

            var key = PersonKey.FromObject(op["identifiers"])!.Value;
            switch (action)
            {
                case "identify":
                {
                    var attributes = op["attributes"]?.DeepClone() as JsonObject ?? new JsonObject();
                    var updateOnly = IsTrue(attributes["_update"]);
                    attributes.Remove("_update");
                    state.Identify(key, attributes, updateOnly, Int(op["timestamp"]), op["cio_relationships"], v2Relationships: true);
                    break;
                }

                case "delete":
                    state.Delete(key);
                    break;
                case "event" or "page" or "screen":
                    if (state.FindOrCreateForData(key, action) is { } pk)
                    {
                        state.AddEvent(pk, null, action, Text(op["name"])!, Text(op["id"]), Int(op["timestamp"]), op["attributes"], "v2");
                    }

                    break;
                case "add_relationships" or "delete_relationships":
                    if (state.FindPerson(key) is { } person)
                    {
                        state.PersonRelationships(person, op["cio_relationships"] as JsonArray, action == "add_relationships");
                    }
                    else
                    {
                        tx.Notes.Add($"ignored {action}: no person has {key}");
                    }

                    break;
                case "add_device":
                {
                    var device = op["device"]!;
                    if (state.FindOrCreateForData(key, "device") is { } owner)
                    {
                        state.AddDevice(owner, Text(device["token"])!, Text(device["platform"])!, Int(device["last_used"]), device["attributes"]);
                    }

                    break;
                }

                case "delete_device":
                    state.DeleteDevice(key, Text(op["device"]!["token"])!);
                    break;
                case "suppress":
                    state.Suppress(key);
                    break;
                case "unsuppress":
                    state.Unsuppress(key);
                    break;
                default:
                    tx.Notes.Add($"ignored unknown person action '{action}'");
                    break;
            }
        }
        else if (type == "object")
        {
            switch (action)
            {
                case "identify" or "identify_anonymous":
                    if (state.FindObject(op["identifiers"], create: true) is { } pk)
                    {
                        state.ApplyObjectAttributes(pk, op["attributes"] as JsonObject);
                        state.ObjectRelationships(pk, op["cio_relationships"] as JsonArray, add: true);
                    }

                    break;
                case "delete":
                    if (state.FindObject(op["identifiers"], create: false) is { } gone)
                    {
                        state.DeleteObject(gone);
                    }
                    else if (op["identifiers"]?["cio_object_id"] is null)
                    {
                        // FindObject already noted an unknown cio_object_id.
                        tx.Notes.Add($"nothing to delete: no object has {SandboxState.ObjectName(op["identifiers"])}");
                    }

                    break;
                case "add_relationships" or "delete_relationships":
                    if (state.FindObject(op["identifiers"], create: action == "add_relationships") is { } related)
                    {
                        state.ObjectRelationships(related, op["cio_relationships"] as JsonArray, action == "add_relationships");
                    }
                    else if (op["identifiers"]?["cio_object_id"] is null)
                    {
                        // FindObject already noted an unknown cio_object_id.
                        tx.Notes.Add($"nothing to delete: no object has {SandboxState.ObjectName(op["identifiers"])}");
                    }

                    break;
                default:
                    tx.Notes.Add($"ignored unknown object action '{action}'");
                    break;
            }
        }
        else if (type == "delivery")
        {
            state.AddMetric(Text(op["identifiers"]?["id"]) ?? "", Text(op["name"]) ?? "", "v2", null, Text(op["attributes"]?["device_token"]), null, null, Int(op["timestamp"]));
        }
    }
}
