using Microsoft.Kiota.Abstractions;

namespace CustomerioTrack.Client.Http;

/// <summary>
/// Turns an authenticated <see cref="RequestInformation"/> into the <see cref="HttpRequestMessage"/> our handlers see,
/// the same message Kiota's adapter builds: method, expanded URI, request options under their type's full name,
/// headers, and the content stream as is (RawSendEquivalenceTests compares the two).
/// </summary>
internal static class RawRequestMessage
{
    /// <param name="request">The request.</param>
    /// <param name="uri">Its URI, expanded once by the caller.</param>
    public static HttpRequestMessage From(RequestInformation request, Uri uri)
    {
        var message = new HttpRequestMessage(MethodOf(request.HttpMethod), uri);
        foreach (var option in request.RequestOptions)
        {
            // Where Kiota puts them, so handlers (ours and Kiota's) find them the same way on every path.
            message.Options.Set(new HttpRequestOptionsKey<IRequestOption>(option.GetType().FullName!), option);
        }

        if (request.Content is { } content && content != Stream.Null)
        {
            message.Content = new StreamContent(content);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, values))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, values);
            }
        }

        return message;
    }

    private static HttpMethod MethodOf(Method method) => method switch
    {
        Method.GET => HttpMethod.Get,
        Method.POST => HttpMethod.Post,
        Method.PUT => HttpMethod.Put,
        Method.PATCH => HttpMethod.Patch,
        Method.DELETE => HttpMethod.Delete,
        Method.HEAD => HttpMethod.Head,
        Method.OPTIONS => HttpMethod.Options,
        Method.TRACE => HttpMethod.Trace,
        Method.CONNECT => HttpMethod.Connect,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Not an HTTP method."),
    };
}
