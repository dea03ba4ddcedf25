using System.Net;
using CustomerioTrack.Client.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Kiota.Abstractions;

namespace CustomerioTrack.Client.Tests;

/// <summary>What a host sees from <c>AddCustomerioTrack</c>: options checked at start, naming the setting as configured.</summary>
public sealed class DependencyInjectionValidationTests
{
    private const string SecretKey = "sk_live_9f8e7d6c5b4a";

    private static ServiceProvider FromConfiguration(Dictionary<string, string?> values, string section = "CustomerioTrack")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddCustomerioTrack(configuration.GetSection(section));
        return services.BuildServiceProvider();
    }

    private static OptionsValidationException StartupFailure(ServiceProvider provider) =>
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

    [Fact]
    public void MissingCredentials_FailAtStartup_NamingTheConfigurationKeys()
    {
        using var provider = FromConfiguration(new() { ["Customerio:Track:Region"] = "eu" }, "Customerio:Track");

        var error = StartupFailure(provider);

        Assert.Equal(
            [
                "Customerio:Track:SiteId is required: set it to the workspace's Site ID from Customer.io > Settings > API Credentials > Track API Keys.",
                "Customerio:Track:ApiKey is required: set it to a Track API key (not an App API key) from Customer.io > Settings > API Credentials > Track API Keys.",
            ],
            error.Failures);
    }

    [Fact]
    public void UnusableSettings_FailAtStartup_NamingEachKeyAndItsRule_WithoutTheKey()
    {
        using var provider = FromConfiguration(new()
        {
            ["CustomerioTrack:SiteId"] = "site-123",
            ["CustomerioTrack:ApiKey"] = SecretKey,
            ["CustomerioTrack:BaseUrl"] = "localhost:5000",
            ["CustomerioTrack:Timeout"] = "00:00:00",
            ["CustomerioTrack:Retry:MaxRetries"] = "2",
            ["CustomerioTrack:Retry:BaseDelay"] = "-00:00:01",
            ["CustomerioTrack:Retry:TotalBudget"] = "00:00:00.005",
        });

        var error = StartupFailure(provider);

        Assert.Equal(
            [
                "CustomerioTrack:BaseUrl 'localhost:5000' must be an absolute http or https URL.",
                "CustomerioTrack:Timeout must be positive (or infinite, -00:00:00.001); it is 00:00:00.",
                "CustomerioTrack:Retry:BaseDelay must be between 00:00:00 and 1.00:00:00; it is -00:00:01.",
                "CustomerioTrack:Retry:TotalBudget must be between 00:00:00.010 and 1.00:00:00 (or infinite, -00:00:00.001); it is 00:00:00.0050000.",
            ],
            error.Failures);
        Assert.DoesNotContain(SecretKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsSetInCode_AreNamedAsProperties()
    {
        var services = new ServiceCollection();
        services.AddCustomerioTrack(o =>
        {
            o.SiteId = "site-123";
            o.Retry.MaxRetries = -1;
        });
        using var provider = services.BuildServiceProvider();

        var error = StartupFailure(provider);

        Assert.Equal(
            [
                "TrackClientOptions.ApiKey is required: set it to a Track API key (not an App API key) from Customer.io > Settings > API Credentials > Track API Keys.",
                "TrackClientOptions.Retry.MaxRetries must be 0 (no retries) or more; it is -1.",
            ],
            error.Failures);
    }

    [Fact]
    public void ValidSettings_PassStartup()
    {
        using var provider = FromConfiguration(new()
        {
            ["CustomerioTrack:SiteId"] = "site-123",
            ["CustomerioTrack:ApiKey"] = SecretKey,
            ["CustomerioTrack:Region"] = "eu",
        });

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(TrackRegion.Eu, provider.GetRequiredService<IOptions<TrackClientOptions>>().Value.Region);
    }

    [Fact]
    public async Task RegisteringTwice_KeepsOnePipeline_AndAppliesBothConfigurations()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CustomerioTrack:SiteId"] = "site-123",
            ["CustomerioTrack:ApiKey"] = SecretKey,
            ["CustomerioTrack:BaseUrl"] = "http://track.test",
        }).Build();
        var transport = new CountingTransport();
        var services = new ServiceCollection();
        services.AddCustomerioTrack(configuration.GetSection("CustomerioTrack"));
        services.AddCustomerioTrack(o => o.Retry = new TrackRetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1) });
        services.AddHttpClient(TrackServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => transport);
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<TrackApiClient>();
        var error = await Assert.ThrowsAsync<TrackApiException>(() => client.Api.V1.Customers["ann"].PutAsync(new IdentifyRequest()));

        Assert.Equal(500, error.ResponseStatusCode);
        Assert.Equal(["CustomerioTrack/"], transport.UserAgents.Select(a => a[..16]).Distinct());
        Assert.Equal(2, transport.UserAgents.Count);
    }

    private sealed class CountingTransport : HttpMessageHandler
    {
        public List<string> UserAgents { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (UserAgents)
            {
                UserAgents.Add(string.Join(" ", request.Headers.GetValues("User-Agent")));
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError) { RequestMessage = request, Content = new StringContent("{}") });
        }
    }
}
