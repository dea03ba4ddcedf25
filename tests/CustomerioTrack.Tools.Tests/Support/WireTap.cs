using CustomerioTrack.Client;
using Microsoft.Kiota.Abstractions;

namespace CustomerioTrack.Tools.Tests.Support;

/// <summary>Innermost handler: records the request line exactly as SocketsHttpHandler writes it (WireMock decodes paths).</summary>
public sealed class WireTap(HttpMessageHandler? inner = null) : DelegatingHandler(inner ?? new SocketsHttpHandler { AllowAutoRedirect = false })
{
    private static readonly HttpRequestOptionsKey<IRequestOption> SecurityKey = new(typeof(OperationSecurityOption).FullName!);
    private readonly List<string> _requestLines = [];
    private readonly List<bool?> _statedSecurity = [];

    /// <summary>Per request, what the caller stated about its operation's security (null when nothing was stated).</summary>
    public IReadOnlyList<bool?> StatedSecurity
    {
        get
        {
            lock (_requestLines)
            {
                return _statedSecurity.ToList();
            }
        }
    }

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
            _statedSecurity.Add(request.Options.TryGetValue(SecurityKey, out var stated) && stated is OperationSecurityOption security ? security.RequiresAuthentication : null);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
