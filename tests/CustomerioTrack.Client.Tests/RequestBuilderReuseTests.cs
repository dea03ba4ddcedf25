using CustomerioTrack.Client.Api.V1.Segments.Item.Add_customers;
using CustomerioTrack.Client.Models;
using CustomerioTrack.Client.Tests.Support;

namespace CustomerioTrack.Client.Tests;

/// <summary>
/// A request builder kept in a variable and called again (or used to reach a child builder after a call) still
/// addresses its own path: sending one request must not spend the builder's path parameters.
/// </summary>
public sealed class RequestBuilderReuseTests : IClassFixture<WireMockFixture>
{
    private readonly RecordingHandler _recorder = new();
    private readonly TrackApiClient _client;

    public RequestBuilderReuseTests(WireMockFixture fixture)
    {
        fixture.Reset();
        _client = TestClients.Create(fixture.BaseUrl, _recorder);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_person_builder_called_twice_sends_both_calls_to_that_person(bool throughKiotasAdapter)
    {
        _client.TrackAdapter!.KiotaOnly = throughKiotasAdapter;
        var person = _client.Api.V1.Customers["cust 42"];
        await person.PutAsync(new IdentifyRequest { Email = "a@example.com" });
        await person.PutAsync(new IdentifyRequest { Email = "b@example.com" });
        await person.Events.PostAsync(new TrackEventRequest { Name = "opened" });
        await person.DeleteAsync();

        Assert.Equal(
            [
                "PUT /api/v1/customers/cust%2042",
                "PUT /api/v1/customers/cust%2042",
                "POST /api/v1/customers/cust%2042/events",
                "DELETE /api/v1/customers/cust%2042",
            ],
            _recorder.Requests.Select(r => r.Method + " " + r.PathAndQuery));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_segment_builder_called_twice_keeps_its_id_and_each_call_its_own_query(bool throughKiotasAdapter)
    {
        _client.TrackAdapter!.KiotaOnly = throughKiotasAdapter;
        var segment = _client.Api.V1.Segments[7].Add_customers;
        await segment.PostAsync(new SegmentMembershipRequest { Ids = ["a@x.io"] }, c => c.QueryParameters.IdType = PostId_typeQueryParameterType.Email);
        await segment.PostAsync(new SegmentMembershipRequest { Ids = ["1"] });

        Assert.Equal(
            ["POST /api/v1/segments/7/add_customers?id_type=email", "POST /api/v1/segments/7/add_customers"],
            _recorder.Requests.Select(r => r.Method + " " + r.PathAndQuery));
    }

    [Fact]
    public async Task Sending_does_not_write_the_path_parameters_a_request_shares_with_its_builder()
    {
        // A builder shared across threads hands every request the same dictionary: a write while another call reads it
        // is a race. Here it is read-only, so any write throws.
        var request = _client.Api.V1.Customers["cust-7"].ToDeleteRequestInformation();
        request.PathParameters = new System.Collections.ObjectModel.ReadOnlyDictionary<string, object>(
            new Dictionary<string, object>(request.PathParameters, StringComparer.OrdinalIgnoreCase));
        await _client.TrackAdapter!.SendNoContentAsync(request);

        Assert.Equal(["DELETE /api/v1/customers/cust-7"], _recorder.Requests.Select(r => r.Method + " " + r.PathAndQuery));
    }
}
