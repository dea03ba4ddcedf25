namespace CustomerioTrack.Tools;

/// <summary>Everything known about one tool, emitted by the generator from the description and the tool manifest.</summary>
/// <param name="Name">Tool name as agents see it, e.g. <c>UpdateOrAddPerson</c>.</param>
/// <param name="OperationId">The OpenAPI operationId the tool calls, e.g. <c>identify</c>.</param>
/// <param name="Title">Short human title.</param>
/// <param name="Description">Description written for a model.</param>
/// <param name="HttpMethod">Upper-case HTTP method.</param>
/// <param name="PathTemplate">Path template from the description, e.g. <c>/api/v1/customers/{identifier}</c>.</param>
/// <param name="RequiresAuthentication">False for operations whose description says <c>security: []</c>.</param>
/// <param name="Deprecated">The operation is marked deprecated.</param>
/// <param name="EnabledByDefault">Whether the default registry exposes the tool.</param>
/// <param name="Annotations">Behaviour hints (read-only, destructive, idempotent, open-world).</param>
/// <param name="Parameters">Tool parameters other than <c>mode</c> and <c>request_body</c>.</param>
/// <param name="RequestBody">The JSON request body, or null when the operation has none.</param>
/// <param name="InputSchemaJson">The tool's complete input schema (JSON Schema object) as minified JSON.</param>
/// <param name="SuccessStatusCodes">2xx status codes the description documents.</param>
public sealed record ToolDefinition(
    string Name,
    string OperationId,
    string Title,
    string Description,
    string HttpMethod,
    string PathTemplate,
    bool RequiresAuthentication,
    bool Deprecated,
    bool EnabledByDefault,
    ToolAnnotations Annotations,
    IReadOnlyList<ToolParameter> Parameters,
    ToolRequestBody? RequestBody,
    string InputSchemaJson,
    IReadOnlyList<int> SuccessStatusCodes)
{
    /// <summary>Tools with an unflattened request body take <c>mode</c> and <c>request_body</c>.</summary>
    public bool HasMode => RequestBody is { Flattened: false };
}
