namespace CustomerioTrack.Tools;

/// <summary>The JSON request body of an operation.</summary>
/// <param name="Required">The description marks the body required.</param>
/// <param name="Flattened">True when the body is built from <see cref="ToolParameterLocation.Body"/> parameters instead of <c>request_body</c>.</param>
/// <param name="SchemaJson">Self-contained JSON Schema 2020-12 of the body, minified: what <c>get_request_schema</c> returns and what <c>execute</c> validates against.</param>
public sealed record ToolRequestBody(bool Required, bool Flattened, string SchemaJson);
