using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace CustomerioTrack.Client.Http;

/// <summary>
/// Retries transient failures with Polly: exponential backoff with jitter, Retry-After honoured (seconds or HTTP date,
/// capped), a total time budget, cancellable. Only what is safe to repeat is repeated: after an ambiguous failure
/// (timeout, 500/502/504, connection reset) only repeatable operations are retried; merge, metrics, unsubscribe and
/// submitForm are retried only when the request certainly was not processed (429, 503 with Retry-After, connection refused).
/// </summary>
public sealed class TrackRetryHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("CustomerioTrack.Request");
    private static readonly ResiliencePropertyKey<bool> RepeatableKey = new("CustomerioTrack.Repeatable");
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    // Read once, when the handler is built: an options object changed afterwards (for the next workspace's client) must
    // not change this one's cap, budget or observer.
    private readonly TimeSpan _maxDelay;
    private readonly TimeSpan _totalBudget;
    private readonly Uri? _baseUrl;

    /// <summary>Creates the handler.</summary>
    /// <param name="options">Retry policy.</param>
    /// <param name="baseUrl">The configured base URL, whose path prefix is ignored when classifying requests.</param>
    /// <param name="timeProvider">Clock (tests).</param>
    public TrackRetryHandler(TrackRetryOptions options, Uri? baseUrl = null, TimeProvider? timeProvider = null)
        : this(options, baseUrl, timeProvider, fallbackOnRetry: null)
    {
    }

    /// <summary>Creates the handler; <paramref name="fallbackOnRetry"/> is told of retries when the options name no observer (a host's logger).</summary>
    internal TrackRetryHandler(TrackRetryOptions options, Uri? baseUrl, TimeProvider? timeProvider, Action<TrackRetryAttempt>? fallbackOnRetry)
    {
        ArgumentNullException.ThrowIfNull(options);
        _maxDelay = options.MaxDelay;
        _totalBudget = options.TotalBudget;
        var onRetry = options.OnRetry ?? fallbackOnRetry;
        _baseUrl = baseUrl;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (timeProvider is not null)
        {
            builder.TimeProvider = timeProvider;
        }

        if (options.TotalBudget > TimeSpan.Zero && options.TotalBudget != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.TotalBudget });
        }

        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.Properties.GetValue(RepeatableKey, false))),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                OnRetry = args =>
                {
                    if (onRetry is { } observer && args.Context.Properties.GetValue(RequestKey, null!) is { } sent)
                    {
                        observer(new TrackRetryAttempt(
                            args.AttemptNumber + 1,
                            args.RetryDelay,
                            sent.Method.Method,
                            sent.RequestUri?.AbsolutePath ?? string.Empty,
                            args.Outcome.Result is { } failed ? (int)failed.StatusCode : null,
                            args.Outcome.Exception?.GetType().Name));
                    }

                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            });
        }

        _pipeline = builder.Build();
    }

    // Only an event request's body decides, and not even that once its events are known to carry ids: null when the
    // body must be read to tell.
    private bool? RepeatableByRoute(HttpRequestMessage request, out string path)
    {
        path = string.Empty;
        if (request.RequestUri is not { } uri)
        {
            return false;
        }

        path = TrackPaths.OperationPath(uri, _baseUrl);
        var kind = TrackOperationClassifier.Kind(request.Method.Method, path);
        if (kind is not (TrackOperationKind.V1Event or TrackOperationKind.V2Entity or TrackOperationKind.V2Batch) || EventIdsAssignedOption.IsSet(request))
        {
            return kind is TrackOperationKind.Idempotent or TrackOperationKind.V1Event or TrackOperationKind.V2Entity or TrackOperationKind.V2Batch;
        }

        return null;
    }

    private static async Task<bool> RepeatableByBodyAsync(HttpRequestMessage request, string path, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return TrackOperationClassifier.IsRepeatable(request.Method.Method, path, body);
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } content and not ByteArrayContent && !ReplayableContentOption.IsSet(request))
        {
            // Buffered so that any attempt can send it again (429 and 503 are retried for every operation); byte-array
            // content (and StringContent) and content marked replayable can already be sent any number of times.
            await content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        var repeatable = RepeatableByRoute(request, out var path) ?? await RepeatableByBodyAsync(request, path, cancellationToken).ConfigureAwait(false);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        context.Properties.Set(RepeatableKey, repeatable);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (ctx, handler) =>
                {
                    try
                    {
                        var message = ctx.Properties.GetValue(RequestKey, null!);
                        return Outcome.FromResult(await handler.SendCoreAsync(message, ctx.CancellationToken).ConfigureAwait(false));
                    }
                    catch (Exception exception)
                    {
                        return Outcome.FromException<HttpResponseMessage>(exception);
                    }
                },
                context,
                this).ConfigureAwait(false);
            if (outcome.Exception is TimeoutRejectedException)
            {
                throw new TimeoutException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The Track API call did not complete within its total budget of {_totalBudget.TotalSeconds:0.###} s, retries included."));
            }

            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, bool repeatable)
    {
        if (outcome.Result is { } response)
        {
            var status = (int)response.StatusCode;
            return TrackOperationClassifier.AnswerSaysNotProcessed(status, response.Headers.RetryAfter is not null)
                || (status is 408 or 500 or 502 or 503 or 504 && repeatable);
        }

        return outcome.Exception switch
        {
            TrackRedirectRefusedException => false,
            TrackResponseTooLargeException => false,
            // Nothing was sent: asking again is safe for every operation, and useful only when the lookup failed on the way.
            TrackRegionDetectionException detection => detection.IsTransient,
            HttpRequestException exception when CertainlyNotSent(exception) => true,
            HttpRequestException => repeatable,
            TimeoutException => repeatable,
            _ => false,
        };
    }

    private static bool CertainlyNotSent(HttpRequestException exception) =>
        exception.HttpRequestError is HttpRequestError.NameResolutionError
        || (exception.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused });

    // Null lets Polly compute exponential backoff with jitter; a server's Retry-After wins, capped at MaxDelay.
    private TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var wait = response is null ? null : RetryAfterHeader.Of(response);
        if (wait is null)
        {
            return null;
        }

        return wait.Value < TimeSpan.Zero ? TimeSpan.Zero : wait.Value > _maxDelay ? _maxDelay : wait.Value;
    }
}
