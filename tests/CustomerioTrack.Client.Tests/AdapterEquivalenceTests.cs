using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CustomerioTrack.Client.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace CustomerioTrack.Client.Tests;

/// <summary>
/// Typed calls of a factory-built client skip Kiota's adapter (TrackRequestAdapter) unless Kiota's tracing is listened
/// to. Whatever the server answers, both ways must give the caller the same: the same request on the wire, the same
/// model, the same null, the same exception with the same status, message and headers. (Both read the answer with
/// TrackAnswerReader, Kiota's adapter through a response handler; Kiota's own reading gave no body for unmapped statuses.)
/// </summary>
public sealed class AdapterEquivalenceTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var call in new[] { "identify", "region", "batch", "form" })
        {
            foreach (var answer in Answers.Keys)
            {
                data.Add(call, answer);
            }
        }

        return data;
    }

    private static readonly Dictionary<string, Func<HttpResponseMessage>> Answers = new(StringComparer.Ordinal)
    {
        ["200 {}"] = () => Json(HttpStatusCode.OK, "{}"),
        ["200 model"] = () => Json(HttpStatusCode.OK, """{"region":"eu","url":"https://track-eu.customer.io","errors":[{"batch_index":2,"reason":"invalid","field":"identifiers","message":"bad id"}],"extra":{"a":[1,2]}}"""),
        ["200 empty json"] = () => Json(HttpStatusCode.OK, ""),
        ["200 no content type"] = () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent("{}"u8.ToArray()) },
        ["200 upper-case media type"] = () => Json(HttpStatusCode.OK, """{"region":"us"}""", "Application/JSON"),
        ["200 text"] = () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("ok", Encoding.UTF8, "text/plain") },
        ["200 malformed json"] = () => WithHeader(Json(HttpStatusCode.OK, "{not json"), "X-Request-Id", "r-2"),
        ["204"] = () => new HttpResponseMessage(HttpStatusCode.NoContent),
        ["207 errors"] = () => Json((HttpStatusCode)207, """{"errors":[{"batch_index":0,"reason":"required","field":"identifiers","message":"missing"}]}"""),
        ["400 mapped"] = () => Json(HttpStatusCode.BadRequest, """{"meta":{"error":"invalid id","errors":["id too long"]}}"""),
        ["400 v2 mapped"] = () => Json(HttpStatusCode.BadRequest, """{"errors":[{"reason":"invalid","field":"type","message":"unknown type"}]}"""),
        ["400 mapped, empty body"] = () => Json(HttpStatusCode.BadRequest, ""),
        ["400 mapped, not json"] = () => new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("bad", Encoding.UTF8, "text/plain") },
        ["400 mapped, malformed json"] = () => Json(HttpStatusCode.BadRequest, "{not json"),
        ["401 challenge"] = () => WithHeader(Json(HttpStatusCode.Unauthorized, """{"meta":{"error":"unauthorized"}}"""), "WWW-Authenticate", "Basic realm=\"track\""),
        ["429 retry-after"] = () => WithHeader(Json(HttpStatusCode.TooManyRequests, "{}"), "Retry-After", "7"),
        ["500 unmapped"] = () => WithHeader(new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("boom") }, "X-Request-Id", "r-1"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_typed_call_ends_as_it_would_through_Kiotas_adapter(string call, string answer)
    {
        var ours = await CallAsync(call, answer, kiotaOnly: false);
        var kiotas = await CallAsync(call, answer, kiotaOnly: true);

        Assert.Equal(kiotas.Request, ours.Request);
        Assert.Equal(kiotas.Outcome, ours.Outcome);
    }

    [Fact]
    public async Task The_comparison_sees_a_difference_when_there_is_one()
    {
        // Guards the test itself: two different answers must not describe the same.
        var model = await CallAsync("region", "200 model", kiotaOnly: false);
        var empty = await CallAsync("region", "200 {}", kiotaOnly: false);
        var mapped = await CallAsync("identify", "400 mapped", kiotaOnly: false);
        var unmapped = await CallAsync("identify", "500 unmapped", kiotaOnly: false);

        Assert.NotEqual(model.Outcome, empty.Outcome);
        Assert.NotEqual(mapped.Outcome, unmapped.Outcome);
        Assert.Contains("V1ErrorResponse", mapped.Outcome, StringComparison.Ordinal);
        Assert.Contains("X-Request-Id: r-1", unmapped.Outcome, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<(string Request, string Outcome)> CallAsync(string call, string answer, bool kiotaOnly)
    {
        var transport = new ScriptedTransport(Answers[answer]);
        var options = Support.TestClients.Options(new Uri("https://track.customer.io"));
        var client = TrackClientFactory.Create(options, transport);
        client.TrackAdapter!.KiotaOnly = kiotaOnly;
        string outcome;
        try
        {
            object? result = call switch
            {
                "identify" => await client.Api.V1.Customers["ann@example.com"].PutAsync(new IdentifyRequest { Email = "ann@example.com" }),
                "region" => await client.Api.V1.Accounts.Region.GetAsync(),
                "batch" => await client.Api.V2.Batch.PostAsync(new BatchRequest { Batch = [] }),
                "form" => await SubmitFormAsync(client),
                _ => throw new ArgumentOutOfRangeException(nameof(call)),
            };
            outcome = "result: " + await DescribeAsync(result);
        }
        catch (Exception exception)
        {
            var api = exception as ApiException;
            var headers = api?.ResponseHeaders.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key}: {string.Join(",", h.Value)}") ?? [];
            outcome = $"threw {exception.GetType().FullName} '{exception.Message}' (inner {exception.InnerException?.GetType().FullName}) status {api?.ResponseStatusCode} [{string.Join("; ", headers)}] {(exception is IParsable parsable ? await DescribeAsync(parsable) : "")}";
        }

        return (transport.Seen!, outcome);
    }

    private static async Task<object?> SubmitFormAsync(TrackApiClient client)
    {
        await client.Api.V1.Forms["signup"].Submit.PostAsync(new SubmitFormRequest { Data = new FormData { Email = "ann@example.com" } });
        return "(no content)";
    }

    private static async Task<string> DescribeAsync(object? result) => result switch
    {
        null => "null",
        IParsable parsable => parsable.GetType().Name + " " + await KiotaJsonSerializer.SerializeAsStringAsync(parsable),
        _ => result.ToString()!,
    };

    private static HttpResponseMessage Json(HttpStatusCode status, string body, string mediaType = "application/json")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return new HttpResponseMessage(status) { Content = content };
    }

    private static HttpResponseMessage WithHeader(HttpResponseMessage response, string name, string value)
    {
        response.Headers.TryAddWithoutValidation(name, value);
        return response;
    }

    private sealed class ScriptedTransport(Func<HttpResponseMessage> answer) : HttpMessageHandler
    {
        public string? Seen { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var headers = request.Headers.Select(h => $"{h.Key}: {string.Join(",", h.Value)}")
                .Concat(request.Content?.Headers.Select(h => $"content {h.Key}: {string.Join(",", h.Value)}") ?? [])
                .Order(StringComparer.Ordinal);
            Seen = $"{request.Method} {request.RequestUri!.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped)} {request.Version}\n"
                + string.Join("\n", headers) + "\n"
                + (request.Content is null ? "(no body)" : await request.Content.ReadAsStringAsync(cancellationToken));
            var response = answer();
            response.RequestMessage = request;
            return response;
        }
    }
}
