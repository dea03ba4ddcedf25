using System.Globalization;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace CustomerioTrack.Client.Http;

/// <summary>
/// Reads the answer to a typed call, whichever way it was sent (straight through the HttpClient, or through Kiota's
/// adapter when its tracing is listened to), so both give the same model, null or exception for the same answer.
/// </summary>
/// <remarks>
/// Successes are read the way Kiota reads them: null for 204, an empty body or no content type, otherwise the model.
/// A failed status throws the error model mapped to it (by status, then <c>4XX</c>/<c>5XX</c>, then <c>XXX</c>) when
/// the body is that model; anything else throws <see cref="TrackApiException"/>, where Kiota would have thrown a bare
/// <see cref="ApiException"/> saying only that no error factory was registered.
/// </remarks>
internal sealed class TrackAnswerReader(IParseNodeFactory parseNodes, Func<string, string> redact)
{
    /// <summary>The model in a successful answer; throws for a failed one.</summary>
    public async Task<ModelType?> ReadAsync<ModelType>(HttpResponseMessage response, ParsableFactory<ModelType> factory, Dictionary<string, ParsableFactory<IParsable>>? errorMapping, CancellationToken cancellationToken)
        where ModelType : IParsable
    {
        await ThrowIfFailedAsync(response, errorMapping, cancellationToken).ConfigureAwait(false);
        if (HasNoBody(response))
        {
            return default;
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var root = await RootNodeAsync(response, stream, cancellationToken).ConfigureAwait(false);
        return root is null ? default : root.GetObjectValue(factory);
    }

    /// <summary>
    /// A successful answer's body as a stream in memory (null for 204 or an empty body, as Kiota gives it), so the call
    /// gives its connection back whether or not the caller reads or disposes it; throws for a failed answer.
    /// </summary>
    public async Task<Stream?> ReadStreamAsync(HttpResponseMessage response, Dictionary<string, ParsableFactory<IParsable>>? errorMapping, CancellationToken cancellationToken)
    {
        await ThrowIfFailedAsync(response, errorMapping, cancellationToken).ConfigureAwait(false);
        if (HasNoBody(response))
        {
            return null;
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return body.Length == 0 ? null : new MemoryStream(body);
    }

    /// <summary>Returns for 2xx; otherwise throws the mapped error model, or <see cref="TrackApiException"/>.</summary>
    public async Task ThrowIfFailedAsync(HttpResponseMessage response, Dictionary<string, ParsableFactory<IParsable>>? errorMapping, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        var headers = HeadersOf(response);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (ErrorFactory(errorMapping, status) is { } errorFactory
            && await MappedErrorAsync(response, body, errorFactory, cancellationToken).ConfigureAwait(false) is { } mapped)
        {
            if (mapped is ApiException apiError)
            {
                apiError.ResponseStatusCode = status;
                apiError.ResponseHeaders = headers;
            }

            throw mapped;
        }

        throw TrackErrorAnswer.Describe(response, body, redact, headers);
    }

    private static ParsableFactory<IParsable>? ErrorFactory(Dictionary<string, ParsableFactory<IParsable>>? errorMapping, int status)
    {
        if (errorMapping is null)
        {
            return null;
        }

        var code = status.ToString(CultureInfo.InvariantCulture);
        return errorMapping.TryGetValue(code, out var factory)
            || (status is >= 400 and < 500 && errorMapping.TryGetValue("4XX", out factory))
            || (status is >= 500 and < 600 && errorMapping.TryGetValue("5XX", out factory))
            || errorMapping.TryGetValue("XXX", out factory)
            ? factory
            : null;
    }

    // The declared model, or null when the body cannot be it (empty, no content type, not JSON): the caller then gets
    // the status and the body in a TrackApiException rather than a "failed to deserialize" with neither.
    private async Task<Exception?> MappedErrorAsync(HttpResponseMessage response, byte[] body, ParsableFactory<IParsable> errorFactory, CancellationToken cancellationToken)
    {
        try
        {
            var root = await RootNodeAsync(response, new MemoryStream(body, writable: false), cancellationToken).ConfigureAwait(false);
            return root?.GetObjectValue(errorFactory) as Exception;
        }
        catch (ApiException unreadable) when (unreadable.InnerException is not null)
        {
            return null;
        }
    }

    // As Kiota decides: 204, or content of the runtime's internal empty type, means nothing to read.
    private static bool HasNoBody(HttpResponseMessage response) =>
        response.StatusCode == System.Net.HttpStatusCode.NoContent
        || response.Content.GetType().Name.Equals("EmptyContent", StringComparison.OrdinalIgnoreCase);

    private async Task<IParseNode?> RootNodeAsync(HttpResponseMessage response, Stream stream, CancellationToken cancellationToken)
    {
        var contentType = response.Content.Headers.ContentType?.MediaType?.ToLowerInvariant();
        if (string.IsNullOrEmpty(contentType) || stream == Stream.Null || (stream.CanSeek && stream.Length == 0))
        {
            return null;
        }

        try
        {
            return await parseNodes.GetRootParseNodeAsync(contentType, stream, cancellationToken).ConfigureAwait(false);
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
}
