using CustomerioTrack.Client.Models;
using CustomerioTrack.Client.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CustomerioTrack.Client.Tests;

public sealed class ConfigurationTests : IClassFixture<WireMockFixture>
{
    private const string SecretKey = "sk_live_9f8e7d6c5b4a";

    private readonly WireMockFixture _fixture;

    public ConfigurationTests(WireMockFixture fixture)
    {
        _fixture = fixture;
        _fixture.Reset();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void MissingSiteId_NamesCustomerioSiteId_NotTheKey(string? siteId)
    {
        var error = Assert.Throws<TrackConfigurationException>(() =>
            TrackClientFactory.Create(new TrackClientOptions { SiteId = siteId, ApiKey = SecretKey }));

        Assert.Contains("CUSTOMERIO_SITE_ID", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("CUSTOMERIO_API_KEY", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void MissingApiKey_NamesCustomerioApiKey(string? apiKey)
    {
        var error = Assert.Throws<TrackConfigurationException>(() =>
            TrackClientFactory.Create(new TrackClientOptions { SiteId = "site-123", ApiKey = apiKey }));

        Assert.Contains("CUSTOMERIO_API_KEY", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("CUSTOMERIO_SITE_ID", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", " ")]
    public void BothMissing_NamesBoth(string? siteId, string? apiKey)
    {
        var error = Assert.Throws<TrackConfigurationException>(() =>
            TrackClientFactory.Create(new TrackClientOptions { SiteId = siteId, ApiKey = apiKey }));

        Assert.Contains("CUSTOMERIO_SITE_ID", error.Message, StringComparison.Ordinal);
        Assert.Contains("CUSTOMERIO_API_KEY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherConfigurationErrors_NeverShowTheKey()
    {
        var relative = Assert.Throws<TrackConfigurationException>(() => TrackClientFactory.Create(
            new TrackClientOptions { SiteId = "site-123", ApiKey = SecretKey, BaseUrl = new Uri("/relative", UriKind.Relative) }));
        var ftp = Assert.Throws<TrackConfigurationException>(() => TrackClientFactory.Create(
            new TrackClientOptions { SiteId = "site-123", ApiKey = SecretKey, BaseUrl = new Uri("ftp://track.example") }));
        var timeout = Assert.Throws<TrackConfigurationException>(() => TrackClientFactory.Create(
            new TrackClientOptions { SiteId = "site-123", ApiKey = SecretKey, Timeout = TimeSpan.Zero }));

        foreach (var error in new[] { relative, ftp, timeout })
        {
            Assert.DoesNotContain(SecretKey, error.ToString(), StringComparison.Ordinal);
        }

        Assert.Contains("ftp://track.example", ftp.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_base_url_with_user_info_is_refused_without_quoting_it()
    {
        var options = new TrackClientOptions { SiteId = "site-123", ApiKey = SecretKey, BaseUrl = new Uri("https://site-123:" + SecretKey + "@proxy.example:8443/track") };

        var error = Assert.Throws<TrackConfigurationException>(() => TrackClientFactory.Create(options));

        Assert.Equal(
            "TrackClientOptions.BaseUrl https://proxy.example:8443/track must not contain user info (the part before '@'): the Site ID and API key go in SiteId and ApiKey, and a URL is written to logs and messages.",
            error.Message);
        Assert.Equal(
            "TrackClientOptions { SiteId = site-123, ApiKey = (set), Region = (detect), BaseUrl = https://proxy.example:8443/track }",
            options.ToString());
    }

    [Fact]
    public void OptionsToString_NeverContainsTheKey()
    {
        var options = new TrackClientOptions { SiteId = "site-123", ApiKey = SecretKey, Region = TrackRegion.Eu, BaseUrl = new Uri("http://localhost:1234") };

        var text = options.ToString();

        Assert.DoesNotContain(SecretKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey[..6], text, StringComparison.Ordinal);
        Assert.Contains("site-123", text, StringComparison.Ordinal);
        Assert.Contains("(set)", text, StringComparison.Ordinal);
        Assert.Contains("(none)", new TrackClientOptions().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CredentialsAreTrimmed()
    {
        var provider = TrackClientFactory.CreateAuthenticationProvider(new TrackClientOptions { SiteId = " site-id ", ApiKey = "api-key\n" });
        Assert.Equal(Credentials.ExpectedAuthorization, provider.HeaderValue);
    }

    [Theory]
    [InlineData(null, "https://track.customer.io/")]
    [InlineData(TrackRegion.Us, "https://track.customer.io/")]
    [InlineData(TrackRegion.Eu, "https://track-eu.customer.io/")]
    public void RegionSelectsTheHost(TrackRegion? region, string expected)
    {
        Assert.Equal(new Uri(expected), TrackClientFactory.ResolveBaseUrl(new TrackClientOptions { Region = region }));
        var client = TrackClientFactory.Create(new TrackClientOptions { SiteId = "s", ApiKey = "k", Region = region }, new RecordingHandler());
        Assert.Equal(expected.TrimEnd('/'), client.BaseUrl);
    }

    [Fact]
    public async Task DependencyInjection_BindsTheSectionAndSendsToTheConfiguredBaseUrl()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CustomerioTrack:SiteId"] = Credentials.SiteId,
                ["CustomerioTrack:ApiKey"] = Credentials.ApiKey,
                ["CustomerioTrack:BaseUrl"] = _fixture.Server.Url,
                ["CustomerioTrack:Timeout"] = "00:00:05",
                ["CustomerioTrack:Retry:MaxRetries"] = "0",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddCustomerioTrack(configuration.GetSection("CustomerioTrack"));
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<TrackApiClient>();
        await client.Api.V1.Customers["cio_abc123"].PutAsync(new IdentifyRequest { Email = "a+b@x.io" });

        Assert.Equal(_fixture.Server.Url, client.BaseUrl);
        var message = _fixture.SingleRequest();
        Assert.Equal("PUT", message.Method);
        Assert.Equal("/api/v1/customers/cio_abc123", message.Path);
        Assert.Equal(Credentials.ExpectedAuthorization, Headers.Single(message, "Authorization"));
        Assert.Equal(TrackUserAgent.Default, Headers.Single(message, "User-Agent"));
        JsonAssert.Equal("""{"email":"a+b@x.io"}""", Headers.Body(message));
    }

    [Fact]
    public async Task DependencyInjection_WithCodeOptions_SendsNoCredentialsToAnonymousOperations()
    {
        var services = new ServiceCollection();
        TestClients.Register(services, _fixture.BaseUrl);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<TrackApiClient>().Unsubscribe["dlv1"].PostAsync(new UnsubscribeRequest { Unsubscribe = true });

        var message = _fixture.SingleRequest();
        Assert.Equal("/unsubscribe/dlv1", message.Path);
        Assert.Null(Headers.Get(message, "Authorization"));
    }

    [Fact]
    public void DependencyInjection_MissingKey_FailsOnResolveWithTheConfigurationError()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["CustomerioTrack:SiteId"] = "site-123" })
            .Build();
        var services = new ServiceCollection();
        services.AddCustomerioTrack(configuration.GetSection("CustomerioTrack"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<TrackApiClient>());
        Assert.Contains("CustomerioTrack:ApiKey is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FactoryErrors_NameTheOptionAndTheRule()
    {
        var timeout = Assert.Throws<TrackConfigurationException>(() => TrackClientFactory.Create(
            new TrackClientOptions { SiteId = "site-123", ApiKey = SecretKey, Timeout = TimeSpan.Zero }));
        var retry = Assert.Throws<TrackConfigurationException>(() => TrackClientFactory.Create(
            new TrackClientOptions { SiteId = "site-123", ApiKey = SecretKey, Retry = new TrackRetryOptions { BaseDelay = TimeSpan.FromSeconds(-1), MaxDelay = TimeSpan.FromDays(2) } }));

        Assert.Equal("TrackClientOptions.Timeout must be positive (or infinite, -00:00:00.001); it is 00:00:00.", timeout.Message);
        Assert.Equal(
            "TrackClientOptions.Retry.BaseDelay must be between 00:00:00 and 1.00:00:00; it is -00:00:01. "
            + "TrackClientOptions.Retry.MaxDelay must be between 00:00:00 and 1.00:00:00; it is 2.00:00:00.",
            retry.Message);
    }
}
