using System.Net;
using System.Reflection;
using CustomerioTrack.Tools;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CustomerioTrack.Mcp;

/// <summary>Hosts the Track tools as an MCP server over stdio (or any pair of streams) or Streamable HTTP.</summary>
public static class TrackMcpServer
{
    /// <summary>Server name announced to clients.</summary>
    public const string Name = "customerio-track";

    /// <summary>Default HTTP port.</summary>
    public const int DefaultPort = 5107;

    /// <summary>Instructions sent to the model with the server info.</summary>
    public const string Instructions =
        "Tools for Customer.io's Track API (people, events, devices, segments, objects, unsubscribes). "
        + "Tools that take `mode` need a request body: call them first with mode=\"get_request_schema\", build request_body from the returned JSON Schema, "
        + "then call again with mode=\"execute\". A result with isError explains what to change; configuration errors (missing credentials) cannot be fixed by changing arguments.";

    /// <summary>This assembly's version.</summary>
    public static string Version { get; } = (typeof(TrackMcpServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    /// <summary>
    /// Adds an MCP server with the Track tools (plus the sandbox's state as resources in sandbox mode). In a host that
    /// already is an MCP server (its own <c>AddMcpServer</c>, before or after this call) the host's tools, resources,
    /// server name and instructions are kept: the Track tools are added to its tools, the Track instructions are appended
    /// to its instructions, and the server name and version are the Track ones only when the host sets none. A host tool
    /// with the name of a Track tool makes the server fail to start (an <see cref="InvalidOperationException"/> naming
    /// it) instead of one silently replacing the other: leave that Track tool out with <see cref="TrackToolsOptions.Exclude"/>.
    /// </summary>
    public static IMcpServerBuilder AddTrackMcpServer(this IServiceCollection services, TrackToolset toolset, CustomerioTrack.Sandbox.TrackSandbox? sandbox = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(toolset);
        var instructions = sandbox is null ? Instructions : Instructions + " SANDBOX MODE: calls go to a local emulator, not Customer.io; read sandbox:// resources to see the resulting state.";
        var builder = services
            .AddMcpServer()
            .WithTools(TrackMcpTool.CreateAll(toolset))
            .WithMessageFilters(filters => filters.AddIncomingFilter(next => async (context, ct) =>
            {
                // The SDK answers tools/call params it cannot bind with -32603 "An error occurred."; say what is wrong, as -32602.
                if (context.JsonRpcMessage is JsonRpcRequest { Method: RequestMethods.ToolsCall } call && InvalidToolCallParams(call.Params) is { } problem)
                {
                    throw new McpProtocolException(problem, McpErrorCode.InvalidParams);
                }

                await next(context, ct).ConfigureAwait(false);
            }));
        // After every Configure, whichever order the host and this call come in: a host's own name and instructions
        // must not be replaced by ours (a Configure here would win or lose depending on registration order).
        var trackNames = toolset.Definitions.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        services.AddOptions<McpServerOptions>().PostConfigure<IServiceProvider>((o, provider) =>
        {
            // The SDK keeps one of two tools with the same name and drops the other without a word.
            var clash = provider.GetServices<McpServerTool>()
                .GroupBy(t => t.ProtocolTool.Name, StringComparer.Ordinal)
                .FirstOrDefault(g => g.Count() > 1 && trackNames.Contains(g.Key));
            if (clash is not null)
            {
                throw new InvalidOperationException(
                    $"Two MCP tools are named {clash.Key}: a Track tool and another one of this server. Leave the Track one out with TrackToolsOptions.Exclude, or rename the other.");
            }

            o.ServerInfo ??= new Implementation { Name = Name, Title = "Customer.io Track API", Version = Version };
            if (string.IsNullOrEmpty(o.ServerInstructions))
            {
                o.ServerInstructions = instructions;
            }
            else if (!o.ServerInstructions.Contains(instructions, StringComparison.Ordinal))
            {
                o.ServerInstructions += "\n\n" + instructions;
            }
        });
        return sandbox is null ? builder : builder.WithResources(SandboxResources.Create(sandbox));
    }

    /// <summary>Why tools/call params are not <c>{"name": string, "arguments"?: object}</c>, or null when they are.</summary>
    internal static string? InvalidToolCallParams(System.Text.Json.Nodes.JsonNode? parameters)
    {
        if (parameters is not System.Text.Json.Nodes.JsonObject body)
        {
            return "tools/call params must be an object with \"name\" (a string) and \"arguments\" (an object).";
        }

        if (!body.TryGetPropertyValue("name", out var name) || name?.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            return "tools/call params need \"name\": the tool's name as a string (see tools/list).";
        }

        return body.TryGetPropertyValue("arguments", out var arguments) && arguments is not null and not System.Text.Json.Nodes.JsonObject
            ? $"tools/call \"arguments\" must be an object of parameter names and values, not {arguments.GetValueKind().ToString().ToLowerInvariant()}."
            : null;
    }

    private static void AddStderrLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        // stdout belongs to JSON-RPC: every log line goes to stderr.
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(LogLevel.Information);
    }

    /// <summary>Serves until the input ends (and the requests read by then are answered) or <paramref name="cancellationToken"/> fires.</summary>
    internal static async Task RunStdioAsync(TrackToolset toolset, string startupLine, Stream? input, Stream? output, CancellationToken cancellationToken, CustomerioTrack.Sandbox.TrackSandbox? sandbox = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        AddStderrLogging(builder.Logging);
        var replies = new PendingReplies();
        var drainingInput = new DrainingInputStream(input ?? Console.OpenStandardInput(), replies);
        builder.Services.AddTrackMcpServer(toolset, sandbox)
            .WithStreamServerTransport(drainingInput, output ?? new BufferedStream(Console.OpenStandardOutput()))
            .WithMessageFilters(filters => filters.AddOutgoingFilter(next => async (context, ct) =>
            {
                try
                {
                    await next(context, ct).ConfigureAwait(false);
                }
                finally
                {
                    if (context.JsonRpcMessage is JsonRpcMessageWithId { Id: var id } and (JsonRpcResponse or JsonRpcError))
                    {
                        replies.ReplySent(JsonRpcLine.KeyOf(id));
                    }
                }
            }));

        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(Name);
        logger.LogInformation("Customer.io Track MCP server {Version} on stdio: {Configuration}", Version, startupLine);
        await host.RunAsync(cancellationToken).ConfigureAwait(false);
        if (drainingInput.UnansweredAtEnd > 0)
        {
            logger.LogWarning("The input ended with {Count} request(s) still unanswered after {Seconds} s; exiting without their replies.", drainingInput.UnansweredAtEnd, DrainingInputStream.DrainLimit.TotalSeconds);
        }
    }

    // Kestrel wraps the socket error (IOException for a port in use, SocketException otherwise); the operator needs
    // the address, the reason and the flag to change, not a stack trace.
    private static string ListenFailure(string host, int port, Exception exception)
    {
        var socket = exception;
        while (socket is not null and not System.Net.Sockets.SocketException)
        {
            socket = socket.InnerException;
        }

        var socketError = (socket as System.Net.Sockets.SocketException)?.SocketErrorCode;
        var address = $"{HttpGuard.NormalizeHost(host)}:{port}";
        return socketError switch
        {
            System.Net.Sockets.SocketError.AddressAlreadyInUse =>
                $"Cannot listen on {address}: the port is already in use (another server, or another customerio-track-mcp, is on it). Choose a free one with --port.",
            System.Net.Sockets.SocketError.AddressNotAvailable =>
                $"Cannot listen on {address}: {host} is not an address of this machine. Use --host with one of its addresses, 127.0.0.1, or 0.0.0.0 for every interface.",
            System.Net.Sockets.SocketError.AccessDenied =>
                $"Cannot listen on {address}: permission denied (ports below 1024 usually need privileges). Choose another with --port.",
            _ => $"Cannot listen on {address}: {(socket ?? exception).Message}",
        };
    }

    /// <summary>Serves Streamable HTTP at /mcp until <paramref name="cancellationToken"/> fires.</summary>
    internal static async Task RunHttpAsync(TrackToolset toolset, string startupLine, string host, int port, string? token, TextWriter stderr, CancellationToken cancellationToken, CustomerioTrack.Sandbox.TrackSandbox? sandbox = null, IReadOnlyList<string>? allowedHosts = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        AddStderrLogging(builder.Logging);
        // A failure to listen is reported as one actionable line (exit 2); the host's own error entry is a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        // Its per-request lines carry the whole URL, query string included, where a client may have put a token;
        // refusals are logged by the guard instead, with the path only.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // The only addresses are the ones checked above (a non-loopback one needs a token): an inherited
            // Kestrel__Endpoints__* or ASPNETCORE_Kestrel__* variable must not add an unprotected one.
            kestrel.Configure(new ConfigurationBuilder().Build(), reloadOnChange: false);
            if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                kestrel.ListenLocalhost(port);
            }
            else if (host is "*" or "+")
            {
                kestrel.ListenAnyIP(port);
            }
            else
            {
                kestrel.Listen(IPAddress.Parse(host.Trim('[', ']')), port);
            }
        });
        builder.Services.AddTrackMcpServer(toolset, sandbox).WithHttpTransport();
        builder.Services.AddSingleton(services => new HttpGuard(host, token, allowedHosts ?? [], services.GetRequiredService<ILoggerFactory>().CreateLogger(Name)));

        await using var app = builder.Build();
        var guard = app.Services.GetRequiredService<HttpGuard>();
        app.Use((context, next) => guard.InvokeAsync(context, next));
        app.Use(OversizedRequestAnswer.InvokeAsync);
        app.MapMcp("/mcp");

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException)
        {
            throw new UsageException(ListenFailure(host, port, exception));
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            await stderr.WriteLineAsync($"customerio-track-mcp: listening on {address.TrimEnd('/')}/mcp{(token is null ? " (no token: loopback only)" : " (bearer token required)")}").ConfigureAwait(false);
        }

        if (guard.ChecksNoHost)
        {
            await stderr.WriteLineAsync($"customerio-track-mcp: bound to every interface, so the Host header is not checked; pass --allowed-host NAME (or {TrackEnvironment.AllowedHostsVariable}) with the names clients use, to refuse any other.").ConfigureAwait(false);
        }

        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(Name).LogInformation("Customer.io Track MCP server {Version} on HTTP: {Configuration}", Version, startupLine);
        await stderr.FlushAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).WaitAsync(app.Lifetime.ApplicationStopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
