using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;

namespace CustomerioTrack.Tools;

/// <summary>
/// A request URI as the client's pipeline sends it: <see cref="ParametersNameDecodingHandler"/> (in every pipeline
/// <c>TrackClientFactory</c> builds) decodes the query parameter names that URL templates percent-encode
/// (<c>?id%2Dtype=</c> goes out as <c>?id-type=</c>). A dry run describes that URI, not the one before the handler.
/// </summary>
internal static class WireUri
{
    private static readonly HttpMessageInvoker Decoder = new(new ParametersNameDecodingHandler { InnerHandler = new Terminal() });

    public static Uri Of(Uri uri)
    {
        if (!uri.Query.Contains('%', StringComparison.Ordinal))
        {
            return uri;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        // Completes synchronously: the handler only rewrites the URI and the terminal handler answers at once.
        using var response = Decoder.SendAsync(request, CancellationToken.None).GetAwaiter().GetResult();
        return request.RequestUri!;
    }

    private sealed class Terminal : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage { RequestMessage = request });
    }
}
