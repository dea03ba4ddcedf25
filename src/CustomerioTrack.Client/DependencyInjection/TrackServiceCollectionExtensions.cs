using CustomerioTrack.Client.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CustomerioTrack.Client;

/// <summary>Registers <see cref="TrackApiClient"/> with <see cref="IHttpClientFactory"/>: one client, or one per workspace under a key.</summary>
/// <remarks>
/// The options are validated when the host starts (<c>ValidateOnStart</c>): a missing or unusable setting stops the
/// host with an <see cref="OptionsValidationException"/> naming the setting (e.g. <c>CustomerioTrack:ApiKey</c>), never
/// showing the key. Calling a method here more than once for the same client adds to its options without adding the
/// HTTP pipeline twice.
/// </remarks>
public static class TrackServiceCollectionExtensions
{
    /// <summary>Name of the HTTP client registered with <see cref="IHttpClientFactory"/> for the client without a key.</summary>
    public const string HttpClientName = "CustomerioTrack";

    /// <summary>Name of the HTTP client registered with <see cref="IHttpClientFactory"/> for the client under <paramref name="key"/>.</summary>
    public static string HttpClientNameFor(string key)
    {
        CheckKey(key);
        return HttpClientName + ":" + key;
    }

    /// <summary>Registers the client with options bound from a configuration section (keys: SiteId, ApiKey, Region, BaseUrl, Timeout, UserAgent, Retry:*).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the settings, usually <c>configuration.GetSection("CustomerioTrack")</c>.</param>
    public static IServiceCollection AddCustomerioTrack(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddCustomerioTrackCore(null, configuration);
    }

    /// <summary>Registers the client with options set in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    public static IServiceCollection AddCustomerioTrack(this IServiceCollection services, Action<TrackClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddCustomerioTrackCore(null, configure);
    }

    /// <summary>
    /// Registers a client for one workspace under <paramref name="key"/>, with options bound from a configuration
    /// section; resolve it with <c>GetRequiredKeyedService&lt;TrackApiClient&gt;(key)</c> or <c>[FromKeyedServices(key)]</c>.
    /// Each key has its own options, HTTP pipeline and detected region.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="key">The client's key, e.g. <c>"eu-workspace"</c>.</param>
    /// <param name="configuration">The section holding this workspace's settings.</param>
    public static IServiceCollection AddCustomerioTrack(this IServiceCollection services, string key, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        CheckKey(key);
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddCustomerioTrackCore(key, configuration);
    }

    /// <summary>Registers a client for one workspace under <paramref name="key"/>, with options set in code (see the overload taking configuration).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="key">The client's key, e.g. <c>"eu-workspace"</c>.</param>
    /// <param name="configure">Sets this workspace's options.</param>
    public static IServiceCollection AddCustomerioTrack(this IServiceCollection services, string key, Action<TrackClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        CheckKey(key);
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddCustomerioTrackCore(key, configure);
    }

    private static IServiceCollection AddCustomerioTrackCore(this IServiceCollection services, string? key, IConfiguration configuration)
    {
        services.AddOptions<TrackClientOptions>(OptionsName(key)).Bind(configuration);
        var sectionPath = configuration is IConfigurationSection section ? section.Path : string.Empty;
        return services.AddPipeline(key, TrackClientOptionsValidator.ForConfiguration(OptionsName(key), sectionPath));
    }

    private static IServiceCollection AddCustomerioTrackCore(this IServiceCollection services, string? key, Action<TrackClientOptions> configure)
    {
        services.AddOptions<TrackClientOptions>(OptionsName(key)).Configure(configure);
        return services.AddPipeline(key, TrackClientOptionsValidator.ForCode(OptionsName(key)));
    }

    private static IServiceCollection AddPipeline(this IServiceCollection services, string? key, TrackClientOptionsValidator validator)
    {
        // A second call for the same client must not stack a second set of handlers (two retry loops, two region lookups).
        if (services.Any(d => d.ServiceType == typeof(TrackClientRegistration) && d.ImplementationInstance is TrackClientRegistration r && r.Key == key))
        {
            return services;
        }

        var optionsName = OptionsName(key);
        var httpClientName = key is null ? HttpClientName : HttpClientNameFor(key);
        services.AddSingleton(new TrackClientRegistration(key));
        // A null service key registers and resolves the unkeyed service: one path for the default client and keyed ones.
        services.AddKeyedSingleton<DetectedRegion>(key);

        services.AddSingleton<IValidateOptions<TrackClientOptions>>(validator);
        services.AddOptions<TrackClientOptions>(optionsName).ValidateOnStart();
        services.AddHttpClient(httpClientName)
            // A client injected into a singleton keeps this transport for good (the factory's rotation never reaches it):
            // connections are recycled here, as in TrackClientFactory's own transport, so DNS changes are seen.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigureAdditionalHttpMessageHandlers((handlers, provider) =>
            {
                var options = provider.GetRequiredService<IOptionsMonitor<TrackClientOptions>>().Get(optionsName);
                var region = provider.GetRequiredKeyedService<DetectedRegion>(key);
                foreach (var handler in TrackClientFactory.CreateHandlers(options, region, TrackRetryLog.For(provider.GetService<ILoggerFactory>(), key)))
                {
                    handlers.Add(handler);
                }
            });
        services.TryAddKeyedTransient(key, (provider, _) => TrackClientFactory.Create(
            provider.GetRequiredService<IOptionsMonitor<TrackClientOptions>>().Get(optionsName),
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(httpClientName)));
        return services;
    }

    private static string OptionsName(string? key) => key ?? Options.DefaultName;

    private static void CheckKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new ArgumentException("A keyed Track client needs a non-blank key; use the overload without a key for the default client.", nameof(key));
        }
    }

    /// <summary>Marks the collection as already holding the pipeline of the client under <see cref="Key"/> (null: the default client).</summary>
    private sealed record TrackClientRegistration(string? Key);
}
