using CustomerioTrack.Client;

namespace CustomerioTrack.Tools.Tests;

/// <summary>
/// With no region or base URL configured the client asks getRegion first; when that lookup fails the request itself is
/// not sent, and the result says so (sent: false; a split call's items are not_sent), for merge too.
/// </summary>
public sealed class RegionLookupFailureTests
{
    private const string Merge = """{"mode":"execute","request_body":{"primary":{"id":"1"},"secondary":{"id":"2"}}}""";
    private const string ThreeDeletes = """{"mode":"execute","request_body":{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"delete"},{"type":"person","identifiers":{"id":"2"},"action":"delete"},{"type":"person","identifiers":{"id":"3"},"action":"delete"}]}}""";

    [Fact]
    public async Task A_lookup_that_cannot_connect_is_retried_and_the_request_is_reported_not_sent()
    {
        var transport = new RefusingTransport();
        var tools = TrackTools.Create(TrackClientFactory.Create(
            new TrackClientOptions
            {
                SiteId = "site-123",
                ApiKey = "track-key-SECRET-9f8e7d",
                Retry = new TrackRetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(1) },
            },
            transport));

        var merge = await tools.InvokeAsync("MergeCustomerProfiles", Merge);
        var batch = await tools.InvokeAsync("BatchProcessRequests", ThreeDeletes);

        // Merge is never repeated after an ambiguous failure; here nothing was sent, so the lookup is asked again.
        Assert.Equal(6, transport.Requests.Count);
        Assert.All(transport.Requests, uri => Assert.Equal("https://track.customer.io/api/v1/accounts/region", uri.AbsoluteUri));
        foreach (var result in new[] { merge, batch })
        {
            Assert.True(result.IsError, result.ToJson());
            var error = result.Content["error"]!;
            Assert.Equal("transport_error", error["kind"]!.GetValue<string>());
            Assert.False(error["sent"]!.GetValue<bool>());
            Assert.StartsWith("Detecting the workspace's region (GET /api/v1/accounts/region) failed: ", error["message"]!.GetValue<string>());
            Assert.EndsWith(" The request was not sent; set the region explicitly (CUSTOMERIO_REGION=us|eu) to skip the lookup.", error["message"]!.GetValue<string>());
        }

        var counts = batch.Content["items"]!;
        Assert.Equal(0, counts["accepted"]!.GetValue<int>());
        Assert.Equal(0, counts["failed"]!.GetValue<int>());
        Assert.Equal(3, counts["not_sent"]!.GetValue<int>());
    }

    // Every connection is refused, as by a closed port.
    private sealed class RefusingTransport : HttpMessageHandler
    {
        public List<Uri> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add(request.RequestUri!);
            }

            throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (track.customer.io:443)",
                new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));
        }
    }
}
