using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerioTrack.Client.Models;

namespace CustomerioTrack.Benchmarks;

/// <summary>
/// The payloads every path sends (ours, customerio-node, the raw floor): one identify, one event, one ~495 KB batch.
/// The batch is written to a file for the node harness, so both sides send the same items.
/// </summary>
public static class Workload
{
    public const string SiteId = "bench-site";
    public const string ApiKey = "bench-key";
    public const string PersonId = "cust-42";

    /// <summary>Under the 500 kB (decimal) /v2/batch limit, so every path sends exactly one request per batch.</summary>
    public const int BatchTargetBytes = 495_000;

    public const string IdentifyBody = """{"email":"ann@example.com","first_name":"Ann","plan":"pro","seats":5,"created_at":1700000000}""";
    public const string EventBody = """{"name":"purchase","data":{"amount":9.5,"sku":"A-1","quantity":2}}""";

    public static readonly string BatchBody = BuildBatch(BatchTargetBytes);

    public static int BatchItems => JsonNode.Parse(BatchBody)!["batch"]!.AsArray().Count;

    public static string IdentifyArguments { get; } =
        $$"""{"mode":"execute","person_identifier":"{{PersonId}}","request_body":{{IdentifyBody}}}""";

    public static string EventArguments { get; } =
        $$"""{"mode":"execute","customer_identifier":"{{PersonId}}","request_body":{{EventBody}}}""";

    public static string BatchArguments { get; } = $$"""{"mode":"execute","request_body":{{BatchBody}}}""";

    public static string BuildBatch(int targetBytes)
    {
        var filler = new string('x', 360);
        var builder = new StringBuilder("{\"batch\":[");
        for (var i = 0; ; i++)
        {
            var item = $$$"""{"type":"person","identifiers":{"id":"user-{{{i:D6}}}"},"action":"identify","attributes":{"email":"user-{{{i:D6}}}@example.com","plan":"pro","seats":{{{i % 50}}},"bio":"{{{filler}}}"}}""";
            if (builder.Length + item.Length + 3 > targetBytes)
            {
                break;
            }

            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append(item);
        }

        return builder.Append("]}").ToString();
    }

    /// <summary>The same identify as a Kiota model (serialized on every call, like customerio-node's JSON.stringify).</summary>
    public static IdentifyRequest IdentifyModel() => new()
    {
        Email = "ann@example.com",
        CreatedAt = 1700000000,
        AdditionalData = new Dictionary<string, object> { ["first_name"] = "Ann", ["plan"] = "pro", ["seats"] = 5 },
    };

    public static TrackEventRequest EventModel() => new()
    {
        Name = "purchase",
        Data = new EventData { AdditionalData = new Dictionary<string, object> { ["amount"] = 9.5, ["sku"] = "A-1", ["quantity"] = 2 } },
    };

    public static BatchRequest BatchModel()
    {
        var items = new List<EntityRequest>();
        foreach (var item in JsonNode.Parse(BatchBody)!["batch"]!.AsArray())
        {
            var attributes = item!["attributes"]!.AsObject();
            items.Add(new EntityRequest
            {
                PersonIdentify = new PersonIdentify
                {
                    Type = PersonType.Person,
                    Action = PersonIdentify_action.Identify,
                    Identifiers = new PersonIdentifiers { Id = item["identifiers"]!["id"]!.GetValue<string>() },
                    Attributes = new PersonAttributes
                    {
                        AdditionalData = new Dictionary<string, object>
                        {
                            ["email"] = attributes["email"]!.GetValue<string>(),
                            ["plan"] = attributes["plan"]!.GetValue<string>(),
                            ["seats"] = attributes["seats"]!.GetValue<int>(),
                            ["bio"] = attributes["bio"]!.GetValue<string>(),
                        },
                    },
                },
            });
        }

        return new BatchRequest { Batch = items };
    }

    /// <summary>Writes the payloads for the node harness.</summary>
    public static void WriteFor(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            personId = PersonId,
            identify = JsonNode.Parse(IdentifyBody),
            @event = JsonNode.Parse(EventBody),
            batch = JsonNode.Parse(BatchBody)!["batch"],
        }));
    }
}
