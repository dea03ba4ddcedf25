using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CustomerioTrack.Mcp;

/// <summary>
/// Checks every HTTP request before it reaches MCP: the Host header and the Origin (against DNS rebinding: a web page
/// on another origin must not drive a local server) and, when configured, the bearer token (constant-time comparison).
/// </summary>
internal sealed class HttpGuard
{
    private static readonly string[] s_loopbackNames = ["localhost", "127.0.0.1", "[::1]"];
    private readonly HashSet<string> _allowedHosts;
    private readonly bool _anyHost;
    private const string Realm = "Bearer realm=\"customerio-track-mcp\"";
    private readonly byte[]? _tokenHash;
    private readonly ILogger _logger;

    public HttpGuard(string boundHost, string? token, IReadOnlyCollection<string>? allowedHosts = null, ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        _allowedHosts = new HashSet<string>(s_loopbackNames, StringComparer.OrdinalIgnoreCase);
        foreach (var name in allowedHosts ?? [])
        {
            _allowedHosts.Add(NormalizeHost(name));
        }

        // A wildcard bind is reached under names only the operator knows (--allowed-host); without them any Host is
        // accepted, and such a bind always requires a token (checked at start-up).
        _anyHost = IsWildcard(boundHost) && allowedHosts is not { Count: > 0 };
        if (!IsWildcard(boundHost))
        {
            _allowedHosts.Add(NormalizeHost(boundHost));
        }

        _tokenHash = token is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    /// <summary>True when any Host header is accepted (a wildcard bind with no <c>--allowed-host</c>).</summary>
    public bool ChecksNoHost => _anyHost;

    // Parsed, not matched as text: "0", "0:0:0:0:0:0:0:0" and "[::]" bind every interface just like "0.0.0.0" and "::".
    public static bool IsWildcard(string host) =>
        host is "*" or "+"
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)));

    public static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    /// <summary>An address in the form a Host header carries it ("127.1" is 127.0.0.1, IPv6 in brackets); a name unchanged.</summary>
    public static string NormalizeHost(string host) =>
        !IPAddress.TryParse(host.Trim('[', ']'), out var address) ? host
        : address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "[" + address + "]"
        : address.ToString();

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var host = context.Request.Host.Host;
        if (!_anyHost && (string.IsNullOrEmpty(host) || !_allowedHosts.Contains(host)))
        {
            await RejectAsync(context, StatusCodes.Status403Forbidden, $"Host \"{host}\" is not allowed: use localhost, 127.0.0.1 or the address the server listens on, or start it with --allowed-host {host}.").ConfigureAwait(false);
            return;
        }

        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && !IsAllowedOrigin(origin))
        {
            await RejectAsync(context, StatusCodes.Status403Forbidden, $"Origin \"{origin}\" is not allowed: only pages on http(s)://localhost, 127.0.0.1 or [::1] may call this server.").ConfigureAwait(false);
            return;
        }

        if (_tokenHash is not null && BearerValue(context.Request.Headers.Authorization.ToString()) is var given && !Matches(given))
        {
            // RFC 6750 section 3.1: no error code when no credentials came, invalid_token when they are wrong.
            context.Response.Headers.WWWAuthenticate = given is null ? Realm : Realm + ", error=\"invalid_token\"";
            await RejectAsync(
                context,
                StatusCodes.Status401Unauthorized,
                given is null
                    ? $"This server requires a bearer token: send the header Authorization: Bearer followed by the {TrackEnvironment.TokenVariable} value it was started with."
                    : $"The bearer token does not match the one this server was started with ({TrackEnvironment.TokenVariable} or --token).").ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private static bool IsAllowedOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && s_loopbackNames.Contains(uri.Host, StringComparer.OrdinalIgnoreCase)
        && uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.UserInfo);

    private static string? BearerValue(string authorization)
    {
        const string scheme = "Bearer ";
        return authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && authorization[scheme.Length..].Trim() is { Length: > 0 } value
            ? value
            : null;
    }

    private bool Matches(string? given)
    {
        if (given is null)
        {
            return false;
        }

        // Hashing first makes the comparison length-independent; FixedTimeEquals makes it timing-independent.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), _tokenHash);
    }

    private Task RejectAsync(HttpContext context, int status, string message)
    {
        // The path only: a query string may hold a token a client put in the URL.
        _logger.LogWarning("Refused {Method} {Path} with {Status}: {Reason}", context.Request.Method, context.Request.Path.Value, status, message);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(System.Text.Json.JsonSerializer.Serialize(new System.Text.Json.Nodes.JsonObject { ["error"] = message }, McpJsonContext.Default.JsonObject));
    }
}
