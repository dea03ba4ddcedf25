using System.Globalization;
using CustomerioTrack.Client.Http;

namespace CustomerioTrack.Client.Tests;

/// <summary>
/// Timeout messages are read by models and logs, not by a person in their own locale: the seconds are written the same
/// way whatever the culture of the process (a German host once wrote "0,25 s").
/// </summary>
public sealed class TimeoutMessageCultureTests
{
    [Fact]
    public async Task The_attempt_timeout_message_writes_seconds_with_a_dot_under_any_culture()
    {
        using var invoker = new HttpMessageInvoker(new AttemptTimeoutHandler(TimeSpan.FromMilliseconds(250)) { InnerHandler = new NeverAnswers() });

        var error = await InCultureAsync("de-DE", () => invoker.SendAsync(new HttpRequestMessage(HttpMethod.Put, "https://track.customer.io/api/v1/customers/42"), CancellationToken.None));

        Assert.IsType<TimeoutException>(error);
        Assert.Equal("The Track API did not answer within 0.25 s (PUT /api/v1/customers/42).", error.Message);
    }

    [Fact]
    public async Task The_total_budget_message_writes_seconds_with_a_dot_under_any_culture()
    {
        var options = new TrackRetryOptions { MaxRetries = 0, TotalBudget = TimeSpan.FromMilliseconds(250) };
        using var invoker = new HttpMessageInvoker(new TrackRetryHandler(options) { InnerHandler = new NeverAnswers() });

        var error = await InCultureAsync("de-DE", () => invoker.SendAsync(new HttpRequestMessage(HttpMethod.Put, "https://track.customer.io/api/v1/customers/42"), CancellationToken.None));

        Assert.IsType<TimeoutException>(error);
        Assert.Equal("The Track API call did not complete within its total budget of 0.25 s, retries included.", error.Message);
    }

    private static async Task<Exception?> InCultureAsync(string name, Func<Task> action)
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
        try
        {
            return await Record.ExceptionAsync(action);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }

    /// <summary>A server that takes the request and never answers (until the caller gives up).</summary>
    private sealed class NeverAnswers : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new OperationCanceledException(cancellationToken);
        }
    }
}
