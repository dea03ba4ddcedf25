namespace CustomerioTrack.Tools;

/// <summary>Why a tool call failed; appears as <c>error.kind</c>.</summary>
public static class ToolErrorKind
{
    /// <summary>The arguments were wrong; nothing was sent.</summary>
    public const string InvalidArguments = "invalid_arguments";

    /// <summary>The request body broke its schema or a Track limit; nothing was sent.</summary>
    public const string InvalidRequestBody = "invalid_request_body";

    /// <summary>The toolkit is not configured (e.g. missing credentials); nothing was sent.</summary>
    public const string Configuration = "configuration";

    /// <summary>Customer.io answered with an error status.</summary>
    public const string Api = "api_error";

    /// <summary>No usable answer: network failure, timeout, refused redirect.</summary>
    public const string Transport = "transport_error";

    /// <summary>The caller cancelled a call split into several requests after some were accepted (see <see cref="ToolCallCancelledException"/>).</summary>
    public const string Cancelled = "cancelled";

    /// <summary>No tool has that name.</summary>
    public const string UnknownTool = "unknown_tool";
}
