using System.Net;
using CustomerioTrack.Client;
using CustomerioTrack.Tools.Tests.Support;

namespace CustomerioTrack.Tools.Tests;

/// <summary>Hints that depend on where the request went and what the status means.</summary>
public sealed class ApiHintTests
{
    private const string Credentials = "The credentials were not accepted. Use the workspace's Site ID together with a Track API key (Customer.io: Settings > API Credentials > Track API Keys); an App API key does not work with the Track API.";

    [Theory]
    [InlineData(TrackRegion.Us, "https://track.customer.io/api/v1/customers/42")]
    [InlineData(TrackRegion.Eu, "https://track-eu.customer.io/api/v1/customers/42")]
    public async Task A_401_from_a_customer_io_track_host_suggests_the_region(TrackRegion region, string uri)
    {
        var handler = new Answering(HttpStatusCode.Unauthorized);
        var client = TrackClientFactory.Create(new TrackClientOptions { SiteId = TrackStub.SiteId, ApiKey = TrackStub.ApiKey, Region = region, Retry = new TrackRetryOptions { MaxRetries = 0 } }, handler);

        var result = await TrackTools.Create(client).InvokeAsync("DeleteCustomer", """{"customer_identifier":"42"}""");

        Assert.Equal(["DELETE " + uri], handler.Requests);
        Assert.Equal(
            Credentials + " If the workspace is in the EU, set CUSTOMERIO_REGION=eu, or leave it unset so the region is detected.",
            result.Content["error"]!["hint"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_401_from_a_configured_url_points_at_the_credentials_and_the_url_not_the_region()
    {
        using var stub = new TrackStub(401, "");

        var result = await stub.Tools.InvokeAsync("DeleteCustomer", """{"customer_identifier":"42"}""");

        var authority = new Uri(stub.Server.Url!).GetLeftPart(UriPartial.Authority);
        Assert.Equal(
            Credentials + $" The request went to the configured URL ({authority}), not to a Customer.io Track host: check the credentials and that the URL (CUSTOMERIO_TRACK_URL or BaseUrl) is the one intended.",
            result.Content["error"]!["hint"]!.GetValue<string>());
        Assert.Equal(["DELETE /api/v1/customers/42"], stub.Tap.RequestLines);
    }

    [Fact]
    public async Task A_501_says_the_server_does_not_implement_the_operation_and_retrying_will_not_help()
    {
        using var stub = new TrackStub(501, "");

        var result = await stub.Tools.InvokeAsync("DeleteCustomer", """{"customer_identifier":"42"}""");

        Assert.Equal(
            """{"error":{"kind":"api_error","status_code":501,"message":"Customer.io answered 501 to DeleteCustomer.","hint":"The server that answered does not implement this operation; retrying will not help."}}""",
            result.ToJson());
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Other_5xx_answers_stay_temporary(int status)
    {
        using var stub = new TrackStub(status, "");

        var result = await stub.Tools.InvokeAsync("DeleteCustomer", """{"customer_identifier":"42"}""");

        Assert.Equal("A temporary problem on Customer.io's side; retrying later should work.", result.Content["error"]!["hint"]!.GetValue<string>());
    }

    private sealed class Answering(HttpStatusCode status) : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.Method.Method + " " + request.RequestUri!.AbsoluteUri);
            return Task.FromResult(new HttpResponseMessage(status) { RequestMessage = request, Content = new StringContent("") });
        }
    }
}
