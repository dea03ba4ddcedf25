using System.Net;
using CustomerioTrack.Sandbox;
using CustomerioTrack.Tools;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CustomerioTrack.Mcp;

/// <summary>Serves the command's MCP server over stdio (or any pair of streams) or Streamable HTTP.</summary>
internal static class McpTransports
{
    /// <summary>Default HTTP port.</summary>
    public const int DefaultPort = 5107;

    private const string SandboxInstructions =
        " SANDBOX MODE: calls go to a local emulator, not Customer.io; read sandbox:// resources to see the resulting state.";

    /// <summary>The Track MCP server, plus in sandbox mode the sandbox's state as resources and a word on it in the instructions.</summary>
    private static IMcpServerBuilder AddServer(IServiceCollection services, TrackToolset toolset, TrackSandbox? sandbox)
    {
        var builder = services.AddTrackMcpServer(toolset);
        if (sandbox is null)
        {
            return builder;
        }

        // Registered after AddTrackMcpServer's own PostConfigure, so it follows the Track instructions.
        services.PostConfigure<McpServerOptions>(o => o.ServerInstructions += SandboxInstructions);
        return builder.WithResources(SandboxResources.Create(sandbox));
    }

    private static void AddStderrLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        // stdout belongs to JSON-RPC: every log line goes to stderr.
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(LogLevel.Information);
    }

    /// <summary>Serves until the input ends (and the requests read by then are answered) or <paramref name="cancellationToken"/> fires.</summary>
    internal static async Task RunStdioAsync(TrackToolset toolset, string startupLine, Stream? input, Stream? output, CancellationToken cancellationToken, TrackSandbox? sandbox = null, RetryLog? retries = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        AddStderrLogging(builder.Logging);
        var replies = new PendingReplies();
        var lineOutput = new LineAtomicStream(output ?? new BufferedStream(Console.OpenStandardOutput()));
        var drainingInput = new DrainingInputStream(input ?? Console.OpenStandardInput(), replies, lineOutput);
        AddServer(builder.Services, toolset, sandbox)
            .WithStreamServerTransport(drainingInput, lineOutput)
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
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(TrackMcpServer.Name);
        drainingInput.Start(logger);
        retries?.WriteTo(line => logger.LogWarning("{Retry}", line));
        logger.LogInformation("Customer.io Track MCP server {Version} on stdio: {Configuration}", TrackMcpServer.Version, startupLine);
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
    internal static async Task RunHttpAsync(TrackToolset toolset, string startupLine, string host, int port, string? token, TextWriter stderr, CancellationToken cancellationToken, TrackSandbox? sandbox = null, IReadOnlyList<string>? allowedHosts = null, RetryLog? retries = null)
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
        AddServer(builder.Services, toolset, sandbox).WithHttpTransport();
        builder.Services.AddSingleton(services => new HttpGuard(host, token, allowedHosts ?? [], services.GetRequiredService<ILoggerFactory>().CreateLogger(TrackMcpServer.Name)));

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

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(TrackMcpServer.Name);
        retries?.WriteTo(line => logger.LogWarning("{Retry}", line));
        logger.LogInformation("Customer.io Track MCP server {Version} on HTTP: {Configuration}", TrackMcpServer.Version, startupLine);
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
