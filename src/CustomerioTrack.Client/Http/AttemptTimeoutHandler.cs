using System.Globalization;

namespace CustomerioTrack.Client.Http;

/// <summary>Bounds one HTTP attempt; an expired attempt surfaces as <see cref="TimeoutException"/>, distinct from caller cancellation.</summary>
public sealed class AttemptTimeoutHandler(TimeSpan timeout) : DelegatingHandler
{
    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        try
        {
            return await base.SendAsync(request, attempt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(string.Create(
                CultureInfo.InvariantCulture,
                $"The Track API did not answer within {timeout.TotalSeconds:0.###} s ({request.Method} {request.RequestUri?.AbsolutePath})."));
        }
    }
}
