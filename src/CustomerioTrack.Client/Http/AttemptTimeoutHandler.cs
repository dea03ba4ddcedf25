using System.Globalization;
using System.IO.Compression;

namespace CustomerioTrack.Client.Http;

/// <summary>
/// Bounds one HTTP attempt, reading the answer included: an expired attempt surfaces as <see cref="TimeoutException"/>,
/// distinct from caller cancellation. The body is read here, within the attempt's time and at most
/// <see cref="MaxResponseBytes"/> (<see cref="TrackResponseTooLargeException"/>); a body that breaks off is a
/// <see cref="TrackResponseIncompleteException"/>; a gzip, deflate or br body nobody asked for is decoded.
/// </summary>
public sealed class AttemptTimeoutHandler(TimeSpan timeout) : DelegatingHandler
{
    /// <summary>The largest answer read, in bytes (after decoding).</summary>
    /// <remarks>
    /// The largest Track answer is a 207 to a 500 KB batch listing per-item errors: at most about 9,000 items of 55 bytes
    /// or more, one error of roughly 150 bytes each, about 1.4 MB. 8 MB leaves room for several errors per item while a
    /// wrong base URL or a broken proxy answering with a huge or endless body costs at most 8 MB, not the 2 GB HttpClient allows.
    /// </remarks>
    public const int MaxResponseBytes = 8 * 1024 * 1024;

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var attempt = timeout == Timeout.InfiniteTimeSpan ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt?.CancelAfter(timeout);
        var token = attempt?.Token ?? cancellationToken;
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, token).ConfigureAwait(false);
        }
        // Without an attempt timeout nothing here timed out: another cancellation (the transport's own) goes on as it is.
        catch (OperationCanceledException) when (attempt is not null && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The Track API did not answer within {Seconds} s ({request.Method} {request.RequestUri?.AbsolutePath}).");
        }

        try
        {
            await ReadBodyAsync(request, response, token).ConfigureAwait(false);
            return response;
        }
        catch (Exception exception)
        {
            response.Dispose();
            var status = (int)response.StatusCode;
            var method = request.Method.Method;
            var path = request.RequestUri?.AbsolutePath ?? string.Empty;
            Exception? translated = exception switch
            {
                OperationCanceledException when attempt is not null && !cancellationToken.IsCancellationRequested => new TrackResponseTimeoutException(string.Create(CultureInfo.InvariantCulture,
                    $"The Track API's answer to {method} {path} (HTTP {status}) did not arrive in full within {Seconds} s."), status),
                TrackResponseTooLargeException => null,
                HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded } => new TrackResponseTooLargeException(method, path, status, MaxResponseBytes, exception),
                HttpRequestException or IOException or InvalidDataException => new TrackResponseIncompleteException(method, path, status, exception),
                _ => null,
            };
            if (translated is null)
            {
                throw;
            }

            throw translated;
        }
    }

    private string Seconds => timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static async Task ReadBodyAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await response.Content.LoadIntoBufferAsync(MaxResponseBytes, cancellationToken).ConfigureAwait(false);
        // Read without validation: the typed ContentEncoding collection would be built for every answer, almost none encoded.
        if (response.Content.Headers.NonValidated.TryGetValues("Content-Encoding", out var encodings)
            && encodings.Count == 1
            && Decoder(encodings.First().Trim()) is { } decoder)
        {
            response.Content = await DecodeAsync(request, response, decoder, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Func<Stream, Stream>? Decoder(string encoding) => encoding.ToLowerInvariant() switch
    {
        "gzip" or "x-gzip" => static s => new GZipStream(s, CompressionMode.Decompress),
        "deflate" => static s => new ZLibStream(s, CompressionMode.Decompress),
        "br" => static s => new BrotliStream(s, CompressionMode.Decompress),
        _ => null,
    };

    // No Accept-Encoding is sent (see TrackClientFactory), yet a proxy may compress anyway: the answer is decoded here,
    // within the same limit, so that a small bomb cannot expand past it.
    private static async Task<HttpContent> DecodeAsync(HttpRequestMessage request, HttpResponseMessage response, Func<Stream, Stream> decoder, CancellationToken cancellationToken)
    {
        var encoded = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var decoding = decoder(encoded);
        using var decoded = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await decoding.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (decoded.Length + read > MaxResponseBytes)
            {
                throw new TrackResponseTooLargeException(request.Method.Method, request.RequestUri?.AbsolutePath ?? string.Empty, (int)response.StatusCode, MaxResponseBytes);
            }

            decoded.Write(buffer, 0, read);
        }

        var content = new ByteArrayContent(decoded.ToArray());
        foreach (var (name, values) in response.Content.Headers.NonValidated)
        {
            if (!name.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase) && !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                content.Headers.TryAddWithoutValidation(name, values);
            }
        }

        response.Content.Dispose();
        return content;
    }
}
