using System.Text;
using CustomerioTrack.Client;
using CustomerioTrack.Tools.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace CustomerioTrack.Tools.Tests;

/// <summary>The API key and the Basic header never appear in anything a tool produces, whatever goes wrong.</summary>
public sealed class SecretsTests
{
    private static readonly string Token = Convert.ToBase64String(Encoding.UTF8.GetBytes(TrackStub.SiteId + ":" + TrackStub.ApiKey));

    public static TheoryData<string, string> EveryTool => new()
    {
        { "UpdateOrAddPerson", """{"mode":"execute","person_identifier":"42","request_body":{"plan":"pro"}}""" },
        { "DeleteCustomer", """{"customer_identifier":"42"}""" },
        { "AddDeviceToCustomerProfile", """{"mode":"execute","unique_person_identifier":"42","request_body":{"device":{"id":"t","platform":"ios"}}}""" },
        { "RemoveCustomerDevice", """{"customer_identifier":"42","device_unique_id":"t"}""" },
        { "SuppressCustomerProfile", """{"unique_person_identifier":"42"}""" },
        { "UnsuppressCustomerProfile", """{"customer_identifier":"42"}""" },
        { "GlobalUnsubscribeUser", """{"delivery_id_for_unsubscription":"d"}""" },
        { "SendCustomerEvent", """{"mode":"execute","customer_identifier":"42","request_body":{"name":"x"}}""" },
        { "TrackAnonymousEvent", """{"mode":"execute","request_body":{"name":"x","anonymous_id":"a"}}""" },
        { "SubmitFormResponse", """{"mode":"execute","form_identifier":"f","request_body":{"data":{"id":"1"}}}""" },
        { "MergeCustomerProfiles", """{"mode":"execute","request_body":{"primary":{"id":"1"},"secondary":{"id":"2"}}}""" },
        { "ReportCustomMetrics", """{"mode":"execute","request_body":{"delivery_id":"d","metric":"opened"}}""" },
        { "AddPeopleToSegment", """{"mode":"execute","segment_identifier":1,"request_body":{"ids":["1"]}}""" },
        { "RemoveUserFromSegment", """{"mode":"execute","segment_identifier":1,"request_body":{"ids":["1"]}}""" },
        { "ManageEntity", """{"mode":"execute","request_body":{"type":"person","identifiers":{"id":"1"},"action":"delete"}}""" },
        { "BatchProcessRequests", """{"mode":"execute","request_body":{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"delete"}]}}""" },
        { "GetTrackApiRegion", "{}" },
    };

    [Theory]
    [MemberData(nameof(EveryTool))]
    public async Task No_path_leaks_the_key_or_the_basic_header(string tool, string arguments)
    {
        var produced = new List<string>();

        // Success, an API error that echoes the request's headers back, and a server that quotes the key in its body.
        using (var server = WireMockServer.Start())
        {
            var tools = Toolset(new Uri(server.Url!), null);
            server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200).WithBody("{}"));
            produced.Add((await tools.InvokeAsync(tool, arguments)).ToJson());
            server.Reset();
            server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(401)
                .WithBody("{\"meta\":{\"error\":\"bad credentials: {{request.headers.Authorization}} key " + TrackStub.ApiKey + "\"}}").WithTransformer());
            produced.Add((await tools.InvokeAsync(tool, arguments)).ToJson());
            server.Reset();
            server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(500).WithHeader("Content-Type", "text/html")
                .WithBody("<html>proxy error for Basic " + Token + "</html>"));
            produced.Add((await tools.InvokeAsync(tool, arguments)).ToJson());
        }

        // Exceptions deep in the HTTP stack whose messages carry the whole request, headers included.
        produced.Add((await Toolset(new Uri("http://deep.test"), new ThrowingHandler(r => new HttpRequestException("send failed: " + r))).InvokeAsync(tool, arguments)).ToJson());
        produced.Add((await Toolset(new Uri("http://deep.test"), new ThrowingHandler(r => new InvalidOperationException("bug with " + r.Headers.Authorization))).InvokeAsync(tool, arguments)).ToJson());
        produced.Add((await Toolset(new Uri("http://deep.test"), new ThrowingHandler(_ => new IOException("key=" + TrackStub.ApiKey))).InvokeAsync(tool, arguments)).ToJson());

        // Dry run.
        produced.Add((await Toolset(new Uri("http://deep.test"), new ThrowingHandler(_ => new InvalidOperationException("must not be called")), dryRun: true).InvokeAsync(tool, arguments)).ToJson());

        Assert.Equal(7, produced.Count);
        foreach (var text in produced)
        {
            Assert.DoesNotContain(TrackStub.ApiKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Token.TrimEnd('='), text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_server_echoing_the_key_encoded_gets_it_redacted_and_the_result_stays_valid_json()
    {
        // The key percent-encoded (both hex cases), base64, and JSON-escaped inside a JSON body (decoded when parsed); and
        // literally "\u00XX"-escaped in a text body, which the result must carry as text without breaking its JSON.
        var escaped = string.Concat(TrackStub.ApiKey.Select(c => "\\u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)));
        using var stub = new TrackStub(400, "{\"meta\":{\"errors\":[\"" + Uri.EscapeDataString(TrackStub.ApiKey) + "\",\"track-key%2dSECRET%2d9f8e7d\",\""
            + Convert.ToBase64String(Encoding.UTF8.GetBytes(TrackStub.ApiKey)) + "\",\"" + escaped + "\"]}}");

        var result = await stub.Tools.InvokeAsync("DeleteCustomer", """{"customer_identifier":"42"}""");

        Assert.Equal(
            """["[redacted]","[redacted]","[redacted]","[redacted]"]""",
            result.Content["error"]!["api_messages"]!.ToJsonString());

        stub.Respond(500, "key: " + escaped + " end", "text/plain");
        result = await stub.Tools.InvokeAsync("DeleteCustomer", """{"customer_identifier":"42"}""");

        Assert.Equal("key: [redacted] end", result.Content["error"]!["response_text"]!.GetValue<string>());
    }

    [Fact]
    public void Configuration_errors_and_options_never_show_the_key()
    {
        var options = new TrackClientOptions { SiteId = "", ApiKey = TrackStub.ApiKey };

        var exception = Assert.Throws<TrackConfigurationException>(() => TrackClientFactory.Create(options));

        Assert.DoesNotContain(TrackStub.ApiKey, exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(TrackStub.ApiKey, options.ToString(), StringComparison.Ordinal);
        Assert.Contains("CUSTOMERIO_SITE_ID", exception.Message, StringComparison.Ordinal);
    }

    private static TrackToolset Toolset(Uri baseUrl, HttpMessageHandler? primary, bool dryRun = false)
    {
        var client = TrackClientFactory.Create(
            new TrackClientOptions { SiteId = TrackStub.SiteId, ApiKey = TrackStub.ApiKey, BaseUrl = baseUrl, Retry = new TrackRetryOptions { MaxRetries = 0 } },
            primary);
        return TrackTools.Create(client, new TrackToolsOptions { DryRun = dryRun });
    }

    private sealed class ThrowingHandler(Func<HttpRequestMessage, Exception> failure) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw failure(request);
    }
}
