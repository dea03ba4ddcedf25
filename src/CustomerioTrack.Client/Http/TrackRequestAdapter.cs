using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Abstractions.Store;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace CustomerioTrack.Client.Http;

/// <summary>
/// The request adapter a <see cref="TrackClientFactory"/> client runs on: Kiota's <see cref="HttpClientRequestAdapter"/>,
/// except that the calls the Track API makes (a model or nothing back) go straight to the HttpClient and its handlers.
/// </summary>
/// <remarks>
/// Kiota's adapter prepares a tracing span on every call (a regular expression over the URL template, string building)
/// whether or not anyone listens, a large share of the client's own time on a small Track call. Here the transport sees the
/// same message, and the answer is read the way Kiota reads it: error mappings by status, then <c>4XX</c>/<c>5XX</c>,
/// then <c>XXX</c>, the same <see cref="ApiException"/>s, null for 204 or an empty body. Whenever Kiota's tracing has a
/// listener, a response handler is set, or a backing store is enabled, the call is Kiota's own.
/// <c>AdapterEquivalenceTests</c> compares the two on 17 kinds of answer, successes, errors and unreadable bodies.
/// </remarks>
internal sealed class TrackRequestAdapter(HttpClientRequestAdapter kiota, HttpClient httpClient, IAuthenticationProvider authentication) : IRequestAdapter
{
    // Never started: it only tells whether anyone listens to the name Kiota's adapter traces under.
    private static readonly ActivitySource KiotaTracing = new(new ObservabilityOptions().TracerInstrumentationName);

    // What Kiota's adapter reads answers with when, as in TrackClientFactory, it is given no parse node factory.
    private readonly IParseNodeFactory _parseNodes = ParseNodeFactoryRegistry.DefaultInstance;
    private bool _kiotaOnly;

    /// <summary>Sends every call through Kiota's adapter (tests compare the two paths with it).</summary>
    internal bool KiotaOnly
    {
        get => _kiotaOnly || KiotaTracing.HasListeners();
        set => _kiotaOnly = value;
    }

    /// <inheritdoc />
    public ISerializationWriterFactory SerializationWriterFactory => kiota.SerializationWriterFactory;

    /// <inheritdoc />
    public string? BaseUrl
    {
        get => kiota.BaseUrl;
        set => kiota.BaseUrl = value;
    }

    /// <inheritdoc />
    public void EnableBackingStore(IBackingStoreFactory backingStoreFactory)
    {
        // The backing store wraps Kiota's parse node factory, which this adapter does not see: Kiota answers from now on.
        kiota.EnableBackingStore(backingStoreFactory);
        _kiotaOnly = true;
    }

    /// <inheritdoc />
    public Task<T?> ConvertToNativeRequestAsync<T>(RequestInformation requestInfo, CancellationToken cancellationToken = default) =>
        kiota.ConvertToNativeRequestAsync<T>(requestInfo, cancellationToken);

    /// <inheritdoc />
    public async Task<ModelType?> SendAsync<ModelType>(RequestInformation requestInfo, ParsableFactory<ModelType> factory, Dictionary<string, ParsableFactory<IParsable>>? errorMapping = null, CancellationToken cancellationToken = default)
        where ModelType : IParsable
    {
        if (KiotaOnly || HasResponseHandler(requestInfo))
        {
            return await kiota.SendAsync(requestInfo, factory, errorMapping, cancellationToken).ConfigureAwait(false);
        }

        using var response = await SendDirectAsync(requestInfo, cancellationToken).ConfigureAwait(false);
        await ThrowIfFailedAsync(response, errorMapping, cancellationToken).ConfigureAwait(false);
        var root = HasNoBody(response) ? null : await RootNodeAsync(response, cancellationToken).ConfigureAwait(false);
        return root is null ? default : root.GetObjectValue(factory);
    }

    /// <inheritdoc />
    public async Task SendNoContentAsync(RequestInformation requestInfo, Dictionary<string, ParsableFactory<IParsable>>? errorMapping = null, CancellationToken cancellationToken = default)
    {
        if (KiotaOnly || HasResponseHandler(requestInfo))
        {
            await kiota.SendNoContentAsync(requestInfo, errorMapping, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var response = await SendDirectAsync(requestInfo, cancellationToken).ConfigureAwait(false);
        await ThrowIfFailedAsync(response, errorMapping, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IEnumerable<ModelType>?> SendCollectionAsync<ModelType>(RequestInformation requestInfo, ParsableFactory<ModelType> factory, Dictionary<string, ParsableFactory<IParsable>>? errorMapping = null, CancellationToken cancellationToken = default)
        where ModelType : IParsable =>
        kiota.SendCollectionAsync(requestInfo, factory, errorMapping, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// A <see cref="Stream"/> answer (metrics, pushMetrics) comes back as a copy in memory. Kiota hands back the response
    /// stream itself, which keeps its connection checked out until someone disposes it, and callers of these operations
    /// rarely look at the answer: a dropped stream held its connection until the garbage collector found it.
    /// </remarks>
    public async Task<ModelType?> SendPrimitiveAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] ModelType>(RequestInformation requestInfo, Dictionary<string, ParsableFactory<IParsable>>? errorMapping = null, CancellationToken cancellationToken = default)
    {
        var answer = await kiota.SendPrimitiveAsync<ModelType>(requestInfo, errorMapping, cancellationToken).ConfigureAwait(false);
        if (typeof(ModelType) != typeof(Stream) || answer is not Stream live)
        {
            return answer;
        }

        await using (live.ConfigureAwait(false))
        {
            var copy = new MemoryStream();
            await live.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            copy.Position = 0;
            return (ModelType)(object)copy;
        }
    }

    /// <inheritdoc />
    public Task<IEnumerable<ModelType>?> SendPrimitiveCollectionAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] ModelType>(RequestInformation requestInfo, Dictionary<string, ParsableFactory<IParsable>>? errorMapping = null, CancellationToken cancellationToken = default) =>
        kiota.SendPrimitiveCollectionAsync<ModelType>(requestInfo, errorMapping, cancellationToken);

    /// <summary>
    /// Authenticates and sends the request through the HttpClient, then releases its content (it may own a pooled
    /// buffer); the caller owns the answer. With Kiota's tracing listened to, the request goes through Kiota's adapter.
    /// </summary>
    internal Task<HttpResponseMessage> SendRawAsync(RequestInformation request, CancellationToken cancellationToken) =>
        KiotaOnly ? SendThroughAsync(kiota, request, cancellationToken) : SendDirectAsync(request, cancellationToken);

    private async Task<HttpResponseMessage> SendDirectAsync(RequestInformation request, CancellationToken cancellationToken)
    {
        // Written only when it differs: the dictionary is the builder's own, which callers may share across threads.
        if (!request.PathParameters.TryGetValue("baseurl", out var baseUrl) || !string.Equals(baseUrl as string, kiota.BaseUrl, StringComparison.Ordinal))
        {
            request.PathParameters["baseurl"] = kiota.BaseUrl!;
        }

        // The URL template is expanded once, for the credentials check and the message; our provider takes it as is.
        var uri = request.URI;
        if (authentication is TrackBasicAuthenticationProvider track)
        {
            track.Authenticate(request, uri);
        }
        else
        {
            await authentication.AuthenticateRequestAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
            uri = request.URI;
        }

        try
        {
            using var message = RawRequestMessage.From(request, uri);
            return await httpClient.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            request.Content?.Dispose();
        }
    }

    /// <summary>Sends a request through any adapter and hands back the HTTP answer itself, whatever its status.</summary>
    internal static async Task<HttpResponseMessage> SendThroughAsync(IRequestAdapter adapter, RequestInformation request, CancellationToken cancellationToken)
    {
        var handler = new NativeResponseHandler();
        request.AddRequestOptions([new ResponseHandlerOption { ResponseHandler = handler }]);
        await adapter.SendNoContentAsync(request, errorMapping: null, cancellationToken).ConfigureAwait(false);
        return handler.Value as HttpResponseMessage
            ?? throw new InvalidOperationException("The request adapter did not hand back the HTTP response.");
    }

    private static bool HasResponseHandler(RequestInformation request) => request.GetRequestOption<ResponseHandlerOption>()?.ResponseHandler is not null;

    // As Kiota decides: 204, or content of the runtime's internal empty type, means nothing to read.
    private static bool HasNoBody(HttpResponseMessage response) =>
        response.StatusCode == System.Net.HttpStatusCode.NoContent
        || response.Content.GetType().Name.Equals("EmptyContent", StringComparison.OrdinalIgnoreCase);

    private async Task<IParseNode?> RootNodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var contentType = response.Content.Headers.ContentType?.MediaType?.ToLowerInvariant();
        if (string.IsNullOrEmpty(contentType))
        {
            return null;
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        if (stream == Stream.Null || (stream.CanSeek && stream.Length == 0))
        {
            return null;
        }

        try
        {
            return await _parseNodes.GetRootParseNodeAsync(contentType, stream, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new ApiException($"The response could not be deserialized. Content-Type '{contentType}' may not be supported, or the registered parse node factory failed while processing the response.", exception)
            {
                ResponseStatusCode = (int)response.StatusCode,
                ResponseHeaders = HeadersOf(response),
            };
        }
    }

    private static Dictionary<string, IEnumerable<string>> HeadersOf(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, IEnumerable<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers)
        {
            headers[header.Key] = header.Value;
        }

        return headers;
    }

    private async Task ThrowIfFailedAsync(HttpResponseMessage response, Dictionary<string, ParsableFactory<IParsable>>? errorMapping, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var headers = HeadersOf(response);
        ParsableFactory<IParsable>? errorFactory = null;
        if (errorMapping is null
            || (!errorMapping.TryGetValue(code, out errorFactory)
                && !(status is >= 400 and < 500 && errorMapping.TryGetValue("4XX", out errorFactory))
                && !(status is >= 500 and < 600 && errorMapping.TryGetValue("5XX", out errorFactory))
                && !errorMapping.TryGetValue("XXX", out errorFactory)))
        {
            throw new ApiException($"The server returned an unexpected status code and no error factory is registered for this code: {code}")
            {
                ResponseStatusCode = status,
                ResponseHeaders = headers,
            };
        }

        var root = await RootNodeAsync(response, cancellationToken).ConfigureAwait(false);
        if (root?.GetObjectValue(errorFactory!) is not Exception error)
        {
            throw new ApiException($"The server returned an unexpected status code and the error registered for this code failed to deserialize: {code}")
            {
                ResponseStatusCode = status,
                ResponseHeaders = headers,
            };
        }

        if (error is ApiException apiError)
        {
            apiError.ResponseStatusCode = status;
            apiError.ResponseHeaders = headers;
        }

        throw error;
    }
}
