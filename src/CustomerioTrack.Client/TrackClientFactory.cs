using System.Net;
using System.Net.Http.Headers;
using CustomerioTrack.Client.Http;
using CustomerioTrack.Client.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;

namespace CustomerioTrack.Client;

/// <summary>The one entry point that builds a <see cref="TrackApiClient"/> from <see cref="TrackClientOptions"/>.</summary>
public static class TrackClientFactory
{
    /// <summary>Builds a client with its own HTTP pipeline (user agent, region detection, retries, safe redirects, timeouts).</summary>
    /// <param name="options">Credentials, region or base URL, timeout.</param>
    /// <param name="primaryHandler">The innermost handler (a transport or a test double); automatic redirects must be off. Defaults to a <see cref="SocketsHttpHandler"/>.</param>
    /// <remarks>
    /// Dispose the client when done: without <paramref name="primaryHandler"/> that closes the transport the factory
    /// built. A <paramref name="primaryHandler"/> you pass stays yours and is never disposed by the client.
    /// </remarks>
    /// <exception cref="TrackConfigurationException">The Site ID or API key is missing, or the base URL is unusable.</exception>
    public static TrackApiClient Create(TrackClientOptions options, HttpMessageHandler? primaryHandler = null)
    {
        var auth = CreateAuthenticationProvider(options);
        return Create(options, CreateHttpClient(options, auth, primaryHandler), auth, ownsHttpClient: primaryHandler is null);
    }

    /// <summary>Builds a client over an <see cref="HttpClient"/> you own (e.g. from <see cref="IHttpClientFactory"/>); add the pipeline with <see cref="CreateHandlers(TrackClientOptions)"/>, over a primary handler with automatic redirects off.</summary>
    /// <remarks>Disposing the client leaves <paramref name="httpClient"/> open: it stays yours.</remarks>
    public static TrackApiClient Create(TrackClientOptions options, HttpClient httpClient) =>
        Create(options, httpClient, CreateAuthenticationProvider(options), ownsHttpClient: false);

    /// <summary>
    /// The delegating handlers this client puts in front of the transport, outermost first. The transport must not follow
    /// redirects itself (<c>AllowAutoRedirect = false</c>; IHttpClientFactory's default primary handler does follow them):
    /// otherwise the first call fails with <see cref="TrackConfigurationException"/> before anything is sent.
    /// </summary>
    public static IReadOnlyList<DelegatingHandler> CreateHandlers(TrackClientOptions options) =>
        BuildHandlers(options, CreateAuthenticationProvider(options), new DetectedRegion());

    /// <summary>The same handlers, remembering the detected region in <paramref name="detectedRegion"/> across rebuilds of the pipeline.</summary>
    internal static IReadOnlyList<DelegatingHandler> CreateHandlers(TrackClientOptions options, DetectedRegion detectedRegion, Action<TrackRetryAttempt>? fallbackOnRetry = null) =>
        BuildHandlers(options, CreateAuthenticationProvider(options), detectedRegion, fallbackOnRetry);

    /// <summary>Checks the options and builds the authentication provider; the message names what is missing and never shows the key.</summary>
    /// <exception cref="TrackConfigurationException">The options cannot work.</exception>
    public static TrackBasicAuthenticationProvider CreateAuthenticationProvider(TrackClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var missing = TrackClientOptionsRules.MissingCredentials(options)
            .Select(setting => setting == nameof(TrackClientOptions.SiteId)
                ? "the Site ID (TrackClientOptions.SiteId, environment CUSTOMERIO_SITE_ID)"
                : "the Track API key (TrackClientOptions.ApiKey, environment CUSTOMERIO_API_KEY)")
            .ToList();
        if (missing.Count > 0)
        {
            throw new TrackConfigurationException(
                "Customer.io Track credentials are incomplete: missing " + string.Join(" and ", missing)
                + ". Find both under Settings > API Credentials > Track API Keys in Customer.io.");
        }

        var problems = TrackClientOptionsRules.OtherProblems(options, TrackClientOptionsRules.PropertyPath);
        if (problems.Count > 0)
        {
            throw new TrackConfigurationException(string.Join(" ", problems));
        }

        return new TrackBasicAuthenticationProvider(options.SiteId!.Trim(), options.ApiKey!.Trim(), options.BaseUrl);
    }

    /// <summary>The base URL requests are built against before any region detection.</summary>
    public static Uri ResolveBaseUrl(TrackClientOptions options) =>
        options.BaseUrl ?? TrackHosts.For(options.Region ?? TrackRegion.Us);

    private static readonly TrackJsonSerializationWriterFactory SerializationWriters = new();

    private static TrackApiClient Create(TrackClientOptions options, HttpClient httpClient, TrackBasicAuthenticationProvider auth, bool ownsHttpClient)
    {
        var kiota = new HttpClientRequestAdapter(auth, serializationWriterFactory: SerializationWriters, httpClient: httpClient)
        {
            BaseUrl = ResolveBaseUrl(options).GetLeftPart(UriPartial.Path).TrimEnd('/'),
        };
        return new TrackApiClient(new TrackRequestAdapter(kiota, httpClient, auth, ownsHttpClient))
        {
            Authentication = auth,
            DetectsRegion = options.BaseUrl is null && options.Region is null,
            UserAgent = options.UserAgent,
        };
    }

    private static HttpClient CreateHttpClient(TrackClientOptions options, TrackBasicAuthenticationProvider auth, HttpMessageHandler? primaryHandler)
    {
        primaryHandler ??= new SocketsHttpHandler
        {
            // No AutomaticDecompression: Track answers are a few bytes of JSON, and the decompression layer measured
            // about 20 µs per call on loopback (docs/benchmarks.md); without Accept-Encoding servers send plain bodies.
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        var handlers = BuildHandlers(options, auth, new DetectedRegion());
        for (var i = handlers.Count - 1; i >= 0; i--)
        {
            handlers[i].InnerHandler = primaryHandler;
            primaryHandler = handlers[i];
        }

        return new HttpClient(primaryHandler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static List<DelegatingHandler> BuildHandlers(TrackClientOptions options, TrackBasicAuthenticationProvider auth, DetectedRegion detectedRegion, Action<TrackRetryAttempt>? fallbackOnRetry = null)
    {
        var handlers = new List<DelegatingHandler>
        {
            new TrackUserAgentHandler(options.UserAgent),
            new ParametersNameDecodingHandler(),
            new EventIdHandler(options.BaseUrl),
            new TrackRetryHandler(options.Retry, options.BaseUrl, timeProvider: null, fallbackOnRetry),
        };
        if (options.BaseUrl is null && options.Region is null)
        {
            var header = AuthenticationHeaderValue.Parse(auth.HeaderValue);
            handlers.Add(new RegionDetectionHandler(() => header, detectedRegion));
        }

        handlers.Add(new AttemptTimeoutHandler(options.Timeout));
        handlers.Add(new SafeRedirectHandler(auth.IsAllowedHost));
        return handlers;
    }
}
