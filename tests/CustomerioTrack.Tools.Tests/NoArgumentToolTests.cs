using CustomerioTrack.Tools.Tests.Support;

namespace CustomerioTrack.Tools.Tests;

/// <summary>A tool without parameters says so when given one, instead of "it takes: " and an empty list.</summary>
public sealed class NoArgumentToolTests
{
    [Theory]
    [InlineData("""{"mode":"execute"}""", "mode", "GetTrackApiRegion has no 'mode' parameter; it takes no arguments")]
    [InlineData("""{"request_body":{}}""", "request_body", "GetTrackApiRegion has no 'request_body' parameter; it takes no arguments")]
    [InlineData("""{"region":"eu"}""", "region", "'region' is not a parameter of GetTrackApiRegion; it takes no arguments")]
    public async Task An_argument_to_a_tool_without_parameters_is_rejected_saying_it_takes_none(string arguments, string field, string message)
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync("GetTrackApiRegion", arguments);

        Assert.True(result.IsError);
        Assert.Equal(
            $$$"""{"error":{"kind":"invalid_arguments","message":"GetTrackApiRegion was not called: {{{field}}}: {{{message}}}","problems":[{"field":"{{{field}}}","rule":"unknown","message":"{{{message}}}"}],"sent":false}}""",
            result.ToJson());
        Assert.Empty(stub.Requests);
    }
}
