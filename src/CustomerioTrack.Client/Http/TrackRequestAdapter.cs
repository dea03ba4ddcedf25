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
/// same message, and the answer is read by <see cref="TrackAnswerReader"/> the way Kiota reads it, except that a failed
/// status without a readable error model throws <see cref="TrackApiException"/>. Whenever Kiota's tracing has a listener
/// or a backing store is enabled, the call is sent by Kiota's adapter (so its spans appear) and the answer is read by
/// the same <see cref="TrackAnswerReader"/>; a caller's own response handler gets the answer as Kiota gives it.
/// <c>AdapterEquivalenceTests</c> compares the two paths on 17 kinds of answer, successes, errors and unreadable bodies.
/// </remarks>
internal sealed class TrackRequestAdapter : IRequestAdapter, IDisposable
{
    // Never started: it only tells whether anyone listens to the name Kiota's adapter traces under.
    private static readonly ActivitySource KiotaTracing = new(new ObservabilityOptions().TracerInstrumentationName);

    private readonly HttpClientRequestAdapter _kiota;
    private readonly HttpClient _httpClient;
    private readonly IAuthenticationProvider _authentication;
    private readonly bool _ownsHttpClient;
    private readonly TrackAnswerReader _answers;
    private bool _kiotaOnly;
    private volatile bool _disposed;

    /// <summary>Creates the adapter.</summary>
    /// <param name="kiota">Kiota's adapter over the same HttpClient, for traced calls and the calls this one does not make itself.</param>
    /// <param name="httpClient">The client the requests go to.</param>
    /// <param name="authentication">Adds the credentials.</param>
    /// <param name="ownsHttpClient">True when the factory built <paramref name="httpClient"/> and its transport: <see cref="Dispose"/> disposes them.</param>
    public TrackRequestAdapter(HttpClientRequestAdapter kiota, HttpClient httpClient, IAuthenticationProvider authentication, bool ownsHttpClient = false)
    {
        _kiota = kiota;
        _httpClient = httpClient;
        _authentication = authentication;
        _ownsHttpClient = ownsHttpClient;
        // What Kiota's adapter reads answers with when, as in TrackClientFactory, it is given no parse node factory.
        _answers = new TrackAnswerReader(
            ParseNodeFactoryRegistry.DefaultInstance,
            authentication is TrackBasicAuthenticationProvider track ? track.Redact : static text => text);
    }

    /// <summary>Sends every call through Kiota's adapter (tests compare the two paths with it).</summary>
    internal bool KiotaOnly
    {
        get => _kiotaOnly || KiotaTracing.HasListeners();
        set => _kiotaOnly = value;
    }

    /// <inheritdoc />
    public ISerializationWriterFactory SerializationWriterFactory => _kiota.SerializationWriterFactory;

    /// <inheritdoc />
    public string? BaseUrl
    {
        get => _kiota.BaseUrl;
        set => _kiota.BaseUrl = value;
    }

    /// <inheritdoc />
    public void EnableBackingStore(IBackingStoreFactory backingStoreFactory)
    {
        // Kiota wraps the default parse node registry, which TrackAnswerReader reads with too; its adapter sends from now on.
        _kiota.EnableBackingStore(backingStoreFactory);
        _kiotaOnly = true;
    }

    /// <inheritdoc />
    public Task<T?> ConvertToNativeRequestAsync<T>(RequestInformation requestInfo, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _kiota.ConvertToNativeRequestAsync<T>(requestInfo, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ModelType?> SendAsync<ModelType>(RequestInformation requestInfo, ParsableFactory<ModelType> factory, Dictionary<string, ParsableFactory<IParsable>>? errorMapping = null, CancellationToken cancellationToken = default)
        where ModelType : IParsable
    {
        ThrowIfDisposed();
        if (HasResponseHandler(requestInfo))
        {
            return await _kiota.SendAsync(requestInfo, factory, errorMapping, cancellationToken).ConfigureAwait(false);
        }

        if (KiotaOnly)
        {
            ReadWithUs(requestInfo, async (response, mapping) => await _answers.ReadAsync(response, factory, mapping, cancellationToken).ConfigureAwait(false));
            return await _kiota.SendAsync(requestInfo, factory, errorMapping, cancellationToken).ConfigureAwait(false);
        }

        using var answer = await SendDirectAsync(requestInfo, cancellationToken).ConfigureAwait(false);
        return await _answers.ReadAsync(answer, factory, errorMapping, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task SendNoContentAsync(RequestInformation requestInfo, Dictionary<string, ParsableFactory<IParsable>>? errorMapping = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (HasResponseHandler(requestInfo))
        {
            await _kiota.SendNoContentAsync(requestInfo, errorMapping, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (KiotaOnly)
        {
            ReadWithUs(requestInfo, async (response, mapping) =>
            {
                await _answers.ThrowIfFailedAsync(response, mapping, cancellationToken).ConfigureAwait(false);
                return null;
            });
            await _kiota.SendNoContentAsync(requestInfo, errorMapping, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var answer = await SendDirectAsync(requestInfo, cancellationToken).ConfigureAwait(false);
        await _answers.ThrowIfFailedAsync(answer, errorMapping, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IEnumerable<ModelType>?> SendCollectionAsync<ModelType>(RequestInformation requestInfo, ParsableFactory<ModelType> factory, Dictionary<string, ParsableFactory<IParsable>>? errorMapping = null, CancellationToken cancellationToken = default)
        where ModelType : IParsable
    {
        ThrowIfDisposed();
        return _kiota.SendCollectionAsync(requestInfo, factory, errorMapping, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// A <see cref="Stream"/> answer (metrics, pushMetrics) comes back as a copy in memory. Kiota hands back the response
    /// stream itself, which keeps its connection checked out until someone disposes it, and callers of these operations
    /// rarely look at the answer: a dropped stream held its connection until the garbage collector found it.
    /// </remarks>
    public async Task<ModelType?> SendPrimitiveAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] ModelType>(RequestInformation requestInfo, Dictionary<string, ParsableFactory<IParsable>>? errorMapping = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (typeof(ModelType) == typeof(Stream) && !HasResponseHandler(requestInfo))
        {
            ReadWithUs(requestInfo, async (response, mapping) => await _answers.ReadStreamAsync(response, mapping, cancellationToken).ConfigureAwait(false));
            return await _kiota.SendPrimitiveAsync<ModelType>(requestInfo, errorMapping, cancellationToken).ConfigureAwait(false);
        }

        var answer = await _kiota.SendPrimitiveAsync<ModelType>(requestInfo, errorMapping, cancellationToken).ConfigureAwait(false);
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
    public Task<IEnumerable<ModelType>?> SendPrimitiveCollectionAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] ModelType>(RequestInformation requestInfo, Dictionary<string, ParsableFactory<IParsable>>? errorMapping = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _kiota.SendPrimitiveCollectionAsync<ModelType>(requestInfo, errorMapping, cancellationToken);
    }

    /// <summary>
    /// Authenticates and sends the request through the HttpClient, then releases its content (it may own a pooled
    /// buffer); the caller owns the answer. With Kiota's tracing listened to, the request goes through Kiota's adapter.
    /// </summary>
    internal Task<HttpResponseMessage> SendRawAsync(RequestInformation request, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        return KiotaOnly ? SendThroughAsync(_kiota, request, cancellationToken) : SendDirectAsync(request, cancellationToken);
    }

    /// <summary>Refuses further calls; disposes the HttpClient and its handlers when the factory built them (see <c>ownsHttpClient</c>).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw TrackApiClient.DisposedError();
        }
    }

    private async Task<HttpResponseMessage> SendDirectAsync(RequestInformation request, CancellationToken cancellationToken)
    {
        // Written only when it differs: the dictionary is the builder's own, which callers may share across threads.
        if (!request.PathParameters.TryGetValue("baseurl", out var baseUrl) || !string.Equals(baseUrl as string, _kiota.BaseUrl, StringComparison.Ordinal))
        {
            request.PathParameters["baseurl"] = _kiota.BaseUrl!;
        }

        // The URL template is expanded once, for the credentials check and the message; our provider takes it as is.
        var uri = request.URI;
        if (_authentication is TrackBasicAuthenticationProvider track)
        {
            track.Authenticate(request, uri);
        }
        else
        {
            await _authentication.AuthenticateRequestAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
            uri = request.URI;
        }

        try
        {
            using var message = RawRequestMessage.From(request, uri);
            return await _httpClient.SendAsync(message, cancellationToken).ConfigureAwait(false);
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

    // Kiota's adapter sends (and traces) the call, then hands the answer to our reader instead of reading it itself.
    private static void ReadWithUs(RequestInformation request, Func<HttpResponseMessage, Dictionary<string, ParsableFactory<IParsable>>?, Task<object?>> read) =>
        request.AddRequestOptions([new ResponseHandlerOption { ResponseHandler = new TrackResponseHandler(read) }]);

    private static bool HasResponseHandler(RequestInformation request) => request.GetRequestOption<ResponseHandlerOption>()?.ResponseHandler is not null;
}
