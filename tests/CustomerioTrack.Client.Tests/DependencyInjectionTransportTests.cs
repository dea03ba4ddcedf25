using Microsoft.Extensions.DependencyInjection;

namespace CustomerioTrack.Client.Tests;

/// <summary>
/// A TrackApiClient injected into a singleton keeps its HttpClient, and with it one handler pipeline, for the life of the
/// app: IHttpClientFactory's handler rotation never reaches it. The transport itself must then recycle its connections,
/// as the factory's own client does (5 minutes), or a DNS change at Customer.io is never seen.
/// </summary>
public sealed class DependencyInjectionTransportTests
{
    [Fact]
    public void The_registered_transport_recycles_connections_and_leaves_redirects_to_the_pipeline()
    {
        var services = new ServiceCollection();
        services.AddCustomerioTrack(o =>
        {
            o.SiteId = "site-123";
            o.ApiKey = "key-456";
        });
        using var provider = services.BuildServiceProvider();

        HttpMessageHandler handler = provider.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(TrackServiceCollectionExtensions.HttpClientName);
        while (handler is DelegatingHandler delegating)
        {
            handler = delegating.InnerHandler!;
        }

        var transport = Assert.IsType<SocketsHttpHandler>(handler);
        Assert.False(transport.AllowAutoRedirect);
        Assert.InRange(transport.PooledConnectionLifetime, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
    }
}
