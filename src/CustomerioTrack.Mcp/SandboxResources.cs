using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CustomerioTrack.Sandbox;
using ModelContextProtocol.Server;

namespace CustomerioTrack.Mcp;

/// <summary>The sandbox's state as MCP resources, so a model (or a person in the host) can check what its calls did.</summary>
internal static class SandboxResources
{
    // The sandbox CLI's --json settings (snake_case, indented), bound to source-generated metadata (Native AOT safe).
    private static readonly McpJsonContext s_json = new(new JsonSerializerOptions(SandboxCli.JsonOptions));

    public static IEnumerable<McpServerResource> Create(TrackSandbox sandbox)
    {
        var inspector = sandbox.Inspector;
        yield return Resource("sandbox://people", "sandbox-people", "People in the sandbox with their identifiers and attributes.",
            async (CancellationToken ct) => Json(await inspector.GetPeopleAsync(ct).ConfigureAwait(false), s_json.IReadOnlyListSandboxPerson));
        yield return Resource("sandbox://events", "sandbox-events", "The most recent events (person and anonymous).",
            async (CancellationToken ct) => Json(await inspector.GetEventsAsync(limit: 200, cancellationToken: ct).ConfigureAwait(false), s_json.IReadOnlyListSandboxEvent));
        yield return Resource("sandbox://segments", "sandbox-segments", "Manual segments and their members.",
            async (CancellationToken ct) => Json(await inspector.GetSegmentsAsync(ct).ConfigureAwait(false), s_json.IReadOnlyListSandboxSegment));
        yield return Resource("sandbox://journal", "sandbox-journal", "Every accepted request, newest first.",
            async (CancellationToken ct) => Json(await inspector.GetJournalAsync(200, ct).ConfigureAwait(false), s_json.IReadOnlyListSandboxJournalEntry));
        yield return Resource("sandbox://person/{identifier}", "sandbox-person", "One person (by id, email or cio_<cio_id>) with attributes, devices, events and segments.",
            async (string identifier, CancellationToken ct) => Json(await inspector.GetPersonAsync(identifier, ct).ConfigureAwait(false), s_json.SandboxPersonDetail));
    }

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
