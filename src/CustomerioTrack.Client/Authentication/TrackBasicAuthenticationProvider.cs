using System.Text;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;

namespace CustomerioTrack.Client;

/// <summary>
/// HTTP Basic authentication with the Site ID and Track API key, added only to operations that take credentials and
/// only for Customer.io's Track hosts or the explicitly configured base URL.
/// </summary>
public sealed class TrackBasicAuthenticationProvider : IAuthenticationProvider
{
    private const string AuthorizationHeader = "Authorization";
    private readonly string _headerValue;
    private readonly SecretRedactor _redactor;
    private readonly Uri? _configuredBaseUrl;

    /// <summary>Creates the provider.</summary>
    /// <param name="siteId">Site ID (user name).</param>
    /// <param name="apiKey">Track API key (password).</param>
    /// <param name="configuredBaseUrl">A base URL the user configured explicitly; its host also receives credentials.</param>
    public TrackBasicAuthenticationProvider(string siteId, string apiKey, Uri? configuredBaseUrl = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(siteId);
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(siteId + ":" + apiKey));
        _headerValue = "Basic " + token;
        _redactor = new SecretRedactor(siteId, apiKey);
        _configuredBaseUrl = configuredBaseUrl;
    }

    /// <summary>The full header value, for handlers that re-send a request (never log it).</summary>
    internal string HeaderValue => _headerValue;

    /// <summary>
    /// Replaces the API key, the site id (both when at least 8 characters) and the Basic credentials in a text with
    /// <c>[redacted]</c>: raw, base64 (the key alone or <c>site:key</c>), percent-encoded or JSON-escaped.
    /// </summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _redactor.Redact(text);
    }

    /// <summary>True when credentials may be sent to this URI.</summary>
    public bool IsAllowedHost(Uri uri) => TrackHosts.IsCustomerIoTrackHost(uri) || IsConfiguredHost(uri);

    /// <inheritdoc />
    public Task AuthenticateRequestAsync(RequestInformation request, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Authenticate(request, request.URI);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Adds the credentials to a request whose URI is already expanded. The URI is not assigned back to the request:
    /// Kiota's setter clears the path parameters, which a request shares with the builder that made it, so a builder
    /// kept and called again would address an empty path.
    /// </summary>
    internal void Authenticate(RequestInformation request, Uri uri)
    {
        if (IsAllowedHost(uri)
            && RequiresAuthentication(request, uri)
            && !request.Headers.ContainsKey(AuthorizationHeader))
        {
            request.Headers.Add(AuthorizationHeader, _headerValue);
        }
    }

    private bool RequiresAuthentication(RequestInformation request, Uri uri) =>
        request.GetRequestOption<OperationSecurityOption>() is { } stated
            ? stated.RequiresAuthentication
            : !TrackAnonymousEndpoints.IsAnonymous(request.HttpMethod.ToString(), TrackPaths.OperationPath(uri, _configuredBaseUrl));

    private bool IsConfiguredHost(Uri uri) =>
        _configuredBaseUrl is not null
        && string.Equals(uri.Scheme, _configuredBaseUrl.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Host, _configuredBaseUrl.Host, StringComparison.OrdinalIgnoreCase)
        && uri.Port == _configuredBaseUrl.Port;
}
