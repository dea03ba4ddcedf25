namespace CustomerioTrack.Sandbox;

/// <summary>An HTTP request as the sandbox sees it, independent of the transport.</summary>
/// <param name="Method">Upper-case method.</param>
/// <param name="RawTarget">Path and query exactly as sent (percent-encoded), e.g. <c>/api/v1/customers/a%40b.c?x=1</c>.</param>
/// <param name="Authorization">The Authorization header, if any.</param>
/// <param name="Body">Body bytes (empty when none).</param>
public sealed record SandboxRequest(string Method, string RawTarget, string? Authorization, ReadOnlyMemory<byte> Body);

/// <summary>The sandbox's answer.</summary>
/// <param name="StatusCode">HTTP status.</param>
/// <param name="Body">JSON body text, or null for no body (204, 401).</param>
public sealed record SandboxResponse(int StatusCode, string? Body)
{
    /// <summary>What the request asked for that the sandbox ignored, dropped, did not write or changed (journal notes; empty when all was applied).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Headers every transport sends with this answer (see <see cref="SandboxResponseHeaders"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => SandboxResponseHeaders.For(this);

    /// <summary>Media type of the body.</summary>
    public string? ContentType => Body is null ? null : "application/json";
}
