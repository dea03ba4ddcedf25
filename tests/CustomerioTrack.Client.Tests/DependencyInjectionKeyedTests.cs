using CustomerioTrack.Client.Models;
using CustomerioTrack.Client.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CustomerioTrack.Client.Tests;

/// <summary>Several workspaces in one host: each keyed client has its own options, credentials, pipeline and detected region.</summary>
public sealed class DependencyInjectionKeyedTests : IClassFixture<WireMockFixture>
{
    private const string RegionPath = "/api/v1/accounts/region";

    // "Basic " + base64 of "us-site:us-key" and "eu-site:eu-key", written out so the test does not reuse the product's encoding.
    private const string UsAuthorization = "Basic dXMtc2l0ZTp1cy1rZXk=";
    private const string EuAuthorization = "Basic ZXUtc2l0ZTpldS1rZXk=";

    private readonly WireMockFixture _fixture;

    public DependencyInjectionKeyedTests(WireMockFixture fixture)
    {
        _fixture = fixture;
        _fixture.Reset();
        _fixture.Server.Given(Request.Create().WithPath(RegionPath).UsingGet().WithHeader("Authorization", EuAuthorization)).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"url":"https://track-eu.customer.io","region":"eu"}"""));
        _fixture.Server.Given(Request.Create().WithPath(RegionPath).UsingGet().WithHeader("Authorization", UsAuthorization)).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"url":"https://track.customer.io","region":"us"}"""));
    }

    [Fact]
    public async Task Each_keyed_client_sends_with_its_own_credentials_to_its_own_detected_region()
    {
        var usTransport = RecordingHandler.RedirectingCustomerIoHostsTo(_fixture.BaseUrl);
        var euTransport = RecordingHandler.RedirectingCustomerIoHostsTo(_fixture.BaseUrl);
        var services = new ServiceCollection();
        services.AddCustomerioTrack("us", o => (o.SiteId, o.ApiKey) = ("us-site", "us-key"));
        services.AddCustomerioTrack("eu", o => (o.SiteId, o.ApiKey) = ("eu-site", "eu-key"));
        services.AddHttpClient(TrackServiceCollectionExtensions.HttpClientNameFor("us")).ConfigurePrimaryHttpMessageHandler(() => usTransport);
        services.AddHttpClient(TrackServiceCollectionExtensions.HttpClientNameFor("eu")).ConfigurePrimaryHttpMessageHandler(() => euTransport);
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        await provider.GetRequiredKeyedService<TrackApiClient>("eu").Api.V1.Customers["ann"].PutAsync(new IdentifyRequest { Email = "ann@example.com" });
        await provider.GetRequiredKeyedService<TrackApiClient>("us").Api.V1.Customers["bob"].PutAsync(new IdentifyRequest { Email = "bob@example.com" });
        await provider.GetRequiredKeyedService<TrackApiClient>("eu").Api.V1.Customers["cy"].DeleteAsync();

        Assert.Equal(
            [("GET", "track.customer.io", RegionPath, EuAuthorization), ("PUT", "track-eu.customer.io", "/api/v1/customers/ann", EuAuthorization), ("DELETE", "track-eu.customer.io", "/api/v1/customers/cy", EuAuthorization)],
            euTransport.Requests.Select(r => (r.Method, r.Host, r.PathAndQuery, r.Authorization)));
        Assert.Equal(
            [("GET", "track.customer.io", RegionPath, UsAuthorization), ("PUT", "track.customer.io", "/api/v1/customers/bob", UsAuthorization)],
            usTransport.Requests.Select(r => (r.Method, r.Host, r.PathAndQuery, r.Authorization)));
        Assert.Null(provider.GetService<TrackApiClient>());
    }

    [Fact]
    public void A_keyed_client_bound_from_configuration_is_validated_at_start_under_its_own_keys()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CustomerioTrack:SiteId"] = "us-site",
            ["CustomerioTrack:ApiKey"] = "us-key",
            ["Workspaces:Eu:SiteId"] = "eu-site",
            ["Workspaces:Eu:Region"] = "eu",
        }).Build();
        var services = new ServiceCollection();
        services.AddCustomerioTrack(configuration.GetSection("CustomerioTrack"));
        services.AddCustomerioTrack("eu", configuration.GetSection("Workspaces:Eu"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(
            ["Workspaces:Eu:ApiKey is required: set it to a Track API key (not an App API key) from Customer.io > Settings > API Credentials > Track API Keys."],
            error.Failures);
        Assert.Equal("us-site", provider.GetRequiredService<IOptions<TrackClientOptions>>().Value.SiteId);
    }

    [Fact]
    public void A_keyed_client_set_in_code_names_its_key_in_validation_failures()
    {
        var services = new ServiceCollection();
        services.AddCustomerioTrack("eu", o => o.ApiKey = "eu-key");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(
            ["TrackClientOptions.SiteId (client 'eu') is required: set it to the workspace's Site ID from Customer.io > Settings > API Credentials > Track API Keys."],
            error.Failures);
    }

    [Fact]
    public void Registering_a_key_twice_adds_to_its_options_and_keeps_one_pipeline()
    {
        var services = new ServiceCollection();
        services.AddCustomerioTrack("eu", o => o.SiteId = "eu-site");
        var count = services.Count;
        services.AddCustomerioTrack("eu", o => o.ApiKey = "eu-key");
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(count + 1, services.Count);
        var options = provider.GetRequiredService<IOptionsMonitor<TrackClientOptions>>().Get("eu");
        Assert.Equal(("eu-site", "eu-key"), (options.SiteId, options.ApiKey));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_blank_key_is_refused(string key)
    {
        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddCustomerioTrack(key, o => o.SiteId = "s"));

        Assert.StartsWith("A keyed Track client needs a non-blank key; use the overload without a key for the default client.", error.Message, StringComparison.Ordinal);
        Assert.Equal("key", error.ParamName);
    }
}
