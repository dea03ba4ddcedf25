using CustomerioTrack.Client.Tests.Support;
using Microsoft.Kiota.Abstractions;

namespace CustomerioTrack.Client.Tests;

/// <summary>Credentials go only to Customer.io's Track hosts (https, default port) or the configured base URL.</summary>
public sealed class AuthenticationTests
{
    private static readonly Uri Configured = new("http://localhost:5055");

    private static async Task<string?> AuthorizationFor(string url, Method method = Method.PUT, Uri? configured = null, OperationSecurityOption? stated = null)
    {
        var provider = new TrackBasicAuthenticationProvider(Credentials.SiteId, Credentials.ApiKey, configured);
        var request = new RequestInformation { HttpMethod = method, URI = new Uri(url) };
        if (stated is not null)
        {
            request.AddRequestOptions([stated]);
        }

        await provider.AuthenticateRequestAsync(request);
        return request.Headers.TryGetValue("Authorization", out var values) ? Assert.Single(values) : null;
    }

    [Theory]
    [InlineData("https://track.customer.io/api/v1/customers/1")]
    [InlineData("https://track-eu.customer.io/api/v1/customers/1")]
    [InlineData("https://TRACK.customer.io/api/v1/customers/1")]
    [InlineData("https://track.customer.io:443/api/v1/customers/1")]
    public async Task CustomerIoTrackHosts_ReceiveBasicCredentials(string url)
    {
        Assert.Equal(Credentials.ExpectedAuthorization, await AuthorizationFor(url));
    }

    [Theory]
    [InlineData("http://track.customer.io/api/v1/customers/1")]
    [InlineData("https://evil.example/api/v1/customers/1")]
    [InlineData("https://track.customer.io.evil.example/api/v1/customers/1")]
    [InlineData("https://eviltrack.customer.io/api/v1/customers/1")]
    [InlineData("https://track.customer.io:8443/api/v1/customers/1")]
    [InlineData("https://api.customer.io/v1/customers/1")]
    [InlineData("https://track-sdk.customer.io/api/v1/customers/1")]
    public async Task OtherHosts_ReceiveNothing(string url)
    {
        Assert.Null(await AuthorizationFor(url));
    }

    [Fact]
    public async Task ConfiguredBaseUrl_ReceivesCredentials_OnItsSchemeHostAndPortOnly()
    {
        Assert.Equal(Credentials.ExpectedAuthorization, await AuthorizationFor("http://localhost:5055/api/v1/customers/1", configured: Configured));
        Assert.Equal(Credentials.ExpectedAuthorization, await AuthorizationFor("http://LOCALHOST:5055/api/v2/entity", Method.POST, Configured));
        Assert.Null(await AuthorizationFor("http://localhost:5056/api/v1/customers/1", configured: Configured));
        Assert.Null(await AuthorizationFor("https://localhost:5055/api/v1/customers/1", configured: Configured));
        Assert.Null(await AuthorizationFor("http://127.0.0.1:5055/api/v1/customers/1", configured: Configured));
        Assert.Null(await AuthorizationFor("http://localhost:5055/api/v1/customers/1"));
        // The Customer.io hosts stay allowed alongside a configured one.
        Assert.Equal(Credentials.ExpectedAuthorization, await AuthorizationFor("https://track-eu.customer.io/api/v1/customers/1", configured: Configured));
    }

    [Theory]
    [InlineData("https://track.customer.io/unsubscribe/dlv1")]
    [InlineData("https://track.customer.io/unsubscribe/dlv%2F1")]
    [InlineData("https://track.customer.io/api/v1/metrics")]
    [InlineData("https://track.customer.io/api/v1/push/events")]
    [InlineData("http://localhost:5055/api/v1/metrics")]
    public async Task AnonymousOperations_ReceiveNothingEvenOnAllowedHosts(string url)
    {
        Assert.Null(await AuthorizationFor(url, Method.POST, Configured));
    }

    // Requests built from the description (the tools) say what their operation needs; the path list is not consulted.
    [Theory]
    [InlineData("https://track.customer.io/api/v1/customers/1/subscription_preferences/7")]
    [InlineData("https://track.customer.io/api/v1/customers/1")]
    public async Task AnOperationStatedAnonymous_ReceivesNothing_WhateverItsPath(string url)
    {
        Assert.Null(await AuthorizationFor(url, Method.POST, stated: OperationSecurityOption.Anonymous));
        Assert.Equal(Credentials.ExpectedAuthorization, await AuthorizationFor(url, Method.POST));
    }

    [Fact]
    public async Task AnOperationStatedAuthenticated_ReceivesCredentials_EvenOnAListedAnonymousPath()
    {
        Assert.Equal(Credentials.ExpectedAuthorization,
            await AuthorizationFor("https://track.customer.io/api/v1/metrics", Method.POST, stated: OperationSecurityOption.Authenticated));
        Assert.Null(await AuthorizationFor("https://track.customer.io/api/v1/metrics", Method.POST));
    }

    [Fact]
    public async Task AStatedOperation_StillSendsNothingToOtherHosts()
    {
        Assert.Null(await AuthorizationFor("https://evil.example/api/v1/customers/1", stated: OperationSecurityOption.Authenticated));
    }

    [Fact]
    public async Task ExistingAuthorizationHeader_IsNotReplaced()
    {
        var provider = new TrackBasicAuthenticationProvider(Credentials.SiteId, Credentials.ApiKey);
        var request = new RequestInformation { HttpMethod = Method.GET, URI = new Uri("https://track.customer.io/api/v1/accounts/region") };
        request.Headers.Add("Authorization", "Basic b3RoZXI6b3RoZXI=");

        await provider.AuthenticateRequestAsync(request);

        Assert.Equal("Basic b3RoZXI6b3RoZXI=", Assert.Single(request.Headers["Authorization"]));
    }

    [Fact]
    public void UnicodeCredentials_AreEncodedAsUtf8()
    {
        var provider = new TrackBasicAuthenticationProvider("sité", "kéy");
        // base64("sité:kéy") in UTF-8
        Assert.Equal("Basic c2l0w6k6a8OpeQ==", provider.HeaderValue);
    }

    [Fact]
    public void WouldAuthenticate_FollowsTheSameRules()
    {
        var client = TrackClientFactory.Create(TestClients.Options(Configured), new RecordingHandler());

        Assert.True(client.WouldAuthenticate(new Uri("https://track.customer.io/api/v1/customers/1"), operationRequiresAuthentication: true));
        Assert.True(client.WouldAuthenticate(new Uri("http://localhost:5055/api/v1/customers/1"), operationRequiresAuthentication: true));
        Assert.False(client.WouldAuthenticate(new Uri("https://track.customer.io/unsubscribe/1"), operationRequiresAuthentication: false));
        Assert.False(client.WouldAuthenticate(new Uri("https://evil.example/api/v1/customers/1"), operationRequiresAuthentication: true));
        Assert.False(client.WouldAuthenticate(new Uri("http://localhost:5056/api/v1/customers/1"), operationRequiresAuthentication: true));
    }

    [Fact]
    public void Redact_RemovesTheKeyAndTheBasicCredentialsInEveryForm()
    {
        const string key = "sk_live_9f8e7d6c5b4a";
        var provider = new TrackBasicAuthenticationProvider("site-id", key);
        var token = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("site-id:" + key));
        var text = $"key={key} header=Basic {token} token={token} unpadded={token.TrimEnd('=')} site=site-id";

        var redacted = provider.Redact(text);

        Assert.DoesNotContain(key, redacted, StringComparison.Ordinal);
        Assert.DoesNotContain(token.TrimEnd('='), redacted, StringComparison.Ordinal);
        Assert.Equal("key=[redacted] header=[redacted] token=[redacted] unpadded=[redacted] site=site-id", redacted);
    }

    [Fact]
    public void Redact_LeavesTextWithoutSecretsAlone()
    {
        var provider = new TrackBasicAuthenticationProvider(Credentials.SiteId, "sk_live_9f8e7d6c5b4a");
        Assert.Equal("nothing secret here: api-key", provider.Redact("nothing secret here: api-key"));
    }
}
