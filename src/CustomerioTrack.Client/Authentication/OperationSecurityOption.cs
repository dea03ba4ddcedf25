using Microsoft.Kiota.Abstractions;

namespace CustomerioTrack.Client;

/// <summary>
/// What the OpenAPI description says about the security of the operation a request was built for. When a request
/// carries it, <see cref="TrackBasicAuthenticationProvider"/> follows it instead of the path list in
/// <see cref="TrackAnonymousEndpoints"/>: code generated from the description (the tools) then needs no hand-written
/// list to send credentials exactly where the description asks for them.
/// </summary>
public sealed class OperationSecurityOption : IRequestOption
{
    private OperationSecurityOption(bool requiresAuthentication) => RequiresAuthentication = requiresAuthentication;

    /// <summary>The operation takes credentials (the description's default security applies).</summary>
    public static OperationSecurityOption Authenticated { get; } = new(true);

    /// <summary>The operation is <c>security: []</c>: no credentials are sent.</summary>
    public static OperationSecurityOption Anonymous { get; } = new(false);

    /// <summary>False for operations the description marks <c>security: []</c>.</summary>
    public bool RequiresAuthentication { get; }

    /// <summary>The option for an operation.</summary>
    public static OperationSecurityOption For(bool requiresAuthentication) => requiresAuthentication ? Authenticated : Anonymous;
}
