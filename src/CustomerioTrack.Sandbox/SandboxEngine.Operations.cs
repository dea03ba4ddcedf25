using System.Globalization;
using System.Text.Json.Nodes;
using CustomerioTrack.Sandbox.Storage;
using CustomerioTrack.Tools;

namespace CustomerioTrack.Sandbox;

// Applies a v1 operation (and dispatches v2 ones) to the sandbox state.
internal sealed partial class SandboxEngine
{
    private SandboxResponse Apply(SandboxState state, string operation, Dictionary<string, string> parameters, Dictionary<string, string> query, JsonNode? body, SortedDictionary<int, List<ToolProblem>> itemErrors)
    {
        var tx = state.Tx;
        var ok = new SandboxResponse(200, "{}");
        string P(string name) => parameters[name];
        switch (operation)
        {
            case "getRegion":
                return new SandboxResponse(200, Json(new JsonObject { ["url"] = PublicBaseUrl, ["region"] = "us", ["environment_id"] = 0 }));

            case "identify":
            {
                var attributes = (JsonObject)body!;
                state.Identify(PersonKey.FromV1Path(P("identifier")), attributes, IsTrue(attributes["_update"]), Int(attributes["_timestamp"]), attributes["cio_relationships"], v2Relationships: false);
                return ok;
            }

            case "delete":
                state.Delete(PersonKey.FromV1Path(P("identifier")));
                return ok;

            case "add_device":
            {
                var device = body!["device"]!;
                if (state.FindOrCreateForData(PersonKey.FromV1Path(P("identifier")), "device") is { } pk)
                {
                    state.AddDevice(pk, Text(device["id"])!, Text(device["platform"])!, Int(device["last_used"]), device["attributes"]);
                }

                return ok;
            }

            case "delete_device":
                state.DeleteDevice(PersonKey.FromV1Path(P("identifier")), P("device_id"));
                return ok;

            case "suppress":
                state.Suppress(PersonKey.FromV1Path(P("identifier")));
                return ok;

            case "unsuppress":
                state.Unsuppress(PersonKey.FromV1Path(P("identifier")));
                return ok;

            case "unsubscribe":
                state.Unsubscribe(P("delivery_id"), body?["unsubscribe"] is not JsonValue flag || IsTrue(flag));
                return ok;

            case "track":
            {
                if (state.FindOrCreateForData(PersonKey.FromV1Path(P("identifier")), "event") is { } pk)
                {
                    state.AddEvent(pk, null, Text(body!["type"]) ?? "event", Text(body["name"])!, Text(body["id"]), Int(body["timestamp"]), body["data"], "v1");
                }

                return ok;
            }

            case "trackAnonymous":
            {
                var anonymousId = Text(body!["anonymous_id"]);
                if (string.IsNullOrEmpty(anonymousId))
                {
                    tx.Notes.AddInfo("no anonymous_id: recorded as an invite event (not linkable to a person)");
                    anonymousId = null;
                }

                state.AddEvent(null, anonymousId, Text(body["type"]) ?? "event", Text(body["name"])!, Text(body["id"]), Int(body["timestamp"]), body["data"], "v1");
                return ok;
            }

            case "submitForm":
            {
                var data = (JsonObject)body!["data"]!;
                long? person = null;
                var key = Text(data["email"]) is { Length: > 0 } email ? new PersonKey("email", email)
                    : Text(data["id"]) is { Length: > 0 } id ? new PersonKey("id", id)
                    : (PersonKey?)null;
                if (key is { } k)
                {
                    var attributes = new JsonObject();
                    foreach (var (name, value) in data)
                    {
                        if (name is not ("form_id" or "form_name" or "form_type" or "form_url" or "form_url_param") && name != k.Kind)
                        {
                            attributes[name] = value?.DeepClone();
                        }
                    }

                    person = state.Identify(k, attributes, updateOnly: false, timestamp: null, relationships: null, v2Relationships: false);
                }

                state.AddFormSubmission(P("form_id"), data, person);
                return new SandboxResponse(204, null);
            }

            case "merge":
                state.Merge(PersonKey.FromObject(body!["primary"])!.Value, PersonKey.FromObject(body["secondary"])!.Value);
                return ok;

            case "metrics":
                state.AddMetric(Text(body!["delivery_id"])!, Text(body["metric"])!, "metrics", Text(body["recipient"]), null, Text(body["reason"]), Text(body["href"]), Int(body["timestamp"]));
                return ok;

            case "pushMetrics":
                state.AddMetric(Text(body!["delivery_id"]) ?? "", Text(body["event"]) ?? "", "push", null, Text(body["device_id"]), null, null, Int(body["timestamp"]));
                return ok;

            case "add_to_segment":
            case "remove_from_segment":
                state.ChangeSegment(long.Parse(P("segment_id"), CultureInfo.InvariantCulture), query.GetValueOrDefault("id_type", "id"), (JsonArray)body!["ids"]!, operation == "add_to_segment");
                return ok;

            case "entity":
                ApplyV2(state, (JsonObject)body!);
                return ok;

            case "batch":
            {
                var items = body!["batch"] as JsonArray ?? [];
                for (var i = 0; i < items.Count; i++)
                {
                    if (!itemErrors.ContainsKey(i) && items[i] is JsonObject item)
                    {
                        ApplyV2(state, item);
                    }
                }

                if (itemErrors.Count == 0)
                {
                    return ok;
                }

                tx.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"{items.Count - itemErrors.Count} of {items.Count} batch item(s) applied; rejected: {string.Join(", ", itemErrors.Keys)}"));
                var errors = new JsonArray();
                foreach (var (index, list) in itemErrors)
                {
                    foreach (var problem in list)
                    {
                        errors.Add((JsonNode)new JsonObject
                        {
                            ["batch_index"] = index,
                            ["reason"] = problem.Rule,
                            ["field"] = ItemField(problem.Field),
                            ["message"] = problem.Message,
                        });
                    }
                }

                return new SandboxResponse(207, Json(new JsonObject { ["errors"] = errors }));
            }

            default:
                throw new SandboxNotImplementedException(operation);
        }
    }
}
