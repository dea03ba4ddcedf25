using CustomerioTrack.Client.Models;
using CustomerioTrack.Client.Tests.Support;
using Microsoft.Kiota.Abstractions;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CustomerioTrack.Client.Tests;

/// <summary>What the typed builders return or throw for each documented answer.</summary>
public sealed class ResponseHandlingTests : IClassFixture<WireMockFixture>
{
    private readonly WireMockFixture _fixture;
    private readonly TrackApiClient _client;

    public ResponseHandlingTests(WireMockFixture fixture)
    {
        _fixture = fixture;
        _fixture.Reset();
        _client = TestClients.Create(fixture.BaseUrl, new RecordingHandler());
    }

    private void Answer(string path, int status, string? json, string method = "POST")
    {
        var response = Response.Create().WithStatusCode(status);
        if (json is not null)
        {
            response = response.WithHeader("Content-Type", "application/json").WithBody(json);
        }

        _fixture.Server.Given(Request.Create().WithPath(path).UsingMethod(method)).AtPriority(1).RespondWith(response);
    }

    [Fact]
    public async Task Ok_EmptyObject_ReturnsTypedEmptyResponse()
    {
        var result = await _client.Api.V1.Customers["cio_1"].PutAsync(new IdentifyRequest { Email = "a@x.io" });

        var empty = Assert.IsType<EmptyResponse>(result);
        Assert.Empty(empty.AdditionalData);
    }

    [Fact]
    public async Task GetRegion_ParsesUrlRegionAndEnvironmentId()
    {
        Answer("/api/v1/accounts/region", 200, """{"url":"https://track-eu.customer.io","region":"eu","environment_id":123456}""", "GET");

        var region = await _client.Api.V1.Accounts.Region.GetAsync();

        Assert.NotNull(region);
        Assert.Equal(RegionResponse_url.HttpsTrackEuCustomerIo, region.Url);
        Assert.Equal(RegionResponse_region.Eu, region.Region);
        Assert.Equal(123456, region.EnvironmentId);
    }

    [Fact]
    public async Task SubmitForm_204WithoutBody_Completes()
    {
        Answer("/api/v1/forms/f1/submit", 204, json: null);

        await _client.Api.V1.Forms["f1"].Submit.PostAsync(new SubmitFormRequest { Data = new FormData { Email = "a@x.io" } });

        Assert.Equal(204, _fixture.Server.LogEntries.Single().ResponseMessage.StatusCode);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(207)]
    public async Task Batch_ErrorsAreReadable(int status)
    {
        Answer("/api/v2/batch", status, """
            {"errors":[{"batch_index":1,"reason":"invalid","field":"identifiers","message":"must have exactly one identifier"},
                       {"batch_index":3,"reason":"required","field":"name","message":"name is required"}]}
            """);

        var response = await _client.Api.V2.Batch.PostAsync(new BatchRequest { Batch = [] });

        Assert.NotNull(response?.Errors);
        Assert.Collection(
            response.Errors,
            e =>
            {
                Assert.Equal(1, e.BatchIndex);
                Assert.Equal("invalid", e.Reason);
                Assert.Equal("identifiers", e.Field);
                Assert.Equal("must have exactly one identifier", e.Message);
            },
            e =>
            {
                Assert.Equal(3, e.BatchIndex);
                Assert.Equal("required", e.Reason);
                Assert.Equal("name", e.Field);
                Assert.Equal("name is required", e.Message);
            });
    }

    [Fact]
    public async Task Batch_200EmptyObject_HasNoErrors()
    {
        Answer("/api/v2/batch", 200, "{}");
        var response = await _client.Api.V2.Batch.PostAsync(new BatchRequest { Batch = [] });
        Assert.NotNull(response);
        Assert.True(response.Errors is null or { Count: 0 });
    }

    [Fact]
    public async Task V1_400_WithMetaError_ThrowsV1ErrorResponse()
    {
        Answer("/api/v1/customers/cio_1", 400, """{"meta":{"error":"name cannot be blank"}}""", "PUT");

        var error = await Assert.ThrowsAsync<V1ErrorResponse>(() => _client.Api.V1.Customers["cio_1"].PutAsync(new IdentifyRequest()));

        Assert.IsAssignableFrom<ApiException>(error);
        Assert.Equal(400, error.ResponseStatusCode);
        Assert.Equal("name cannot be blank", error.Meta?.Error);
        Assert.Equal(["name cannot be blank"], error.Messages);
    }

    [Fact]
    public async Task V1_400_WithMetaErrors_ThrowsV1ErrorResponse()
    {
        Answer("/api/v1/merge_customers", 400, """{"meta":{"errors":["a","b"]}}""");

        var error = await Assert.ThrowsAsync<V1ErrorResponse>(() => _client.Api.V1.Merge_customers.PostAsync(new MergeRequest()));

        Assert.Equal(400, error.ResponseStatusCode);
        Assert.Equal(["a", "b"], error.Meta?.Errors);
        Assert.Equal(["a", "b"], error.Messages);
    }

    [Fact]
    public async Task V1_400_WithBothShapes_MessagesCombinesThemInOrder()
    {
        Answer("/api/v1/segments/5/add_customers", 400, """{"meta":{"error":"bad request","errors":["ids must not be empty"]}}""");

        var error = await Assert.ThrowsAsync<V1ErrorResponse>(() => _client.Api.V1.Segments[5].Add_customers.PostAsync(new SegmentMembershipRequest { Ids = [] }));

        Assert.Equal(["bad request", "ids must not be empty"], error.Messages);
        var logged = error.ToString().Split('\n');
        Assert.Equal("CustomerioTrack.Client.Models.V1ErrorResponse: the Track API answered 400: bad request; ids must not be empty", logged[0]);
        Assert.StartsWith("   at ", logged[1]);
    }

    [Fact]
    public void An_error_model_never_thrown_says_it_has_no_message()
    {
        Assert.Equal("CustomerioTrack.Client.Models.V1ErrorResponse: the Track API answered 0 with no message", new V1ErrorResponse().ToString());
        Assert.Equal("CustomerioTrack.Client.Models.V2ErrorResponse: the Track API answered 0 with no message", new V2ErrorResponse().ToString());
    }

    [Fact]
    public void V1ErrorResponse_Messages_IsEmptyWithoutMeta()
    {
        Assert.Empty(new V1ErrorResponse().Messages);
        Assert.Empty(new V1ErrorResponse { Meta = new V1ErrorResponse_meta() }.Messages);
    }

    [Fact]
    public async Task V1_400_OnAnonymousUnsubscribe_ThrowsV1ErrorResponse()
    {
        Answer("/unsubscribe/bad", 400, """{"meta":{"errors":["delivery_id is malformed"]}}""");

        var error = await Assert.ThrowsAsync<V1ErrorResponse>(() => _client.Unsubscribe["bad"].PostAsync(new UnsubscribeRequest()));

        Assert.Equal(["delivery_id is malformed"], error.Messages);
    }

    [Fact]
    public async Task V2_400_ThrowsV2ErrorResponse()
    {
        Answer("/api/v2/entity", 400, """{"errors":[{"reason":"required","field":"identifiers","message":"identifiers is required"}]}""");

        var error = await Assert.ThrowsAsync<V2ErrorResponse>(() => _client.Api.V2.Entity.PostAsync(new EntityRequest { PersonAction = new PersonAction() }));

        Assert.IsAssignableFrom<ApiException>(error);
        Assert.Equal(400, error.ResponseStatusCode);
        var item = Assert.Single(error.Errors!);
        Assert.Equal("required", item.Reason);
        Assert.Equal("identifiers", item.Field);
        Assert.Equal("identifiers is required", item.Message);
        Assert.Equal(["identifiers: identifiers is required (required)"], error.Messages);
        Assert.StartsWith("CustomerioTrack.Client.Models.V2ErrorResponse: the Track API answered 400: identifiers: identifiers is required (required)" + Environment.NewLine + "   at ", error.ToString());
    }

    [Fact]
    public async Task Batch_400_ThrowsV2ErrorResponse()
    {
        Answer("/api/v2/batch", 400, """{"errors":[{"reason":"invalid","field":"batch","message":"too large"}]}""");

        var error = await Assert.ThrowsAsync<V2ErrorResponse>(() => _client.Api.V2.Batch.PostAsync(new BatchRequest { Batch = [] }));

        Assert.Equal(["batch: too large (invalid)"], error.Messages);
    }

    [Fact]
    public void V2ErrorResponse_Messages_LeavesOutMissingParts()
    {
        var error = new V2ErrorResponse
        {
            Errors =
            [
                new V2Error { Message = "only a message" },
                new V2Error { Field = "name" },
                new V2Error { Reason = "invalid" },
                new V2Error(),
            ],
        };

        Assert.Equal(["only a message", "name", "invalid"], error.Messages);
        Assert.Empty(new V2ErrorResponse().Messages);
    }

    [Fact]
    public async Task Unauthorized_ThrowsTrackApiExceptionWith401()
    {
        Answer("/api/v1/customers/cio_1", 401, json: null, method: "DELETE");

        var error = await Assert.ThrowsAsync<TrackApiException>(() => _client.Api.V1.Customers["cio_1"].DeleteAsync());

        // No model is declared for 401: the client's own exception names the status and what to check.
        Assert.Equal(401, error.ResponseStatusCode);
        Assert.StartsWith("The Track API answered 401 Unauthorized with an empty body. Check the Site ID", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unauthorized_OnV2_ThrowsTrackApiExceptionWith401_NotV2ErrorResponse()
    {
        Answer("/api/v2/entity", 401, """{"errors":[{"message":"Unauthorized"}]}""");

        var error = await Assert.ThrowsAsync<TrackApiException>(() => _client.Api.V2.Entity.PostAsync(new EntityRequest { PersonAction = new PersonAction() }));

        Assert.Equal(401, error.ResponseStatusCode);
        Assert.Equal(["Unauthorized"], error.ApiMessages);
    }
}
