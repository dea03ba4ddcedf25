using CustomerioTrack.Client.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CustomerioTrack.Client;

/// <summary>Registers <see cref="TrackApiClient"/> with <see cref="IHttpClientFactory"/>.</summary>
/// <remarks>
/// The options are validated when the host starts (<c>ValidateOnStart</c>): a missing or unusable setting stops the
/// host with an <see cref="OptionsValidationException"/> naming the setting (e.g. <c>CustomerioTrack:ApiKey</c>), never
/// showing the key. Calling a method here more than once adds to the options without adding the HTTP pipeline twice.
/// </remarks>
public static class TrackServiceCollectionExtensions
{
    /// <summary>Name of the HTTP client registered with <see cref="IHttpClientFactory"/>.</summary>
    public const string HttpClientName = "CustomerioTrack";

    /// <summary>Registers the client with options bound from a configuration section (keys: SiteId, ApiKey, Region, BaseUrl, Timeout, UserAgent, Retry:*).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the settings, usually <c>configuration.GetSection("CustomerioTrack")</c>.</param>
    public static IServiceCollection AddCustomerioTrack(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TrackClientOptions>().Bind(configuration);
        var sectionPath = configuration is IConfigurationSection section ? section.Path : string.Empty;
        return services.AddCustomerioTrackCore(TrackClientOptionsValidator.ForConfiguration(sectionPath));
    }

    /// <summary>Registers the client with options set in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    public static IServiceCollection AddCustomerioTrack(this IServiceCollection services, Action<TrackClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<TrackClientOptions>().Configure(configure);
        return services.AddCustomerioTrackCore(TrackClientOptionsValidator.ForCode());
    }

    private static IServiceCollection AddCustomerioTrackCore(this IServiceCollection services, TrackClientOptionsValidator validator)
    {
        // A second call must not stack a second set of handlers (two retry loops, two region lookups) on the client.
        if (services.Any(d => d.ServiceType == typeof(TrackClientRegistration)))
        {
            return services;
        }

        services.AddSingleton<TrackClientRegistration>();
        services.AddSingleton<DetectedRegion>();
        services.AddSingleton<IValidateOptions<TrackClientOptions>>(validator);
        services.AddOptions<TrackClientOptions>().ValidateOnStart();
        services.AddHttpClient(HttpClientName)
            // A client injected into a singleton keeps this transport for good (the factory's rotation never reaches it):
            // connections are recycled here, as in TrackClientFactory's own transport, so DNS changes are seen.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigureAdditionalHttpMessageHandlers((handlers, provider) =>
            {
                var options = provider.GetRequiredService<IOptions<TrackClientOptions>>().Value;
                foreach (var handler in TrackClientFactory.CreateHandlers(options, provider.GetRequiredService<DetectedRegion>()))
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

    /// <summary>Marks the collection as already holding the client's pipeline.</summary>
    private sealed class TrackClientRegistration;
}
