namespace CustomerioTrack.Tools.Tests.Support;

/// <summary>Innermost handler: records the request line exactly as SocketsHttpHandler writes it (WireMock decodes paths).</summary>
public sealed class WireTap(HttpMessageHandler? inner = null) : DelegatingHandler(inner ?? new SocketsHttpHandler { AllowAutoRedirect = false })
{
    private readonly List<string> _requestLines = [];

    public IReadOnlyList<string> RequestLines
    {
        get
        {
            lock (_requestLines)
            {
                return _requestLines.ToList();
            }
        }
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (_requestLines)
        {
            _requestLines.Add(request.Method.Method + " " + request.RequestUri!.GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped));
        }

        return base.SendAsync(request, cancellationToken);
    }
}
