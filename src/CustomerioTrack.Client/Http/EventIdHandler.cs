namespace CustomerioTrack.Client.Http;

/// <summary>Adds a ULID <c>id</c> to events that lack one before the first attempt, so retries de-duplicate (see <see cref="EventIdAugmenter"/>).</summary>
public sealed class EventIdHandler(Uri? baseUrl = null) : DelegatingHandler
{
    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri is { } uri ? TrackPaths.OperationPath(uri, baseUrl) : string.Empty;
        if (request.Content is { } content
            && !EventIdsAssignedOption.IsSet(request)
            && TrackOperationClassifier.Kind(request.Method.Method, path) is TrackOperationKind.V1Event or TrackOperationKind.V2Entity or TrackOperationKind.V2Batch)
        {
            var body = await ReadBodyAsync(content, cancellationToken).ConfigureAwait(false);
            var augmented = EventIdAugmenter.Augment(request.Method.Method, path, body);

            // The body is in memory now either way: sending it from that array spares the retry handler a buffered
            // copy, and disposing the original content hands its (pooled) buffers back before the exchange.
            var replacement = new ByteArrayContent(augmented.Body);
            foreach (var header in content.Headers)
            {
                if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    replacement.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            request.Content = replacement;
            content.Dispose();
            EventIdsAssignedOption.Set(request);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    // Straight into one array of the declared length (a 500 KB batch: one copy, instead of a buffer and then an array).
    private static async Task<byte[]> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is not { } length || length > Array.MaxLength)
        {
            return await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }

        var body = new byte[length];
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var read = await stream.ReadAtLeastAsync(body, body.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read < body.Length || await stream.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) > 0)
        {
            // What the HTTP stack would have refused when sending it: nothing goes out.
            throw new HttpRequestException($"The request content does not match its Content-Length header ({length} bytes).");
        }

        return body;
    }
}
