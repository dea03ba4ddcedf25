using System.Net;
using System.Net.Http.Headers;

namespace CustomerioTrack.Sandbox;

/// <summary>Answers HTTP requests from the sandbox in-process.</summary>
internal sealed class SandboxHttpMessageHandler(TrackSandbox sandbox) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        var target = uri.IsAbsoluteUri ? uri.GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped) : uri.OriginalString;
        var answer = await sandbox.HandleAsync(
            new SandboxRequest(request.Method.Method.ToUpperInvariant(), target, request.Headers.Authorization?.ToString(), body),
            cancellationToken).ConfigureAwait(false);
        var response = new HttpResponseMessage((HttpStatusCode)answer.StatusCode) { RequestMessage = request };
        foreach (var (name, value) in answer.Headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        if (answer.Body is not null)
        {
            response.Content = new StringContent(answer.Body);
            response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }
        else
        {
            response.Content = new ByteArrayContent([]);
        }

        return response;
    }
}
