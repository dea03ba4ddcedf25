using CustomerioTrack.Client.Http;

namespace CustomerioTrack.Client.Tests;

/// <summary>
/// With the attempt timeout off (<see cref="Timeout.InfiniteTimeSpan"/>) no attempt can time out: a cancellation from
/// the transport itself (its connect timeout, for one) is passed on as it is, never as a TimeoutException about an
/// attempt timeout of "-0.001 s".
/// </summary>
public sealed class AttemptWithoutTimeoutTests
{
    [Fact]
    public async Task A_transport_cancellation_before_the_answer_is_not_an_attempt_timeout()
    {
        using var invoker = new HttpMessageInvoker(new AttemptTimeoutHandler(Timeout.InfiniteTimeSpan) { InnerHandler = new Throws(inBody: false) });

        var error = await Record.ExceptionAsync(() => invoker.SendAsync(new HttpRequestMessage(HttpMethod.Put, "https://track.customer.io/api/v1/customers/42"), CancellationToken.None));

        Assert.IsAssignableFrom<OperationCanceledException>(error);
    }

    [Fact]
    public async Task A_transport_cancellation_while_reading_the_answer_is_not_an_attempt_timeout()
    {
        using var invoker = new HttpMessageInvoker(new AttemptTimeoutHandler(Timeout.InfiniteTimeSpan) { InnerHandler = new Throws(inBody: true) });

        var error = await Record.ExceptionAsync(() => invoker.SendAsync(new HttpRequestMessage(HttpMethod.Put, "https://track.customer.io/api/v1/customers/42"), CancellationToken.None));

        Assert.IsAssignableFrom<OperationCanceledException>(error);
    }

    private sealed class Throws(bool inBody) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            inBody
                ? Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StreamContent(new CancelledStream()) })
                : Task.FromException<HttpResponseMessage>(new TaskCanceledException("The transport gave up.", new TimeoutException()));
    }

    private sealed class CancelledStream : MemoryStream
    {
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromException<int>(new TaskCanceledException("The transport gave up.", new TimeoutException()));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(new TaskCanceledException("The transport gave up.", new TimeoutException()));

        public override int Read(byte[] buffer, int offset, int count) => throw new TaskCanceledException("The transport gave up.", new TimeoutException());
    }
}
