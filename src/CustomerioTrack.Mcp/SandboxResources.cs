using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CustomerioTrack.Sandbox;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace CustomerioTrack.Mcp;

/// <summary>The sandbox's state as MCP resources, so a model (or a person in the host) can check what its calls did.</summary>
internal static class SandboxResources
{
    // The sandbox CLI's --json settings (snake_case, indented), bound to source-generated metadata (Native AOT safe).
    private static readonly McpJsonContext s_json = new(new JsonSerializerOptions(SandboxCli.JsonOptions));

    /// <summary>How many of the latest events and journal entries a resource returns.</summary>
    public const int Latest = 200;

    public static IEnumerable<McpServerResource> Create(TrackSandbox sandbox)
    {
        var inspector = sandbox.Inspector;
        yield return Resource("sandbox://people", "sandbox-people", "People in the sandbox with their identifiers and attributes.",
            async (CancellationToken ct) => Json(await inspector.GetPeopleAsync(ct).ConfigureAwait(false), s_json.IReadOnlyListSandboxPerson));
        yield return Resource("sandbox://events", "sandbox-events", $"The latest {Latest} events (person and anonymous), oldest first: the last entry is the most recent.",
            async (CancellationToken ct) => Json(await inspector.GetEventsAsync(limit: Latest, cancellationToken: ct).ConfigureAwait(false), s_json.IReadOnlyListSandboxEvent));
        yield return Resource("sandbox://segments", "sandbox-segments", "Manual segments and their members.",
            async (CancellationToken ct) => Json(await inspector.GetSegmentsAsync(ct).ConfigureAwait(false), s_json.IReadOnlyListSandboxSegment));
        yield return Resource("sandbox://journal", "sandbox-journal", $"The latest {Latest} accepted requests, oldest first (the last entry is the most recent call), each with what was not applied and why.",
            async (CancellationToken ct) => Json(await inspector.GetJournalAsync(Latest, ct).ConfigureAwait(false), s_json.IReadOnlyListSandboxJournalEntry));
        yield return Resource("sandbox://person/{identifier}", "sandbox-person", "One person (by id, email or cio_<cio_id>) with attributes, devices, events and segments.",
            async (string identifier, CancellationToken ct) => Json(await inspector.GetPersonAsync(identifier, ct).ConfigureAwait(false) ?? throw NoSuchPerson(identifier), s_json.SandboxPersonDetail));
    }

    // InvalidParams, as the MCP SDK advises for a resource that does not exist; the message is what the reader sees.
    private static McpProtocolException NoSuchPerson(string identifier) => new(
        $"No person in the sandbox has the identifier '{identifier}' (an id, an email or cio_<cio_id>). Read sandbox://people to list the people in the sandbox.",
        McpErrorCode.InvalidParams);

    private static McpServerResource Resource(string uri, string name, string description, Delegate read) =>
        McpServerResource.Create(read, new McpServerResourceCreateOptions
        {
            UriTemplate = uri,
            Name = name,
            Description = description + " Local sandbox data: nothing here is in Customer.io.",
            MimeType = "application/json",
        });

    private static string Json<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.Serialize(value, typeInfo);
}
