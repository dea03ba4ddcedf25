using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace CustomerioTrack.Client.Tests.Support;

/// <summary>One WireMock server per test class (tests within a class run one at a time; call <see cref="Reset"/> first).</summary>
public sealed class WireMockFixture : IDisposable
{
    public WireMockServer Server { get; } = WireMockServer.Start();

    public Uri BaseUrl => new(Server.Url!);

    /// <summary>Clears mappings and the request log, then answers anything with 200 <c>{}</c> (application/json).</summary>
    public void Reset()
    {
        Server.Reset();
        Server.Given(Request.Create().UsingAnyMethod())
            .AtPriority(1000)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{}"));
    }

    /// <summary>The single request the server received.</summary>
    public IRequestMessage SingleRequest() => Assert.Single(Server.LogEntries).RequestMessage;

    public void Dispose() => Server.Dispose();
}

public static class TestClients
{
    /// <summary>Options pointing at <paramref name="baseUrl"/> with the test credentials and no retries.</summary>
    public static TrackClientOptions Options(Uri? baseUrl) => new()
    {
        SiteId = Credentials.SiteId,
        ApiKey = Credentials.ApiKey,
        BaseUrl = baseUrl,
        Retry = new TrackRetryOptions { MaxRetries = 0 },
    };

    /// <summary>Registers the client with <see cref="Options"/>'s settings in code (the registration's own transport).</summary>
    public static void Register(Microsoft.Extensions.DependencyInjection.IServiceCollection services, Uri baseUrl) =>
        services.AddCustomerioTrack(o =>
        {
            var options = Options(baseUrl);
            o.SiteId = options.SiteId;
            o.ApiKey = options.ApiKey;
            o.BaseUrl = options.BaseUrl;
            o.Retry = options.Retry;
        });

    public static TrackApiClient Create(Uri baseUrl, HttpMessageHandler primaryHandler, Action<TrackClientOptions>? configure = null)
    {
        var options = Options(baseUrl);
        configure?.Invoke(options);
        return TrackClientFactory.Create(options, primaryHandler);
    }
}
