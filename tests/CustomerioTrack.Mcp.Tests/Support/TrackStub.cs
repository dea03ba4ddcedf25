using System.Collections;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace CustomerioTrack.Mcp.Tests.Support;

/// <summary>A WireMock stand-in for the Track API and the environment that points the server at it.</summary>
public sealed class TrackStub : IDisposable
{
    public const string SiteId = "site-123";
    public const string ApiKey = "track-key-SECRET-9f8e7d";

    public TrackStub(int status = 200, string body = """{"ok":true}""")
    {
        Server = WireMockServer.Start();
        Respond(status, body);
    }

    public WireMockServer Server { get; }

    public string Url => Server.Url!;

    public IReadOnlyList<IRequestMessage> Requests => Server.LogEntries.Select(e => e.RequestMessage).ToList();

    /// <summary>"METHOD /path" of every request received, in order.</summary>
    public IReadOnlyList<string> RequestLines => Requests.Select(r => $"{r.Method} {r.AbsolutePath}").ToList();

    public void Respond(int status, string body)
    {
        Server.Reset();
        Server.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
    }

    /// <summary>CUSTOMERIO_* variables for this stub (credentials included unless <paramref name="credentials"/> is false).</summary>
    public Hashtable Environment(bool credentials = true)
    {
        var environment = new Hashtable { ["CUSTOMERIO_TRACK_URL"] = Url };
        if (credentials)
        {
            environment["CUSTOMERIO_SITE_ID"] = SiteId;
            environment["CUSTOMERIO_API_KEY"] = ApiKey;
        }

        return environment;
    }

    public static string? Header(IRequestMessage request, string name) =>
        request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    public void Dispose() => Server.Stop();
}
