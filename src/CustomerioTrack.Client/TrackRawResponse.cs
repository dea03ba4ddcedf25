using System.Net.Http.Headers;

namespace CustomerioTrack.Client;

/// <summary>An HTTP answer as received: status, content type and body bytes.</summary>
/// <param name="StatusCode">HTTP status code.</param>
/// <param name="ContentType">Media type of the body, if any.</param>
/// <param name="Body">The body bytes (empty for 204).</param>
/// <param name="RetryAfter">The server's Retry-After, if any.</param>
public sealed record TrackRawResponse(int StatusCode, string? ContentType, ReadOnlyMemory<byte> Body, TimeSpan? RetryAfter)
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoHeaders =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

    // The answer's own header collections, read on demand: most callers look up one header, if any, and copying every
    // header into a dictionary on every answer was a measurable part of a small call.
    private readonly HttpHeaders? _responseHeaders;
    private readonly HttpHeaders? _contentHeaders;
    private IReadOnlyDictionary<string, IReadOnlyList<string>>? _headers;

    internal TrackRawResponse(int statusCode, string? contentType, ReadOnlyMemory<byte> body, TimeSpan? retryAfter, HttpHeaders responseHeaders, HttpHeaders contentHeaders)
        : this(statusCode, contentType, body, retryAfter)
    {
        _responseHeaders = responseHeaders;
        _contentHeaders = contentHeaders;
    }

    /// <summary>True for 2xx.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>The response and content headers, by name (any case), each with its values in the order received.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers
    {
        get => _headers ??= _responseHeaders is null ? NoHeaders : Collect(_responseHeaders, _contentHeaders);
        init => _headers = value;
    }

    /// <summary>The URI of the request that got this answer (after any redirect or region switch), when known.</summary>
    public Uri? RequestUri { get; init; }

    /// <summary>The values of one header; empty when it is absent.</summary>
    public IReadOnlyList<string> HeaderValues(string name)
    {
        if (_headers is not null || _responseHeaders is null)
        {
            return Headers.TryGetValue(name, out var values) ? values : [];
        }

        List<string>? found = null;
        Append(ref found, _responseHeaders, name);
        Append(ref found, _contentHeaders, name);
        return found is null ? [] : found;
    }

    private static void Append(ref List<string>? found, HttpHeaders? source, string name)
    {
        if (source is not null && source.NonValidated.TryGetValues(name, out var values))
        {
            found ??= [];
            foreach (var value in values)
            {
                found.Add(value);
            }
        }
    }

    private static Dictionary<string, IReadOnlyList<string>> Collect(HttpHeaders responseHeaders, HttpHeaders? contentHeaders)
    {
        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        Add(headers, responseHeaders);
        if (contentHeaders is not null)
        {
            Add(headers, contentHeaders);
        }

        return headers;
    }

    private static void Add(Dictionary<string, IReadOnlyList<string>> headers, HttpHeaders source)
    {
        foreach (var (name, values) in source.NonValidated)
        {
            var list = headers.TryGetValue(name, out var known) ? (List<string>)known : [];
            foreach (var value in values)
            {
                list.Add(value);
            }

            headers[name] = list;
        }
    }
}
