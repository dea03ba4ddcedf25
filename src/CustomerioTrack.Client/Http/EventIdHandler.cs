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
            var body = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var augmented = EventIdAugmenter.Augment(request.Method.Method, path, body);
            if (augmented.AddedIds.Count == 0)
            {
                EventIdsAssignedOption.Set(request);
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }

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
}
