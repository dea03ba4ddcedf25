using System.Text;
using CustomerioTrack.Client;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace CustomerioTrack.Tools.Tests.Support;

/// <summary>A WireMock Track API stand-in plus a toolset pointed at it.</summary>
public sealed class TrackStub : IDisposable
{
    public const string SiteId = "site-123";
    public const string ApiKey = "track-key-SECRET-9f8e7d";

    public static readonly string ExpectedAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(SiteId + ":" + ApiKey));

    /// <param name="primaryHandler">What the wire tap hands requests to; a <see cref="SocketsHttpHandler"/> by default.</param>
    public TrackStub(int status = 200, string body = "{}", TrackToolsOptions? options = null, int maxRetries = 0, HttpMessageHandler? primaryHandler = null)
    {
        Server = WireMockServer.Start();
        Respond(status, body);
        Tap = new WireTap(primaryHandler);
        Client = TrackClientFactory.Create(
            new TrackClientOptions
            {
                SiteId = SiteId,
                ApiKey = ApiKey,
                BaseUrl = new Uri(Server.Url!),
                Retry = new TrackRetryOptions { MaxRetries = maxRetries, BaseDelay = TimeSpan.FromMilliseconds(1) },
            },
            Tap);
        Tools = TrackTools.Create(Client, options ?? new TrackToolsOptions { IncludeDisabledByDefault = true });
    }

    public WireMockServer Server { get; }

    public WireTap Tap { get; }

    public TrackApiClient Client { get; }

    public TrackToolset Tools { get; }

    public IReadOnlyList<IRequestMessage> Requests => Server.LogEntries.Select(e => e.RequestMessage).ToList();

    public void Respond(int status, string body, string contentType = "application/json", IDictionary<string, string>? headers = null)
    {
        Server.Reset();
        var response = Response.Create().WithStatusCode(status);
        if (body.Length > 0)
        {
            response = response.WithHeader("Content-Type", contentType).WithBody(body);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            response = response.WithHeader(name, value);
        }

        Server.Given(Request.Create().UsingAnyMethod()).RespondWith(response);
    }

    public static string? Header(IRequestMessage request, string name) =>
        request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    public void Dispose() => Server.Stop();
}
