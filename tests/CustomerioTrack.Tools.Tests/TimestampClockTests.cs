using CustomerioTrack.Tools.Tests.Support;

namespace CustomerioTrack.Tools.Tests;

/// <summary>
/// A timestamp given as a word gets the current time to send, read from <see cref="TrackToolsOptions.TimeProvider"/>:
/// a model rarely knows what time it is, and a fixed example date told it nothing about now.
/// </summary>
public sealed class TimestampClockTests
{
    // 2026-03-01T12:00:00Z.
    private static readonly ManualClock Clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Now_as_an_event_timestamp_is_refused_with_the_current_unix_time_to_send()
    {
        using var stub = new TrackStub(options: new TrackToolsOptions { TimeProvider = Clock });

        var result = await stub.Tools.InvokeAsync("SendCustomerEvent",
            """{"mode":"execute","customer_identifier":"42","request_body":{"name":"signed_up","timestamp":"now"}}""");

        Assert.Empty(stub.Requests);
        Assert.Equal(
            [("request_body/timestamp", "timestampFormat", "\"now\" is not a timestamp; Track timestamps are integer unix seconds: send 1772366400 (the current time as unix seconds)")],
            LimitsTests.Problems(result));
        Assert.False(result.Content["error"]!["sent"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Another_word_in_a_batch_item_is_refused_with_the_current_time_as_the_example()
    {
        using var stub = new TrackStub(options: new TrackToolsOptions { TimeProvider = Clock });

        var result = await stub.Tools.InvokeAsync("BatchProcessRequests",
            """{"mode":"execute","request_body":{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"event","name":"x","timestamp":"today"}]}}""");

        Assert.Empty(stub.Requests);
        Assert.Equal(
            [("request_body/batch/0/timestamp", "timestampFormat", "\"today\" is not a timestamp; Track timestamps are integer unix seconds, e.g. 1772366400 for the current time (2026-03-01T12:00:00Z)")],
            LimitsTests.Problems(result));
    }

    [Fact]
    public async Task A_date_string_is_still_converted_exactly_whatever_the_clock_says()
    {
        using var stub = new TrackStub(options: new TrackToolsOptions { TimeProvider = Clock });

        var result = await stub.Tools.InvokeAsync("SendCustomerEvent",
            """{"mode":"execute","customer_identifier":"42","request_body":{"name":"signed_up","timestamp":"2023-11-14T22:13:20Z"}}""");

        Assert.Empty(stub.Requests);
        Assert.Equal(
            [("request_body/timestamp", "timestampFormat", "\"2023-11-14T22:13:20Z\" is a date string; Track timestamps are integer unix seconds: send 1700000000 (that date as unix seconds)")],
            LimitsTests.Problems(result));
    }

    [Theory]
    [InlineData("12:00", "date")]
    [InlineData("10 PM", "date")]
    [InlineData("12:00 +01:00", "date")]
    [InlineData("Nov 14", "four-digit year")]
    [InlineData("14 November", "four-digit year")]
    [InlineData("11/14/23", "four-digit year")]
    [InlineData("Nov 2023", "day")]
    [InlineData("2023-11", "day")]
    public async Task A_date_string_missing_a_part_is_refused_not_completed_from_a_clock(string text, string missing)
    {
        using var stub = new TrackStub(options: new TrackToolsOptions { TimeProvider = Clock });

        var result = await stub.Tools.InvokeAsync("SendCustomerEvent",
            $$$"""{"mode":"execute","customer_identifier":"42","request_body":{"name":"signed_up","timestamp":"{{{text}}}"}}""");

        Assert.Empty(stub.Requests);
        Assert.Equal(
            [("request_body/timestamp", "timestampFormat", $"\"{text}\" is not a full date (it has no {missing}); Track timestamps are integer unix seconds of a full date and time, e.g. 1772366400 for the current time (2026-03-01T12:00:00Z)")],
            LimitsTests.Problems(result));
    }

    [Theory]
    [InlineData("2023-11-14", 1699920000)]
    [InlineData("2023-11-14 22:13:20", 1700000000)]
    [InlineData("2023-11-14T23:13:20.5+01:00", 1700000000)]
    [InlineData("Tue, 14 Nov 2023 22:13:20 GMT", 1700000000)]
    [InlineData("November 14, 2023 10:13:20 PM", 1700000000)]
    [InlineData("14 Nov 2023", 1699920000)]
    [InlineData("11/14/2023", 1699920000)]
    public async Task A_full_date_string_in_another_common_form_is_converted(string text, long seconds)
    {
        using var stub = new TrackStub(options: new TrackToolsOptions { TimeProvider = Clock });

        var result = await stub.Tools.InvokeAsync("SendCustomerEvent",
            $$$"""{"mode":"execute","customer_identifier":"42","request_body":{"name":"signed_up","timestamp":"{{{text}}}"}}""");

        Assert.Empty(stub.Requests);
        Assert.Equal(
            [("request_body/timestamp", "timestampFormat", $"\"{text}\" is a date string; Track timestamps are integer unix seconds: send {seconds} (that date as unix seconds)")],
            LimitsTests.Problems(result));
    }
}
