using System.Buffers;

namespace CustomerioTrack.Client.Http;

/// <summary>Adds a ULID <c>id</c> to events that lack one before the first attempt, so retries de-duplicate (see <see cref="EventIdAugmenter"/>).</summary>
public sealed class EventIdHandler(Uri? baseUrl = null) : DelegatingHandler
{
    /// <summary>Where bodies read for inspection are held (tests substitute a recording pool).</summary>
    internal ArrayPool<byte> Pool { get; init; } = ArrayPool<byte>.Shared;

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        request.Content is not { } content || EventIdsAssignedOption.IsSet(request)
            ? base.SendAsync(request, cancellationToken)
            : AssignThenSendAsync(request, content, cancellationToken);

    private async Task<HttpResponseMessage> AssignThenSendAsync(HttpRequestMessage request, HttpContent content, CancellationToken cancellationToken)
    {
        var path = request.RequestUri is { } uri ? TrackPaths.OperationPath(uri, baseUrl) : string.Empty;
        if (TrackOperationClassifier.Kind(request.Method.Method, path) is TrackOperationKind.V1Event or TrackOperationKind.V2Entity or TrackOperationKind.V2Batch)
        {
            request.Content = await WithEventIdsAsync(request, path, content, cancellationToken).ConfigureAwait(false);
            foreach (var header in content.Headers)
            {
                if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    request.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            // The original content (a typed call's pooled serializer stream) is spent: give its buffers back now.
            content.Dispose();
            EventIdsAssignedOption.Set(request);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    // The body, read once, as content that can be sent again on every attempt: a pooled copy owned by the new content
    // (returned to the pool when the request is disposed) when nothing was added, a new array with the ids otherwise.
    private async Task<HttpContent> WithEventIdsAsync(HttpRequestMessage request, string path, HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is not { } length || length > Array.MaxLength)
        {
            var unsized = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return new ByteArrayContent(EventIdAugmenter.Augment(request.Method.Method, path, unsized).Body);
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var payload = await PooledPayload.ReadExactlyAsync(stream, (int)length, Pool, cancellationToken).ConfigureAwait(false)
            // What the HTTP stack would have refused when sending it: nothing goes out.
            ?? throw new HttpRequestException($"The request content does not match its Content-Length header ({length} bytes).");
        EventIdAugmenter.Result? augmented;
        try
        {
            augmented = EventIdAugmenter.TryAugment(request.Method.Method, path, payload.Memory.Span);
        }
        catch
        {
            payload.Dispose();
            throw;
        }

        if (augmented is not null)
        {
            payload.Dispose();
            return new ByteArrayContent(augmented.Body);
        }

        ReplayableContentOption.Set(request);
        return new StreamContent(payload.OpenOwningRead());
    }
}
