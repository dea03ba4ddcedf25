using System.Collections.Concurrent;
using CustomerioTrack.Client.Models;
using CustomerioTrack.Client.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CustomerioTrack.Client.Tests;

/// <summary>Retries show in the host's log (without people's identifiers) for a client registered with dependency injection.</summary>
public sealed class RetryLogTests : IClassFixture<WireMockFixture>
{
    private readonly WireMockFixture _fixture;

    public RetryLogTests(WireMockFixture fixture)
    {
        _fixture = fixture;
        _fixture.Reset();
    }

    [Theory]
    [InlineData("/api/v1/customers/ann%40example.com/devices/tok%2F1", "/api/v1/customers/{…}/devices/{…}")]
    [InlineData("/api/v1/segments/7/add_customers", "/api/v1/segments/{…}/add_customers")]
    [InlineData("/unsubscribe/dlv_1", "/unsubscribe/{…}")]
    [InlineData("/proxy/api/v2/batch", "/{…}/api/v2/batch")]
    [InlineData("/api/v1/accounts/region", "/api/v1/accounts/region")]
    public void Paths_lose_their_identifiers(string path, string expected) =>
        Assert.Equal(expected, TrackPaths.WithoutIdentifiers(path));

    [Fact]
    public void A_retry_reads_as_one_line()
    {
        Assert.Equal(
            "Track API retry 2 in 1.5 s: PUT /api/v1/customers/{…} was answered 503.",
            new TrackRetryAttempt(2, TimeSpan.FromSeconds(1.5), "PUT", "/api/v1/customers/ann@example.com", 503, null).Describe());
        Assert.Equal(
            "Track API retry 1 in 0.25 s: POST /api/v2/batch failed (HttpRequestException).",
            new TrackRetryAttempt(1, TimeSpan.FromMilliseconds(250), "POST", "/api/v2/batch", null, "HttpRequestException").Describe());
    }

    [Fact]
    public async Task A_dependency_injected_client_logs_each_retry_as_a_warning()
    {
        _fixture.Server.Given(Request.Create().WithPath("/api/v1/customers/*").UsingPut()).InScenario("busy").WillSetStateTo("recovered")
            .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "0"));
        _fixture.Server.Given(Request.Create().WithPath("/api/v1/customers/*").UsingPut()).InScenario("busy").WhenStateIs("recovered")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{}"));
        var log = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(log));
        services.AddCustomerioTrack("eu", o => (o.SiteId, o.ApiKey, o.BaseUrl) = (Credentials.SiteId, Credentials.ApiKey, _fixture.BaseUrl));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredKeyedService<TrackApiClient>("eu").Api.V1.Customers["ann@example.com"].PutAsync(new IdentifyRequest());

        var entry = Assert.Single(log.Entries);
        Assert.Equal((TrackRetryLogCategory, LogLevel.Warning), (entry.Category, entry.Level));
        Assert.Equal("Track API retry 1 in 0.0 s: PUT /api/v1/customers/{…} was answered 503. (client 'eu')", entry.Message);
        Assert.Equal(2, _fixture.Server.LogEntries.Count());
    }

    [Fact]
    public async Task Options_that_observe_retries_themselves_are_not_also_logged()
    {
        _fixture.Server.Given(Request.Create().WithPath("/api/v1/customers/*").UsingPut()).InScenario("busy-2").WillSetStateTo("recovered")
            .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "0"));
        _fixture.Server.Given(Request.Create().WithPath("/api/v1/customers/*").UsingPut()).InScenario("busy-2").WhenStateIs("recovered")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{}"));
        var log = new CapturingLoggerProvider();
        var observed = new ConcurrentQueue<TrackRetryAttempt>();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(log));
        services.AddCustomerioTrack(o =>
        {
            (o.SiteId, o.ApiKey, o.BaseUrl) = (Credentials.SiteId, Credentials.ApiKey, _fixture.BaseUrl);
            o.Retry.OnRetry = observed.Enqueue;
        });
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<TrackApiClient>().Api.V1.Customers["ann"].PutAsync(new IdentifyRequest());

        Assert.Single(observed);
        Assert.Empty(log.Entries);
    }

    private const string TrackRetryLogCategory = "CustomerioTrack.Client";

    private sealed record LogEntry(string Category, LogLevel Level, string Message);

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<LogEntry> _entries = new();

        public IReadOnlyList<LogEntry> Entries => _entries.Where(e => e.Category.StartsWith("CustomerioTrack", StringComparison.Ordinal)).ToList();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception)));
        }
    }
}
