using System.Net;
using System.Net.Http.Headers;

namespace CustomerioTrack.Benchmarks;

/// <summary>
/// A transport that answers 200 <c>{}</c> without a socket, after reading the request body: it isolates the client-side
/// cost of a call (our pipeline and tools versus a bare HttpClient) from loopback and scheduling noise.
/// </summary>
public sealed class InMemoryTransport : HttpMessageHandler
{
    private static readonly byte[] Empty = "{}"u8.ToArray();

    /// <summary>Requests answered.</summary>
    public long Requests { get; private set; }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } content)
        {
            await content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }

        Requests++;
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Empty), RequestMessage = request };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return response;
    }
}
