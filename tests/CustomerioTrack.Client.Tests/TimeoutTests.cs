using CustomerioTrack.Client.Models;
using CustomerioTrack.Client.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CustomerioTrack.Client.Tests;

/// <summary>AttemptTimeoutHandler: an attempt that takes too long is a TimeoutException; caller cancellation stays cancellation.</summary>
public sealed class TimeoutTests : IClassFixture<WireMockFixture>
{
    private readonly WireMockFixture _fixture;

    public TimeoutTests(WireMockFixture fixture)
    {
        _fixture = fixture;
        _fixture.Reset();
        _fixture.Server.Given(Request.Create().WithPath("/api/v1/customers/slow").UsingAnyMethod()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{}").WithDelay(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task SlowAttempt_ThrowsTimeoutException()
    {
        var client = TestClients.Create(_fixture.BaseUrl, new RecordingHandler(), o => o.Timeout = TimeSpan.FromMilliseconds(300));

        var error = await Record.ExceptionAsync(() => client.Api.V1.Customers["slow"].PutAsync(new IdentifyRequest()));

        Assert.IsType<TimeoutException>(error);
        Assert.Contains("/api/v1/customers/slow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallerCancellation_ThrowsOperationCanceledException_NotTimeoutException()
    {
        var client = TestClients.Create(_fixture.BaseUrl, new RecordingHandler(), o => o.Timeout = TimeSpan.FromSeconds(10));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var error = await Record.ExceptionAsync(() => client.Api.V1.Customers["slow"].PutAsync(new IdentifyRequest(), cancellationToken: cts.Token));

        Assert.IsAssignableFrom<OperationCanceledException>(error);
    }

    [Fact]
    public async Task FastAnswer_WithinTheTimeout_Succeeds()
    {
        // The answer is immediate; the timeout only has to be far from it. 1.5 s was not: on a loaded two-core machine this
        // test was seen to take a whole second (the first call of a client: JIT, connection set-up).
        var client = TestClients.Create(_fixture.BaseUrl, new RecordingHandler(), o => o.Timeout = TimeSpan.FromSeconds(30));

        var result = await client.Api.V1.Customers["fast"].PutAsync(new IdentifyRequest());

        Assert.NotNull(result);
    }
}
