using System.Text;
using CustomerioTrack.Client;
using CustomerioTrack.Mcp.Hosting.Tests.Support;
using CustomerioTrack.Tools;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace CustomerioTrack.Mcp.Hosting.Tests;

/// <summary>A tools/call to a host app's MCP server reaches the Track API (WireMock) through the Track tools and comes back as the tool's result.</summary>
public sealed class HostedToolCallTests : IDisposable
{
    private readonly WireMockServer _api = WireMockServer.Start();

    public HostedToolCallTests() =>
        _api.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"meta":{"note":"stubbed"}}"""));

    // 1,200 identifies of about 1 KB: over the 500 KB batch limit, so three requests.
    private static Dictionary<string, object?> SplitBatchArguments()
    {
        var pad = new string('p', 900);
        var items = Enumerable.Range(0, 1200).Select(i => $$$"""{"type":"person","identifiers":{"id":"{{{i}}}"},"action":"identify","attributes":{"p":"{{{pad}}}"}}""");
        return new Dictionary<string, object?>
        {
            ["mode"] = "execute",
            ["request_body"] = System.Text.Json.JsonDocument.Parse("""{"batch":[""" + string.Join(",", items) + "]}").RootElement,
        };
    }

    private TrackToolset Toolset(TrackToolsOptions? options = null) =>
        TrackTools.Create(
            () => TrackClientFactory.Create(new TrackClientOptions { SiteId = "site-1", ApiKey = "hosted-key-0001", BaseUrl = new Uri(_api.Url!) }),
            options ?? new TrackToolsOptions());

    [Fact]
    public async Task A_tools_call_reaches_the_Track_API_with_the_credentials_and_returns_its_answer()
    {
        var toolset = Toolset();
        await using var server = await PipeHost.StartAsync(services =>
        {
            var mcp = services.AddMcpServer();
            services.AddTrackMcpServer(toolset);
            return mcp;
        });

        var result = await server.Client.CallToolAsync("UpdateOrAddPerson", new Dictionary<string, object?>
        {
            ["mode"] = "execute",
            ["person_identifier"] = "42",
            ["request_body"] = """{"plan":"pro"}""",
        });

        Assert.NotEqual(true, result.IsError);
        var request = Assert.Single(_api.LogEntries).RequestMessage;
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/api/v1/customers/42", request.AbsolutePath);
        Assert.Equal("""{"plan":"pro"}""", request.Body);
        var authorization = request.Headers!.Single(h => string.Equals(h.Key, "Authorization", StringComparison.OrdinalIgnoreCase)).Value.Single();
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("site-1:hosted-key-0001")), authorization);
        var structured = result.StructuredContent!.Value;
        Assert.Equal(200, structured.GetProperty("status_code").GetInt32());
        Assert.Equal("stubbed", structured.GetProperty("response").GetProperty("meta").GetProperty("note").GetString());
    }

    [Fact]
    public async Task A_split_batch_sends_progress_notifications()
    {
        var toolset = Toolset();
        await using var server = await PipeHost.StartAsync(services => services.AddTrackMcpServer(toolset));
        // Collected by a handler of the session: the SDK client hands a call's own IProgress only what arrives before it
        // has processed the result, and it may process the result first.
        var received = new System.Collections.Concurrent.ConcurrentQueue<(double Progress, double Total, string Message)>();
        await using var handler = server.Client.RegisterNotificationHandler(ModelContextProtocol.Protocol.NotificationMethods.ProgressNotification, (notification, _) =>
        {
            var value = notification.Params!;
            received.Enqueue((value["progress"]!.GetValue<double>(), value["total"]!.GetValue<double>(), value["message"]!.GetValue<string>()));
            return ValueTask.CompletedTask;
        });

        var result = await server.Client.CallToolAsync("BatchProcessRequests", SplitBatchArguments(), new Progress<ModelContextProtocol.ProgressNotificationValue>());
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (received.Count < 4 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.NotEqual(true, result.IsError);
        Assert.Equal(3, _api.LogEntries.Count());
        Assert.Equal([0d, 1d, 2d, 3d], received.Select(v => v.Progress).Order());
        Assert.All(received, v => Assert.Equal(3d, v.Total));
        Assert.Contains((0d, 3d, "Sending 1,200 items in 3 requests."), received);
        Assert.Contains((3d, 3d, "Request 3 of 3 accepted (1,200 of 1,200 items sent)."), received);
    }

    [Fact]
    public async Task A_progress_notification_that_cannot_be_sent_leaves_the_calls_result_as_it_is()
    {
        var toolset = Toolset();
        // The host's transport fails to send progress (as a closed stream would); the calls themselves go through.
        await using var server = await PipeHost.StartAsync(services => services.AddTrackMcpServer(toolset)
            .WithMessageFilters(filters => filters.AddOutgoingFilter(next => (context, ct) =>
                context.JsonRpcMessage is ModelContextProtocol.Protocol.JsonRpcNotification { Method: ModelContextProtocol.Protocol.NotificationMethods.ProgressNotification }
                    ? throw new IOException("progress could not be sent")
                    : next(context, ct))));

        var result = await server.Client.CallToolAsync("BatchProcessRequests", SplitBatchArguments(), new Progress<ModelContextProtocol.ProgressNotificationValue>());

        // Every item was accepted: an error here would have the agent send all 1,200 again.
        Assert.Equal(3, _api.LogEntries.Count());
        Assert.NotEqual(true, result.IsError);
        Assert.Equal(1200, result.StructuredContent!.Value.GetProperty("items").GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task Progress_that_cannot_be_sent_for_a_call_the_client_cancels_leaves_no_unobserved_task_exception()
    {
        var unobserved = new System.Collections.Concurrent.ConcurrentQueue<AggregateException>();
        void Record(object? sender, UnobservedTaskExceptionEventArgs e) => unobserved.Enqueue(e.Exception);
        var toolset = Toolset();
        using var cancellation = new CancellationTokenSource();
        var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var progressFailed = 0;
        _api.Reset();
        _api.Given(Request.Create().UsingAnyMethod()).InScenario("cancelled").WillSetStateTo("first accepted")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{}"));
        // The client cancels while the second request is with the API.
        _api.Given(Request.Create().UsingAnyMethod()).InScenario("cancelled").WhenStateIs("first accepted")
            .RespondWith(Response.Create().WithCallback(_ =>
            {
                cancellation.Cancel();
                Thread.Sleep(TimeSpan.FromSeconds(2));
                return new WireMock.ResponseMessage { StatusCode = 200 };
            }));
        await using var server = await PipeHost.StartAsync(services => services.AddTrackMcpServer(toolset)
            .WithMessageFilters(filters =>
            {
                filters.AddOutgoingFilter(next => (context, ct) =>
                {
                    if (context.JsonRpcMessage is ModelContextProtocol.Protocol.JsonRpcNotification { Method: ModelContextProtocol.Protocol.NotificationMethods.ProgressNotification })
                    {
                        Interlocked.Increment(ref progressFailed);
                        throw new IOException("progress of the cancelled call could not be sent");
                    }

                    return next(context, ct);
                });
                filters.AddIncomingFilter(next => async (context, ct) =>
                {
                    try
                    {
                        await next(context, ct);
                    }
                    finally
                    {
                        if (context.JsonRpcMessage is ModelContextProtocol.Protocol.JsonRpcRequest { Method: ModelContextProtocol.Protocol.RequestMethods.ToolsCall })
                        {
                            handled.TrySetResult();
                        }
                    }
                });
            }));
        TaskScheduler.UnobservedTaskException += Record;
        try
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => server.Client.CallToolAsync(
                "BatchProcessRequests", SplitBatchArguments(), new Progress<ModelContextProtocol.ProgressNotificationValue>(), cancellationToken: cancellation.Token).AsTask());
            await handled.Task.WaitAsync(TimeSpan.FromSeconds(30));
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= Record;
        }

        // Before the first request and after it was accepted.
        Assert.Equal(2, progressFailed);
        Assert.DoesNotContain(unobserved, e => e.InnerExceptions.Any(i => i.Message == "progress of the cancelled call could not be sent"));
    }

    [Fact]
    public async Task A_call_without_a_progress_token_gets_no_progress_notifications()
    {
        var toolset = Toolset();
        await using var server = await PipeHost.StartAsync(services => services.AddTrackMcpServer(toolset));
        var notifications = 0;
        await using var handler = server.Client.RegisterNotificationHandler(ModelContextProtocol.Protocol.NotificationMethods.ProgressNotification, (_, _) =>
        {
            Interlocked.Increment(ref notifications);
            return ValueTask.CompletedTask;
        });

        var result = await server.Client.CallToolAsync("BatchProcessRequests", SplitBatchArguments());

        Assert.NotEqual(true, result.IsError);
        Assert.Equal(3, _api.LogEntries.Count());
        Assert.Equal(0, notifications);
    }

    [Fact]
    public async Task An_excluded_tool_is_neither_listed_nor_called()
    {
        var toolset = Toolset(new TrackToolsOptions { ExcludeDestructive = true });
        await using var server = await PipeHost.StartAsync(services => services.AddTrackMcpServer(toolset));

        var tools = (await server.Client.ListToolsAsync()).Select(t => t.Name).ToList();
        Assert.DoesNotContain("DeleteCustomer", tools);
        Assert.Contains("UpdateOrAddPerson", tools);

        var unknown = await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(
            () => server.Client.CallToolAsync("DeleteCustomer", new Dictionary<string, object?> { ["customer_identifier"] = "42" }).AsTask());
        Assert.Contains("DeleteCustomer", unknown.Message, StringComparison.Ordinal);
        Assert.Empty(_api.LogEntries);
    }

    public void Dispose() => _api.Stop();
}
