using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CustomerioTrack.Client;

/// <summary>Registers <see cref="TrackApiClient"/> with <see cref="IHttpClientFactory"/>.</summary>
public static class TrackServiceCollectionExtensions
{
    /// <summary>Name of the HTTP client registered with <see cref="IHttpClientFactory"/>.</summary>
    public const string HttpClientName = "CustomerioTrack";

    /// <summary>Registers the client with options bound from a configuration section (keys: SiteId, ApiKey, Region, BaseUrl, Timeout, UserAgent, Retry:*).</summary>
    public static IServiceCollection AddCustomerioTrack(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TrackClientOptions>().Bind(configuration);
        return services.AddCustomerioTrackCore();
    }

    /// <summary>Registers the client with options set in code.</summary>
    public static IServiceCollection AddCustomerioTrack(this IServiceCollection services, Action<TrackClientOptions> configure)
    {
        services.AddOptions<TrackClientOptions>().Configure(configure);
        return services.AddCustomerioTrackCore();
    }

    private static IServiceCollection AddCustomerioTrackCore(this IServiceCollection services)
    {
        services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigureAdditionalHttpMessageHandlers((handlers, provider) =>
            {
                var options = provider.GetRequiredService<IOptions<TrackClientOptions>>().Value;
                foreach (var handler in TrackClientFactory.CreateHandlers(options))
                {
                    handlers.Add(handler);
                }
            });
        services.TryAddTransient(provider =>
        {
            var options = provider.GetRequiredService<IOptions<TrackClientOptions>>().Value;
            var httpClient = provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
            return TrackClientFactory.Create(options, httpClient);
        });
        return services;
    }
}
