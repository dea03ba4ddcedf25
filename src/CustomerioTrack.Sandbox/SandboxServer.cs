using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CustomerioTrack.Sandbox;

/// <summary>The sandbox as a standalone HTTP server on 127.0.0.1 (Kestrel).</summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsSandbox;

    private SandboxServer(WebApplication app, TrackSandbox sandbox, Uri baseUrl, bool ownsSandbox)
    {
        _app = app;
        Sandbox = sandbox;
        BaseUrl = baseUrl;
        _ownsSandbox = ownsSandbox;
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:54321/</c>. Node clients use <c>{BaseUrl}api/v1</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The sandbox behind the server.</summary>
    public TrackSandbox Sandbox { get; }

    /// <summary>The sandbox's inspector.</summary>
    public SandboxInspector Inspector => Sandbox.Inspector;

    /// <summary>Opens the sandbox described by <paramref name="options"/> and serves it on 127.0.0.1:<see cref="SandboxOptions.Port"/> (0: a free port).</summary>
    public static async Task<SandboxServer> StartAsync(SandboxOptions options, CancellationToken cancellationToken = default)
    {
        var sandbox = TrackSandbox.Open(options);
        try
        {
            return await StartAsync(sandbox, options.Port, ownsSandbox: true, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            sandbox.Dispose();
            throw;
        }
    }

    /// <summary>Serves an open sandbox (which the caller keeps owning) on 127.0.0.1:<paramref name="port"/>.</summary>
    public static Task<SandboxServer> StartAsync(TrackSandbox sandbox, int port = 0, CancellationToken cancellationToken = default) =>
        StartAsync(sandbox, port, ownsSandbox: false, cancellationToken);

    private static async Task<SandboxServer> StartAsync(TrackSandbox sandbox, int port, bool ownsSandbox, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, SandboxHostLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 10 * 1024 * 1024;
        });
        var app = builder.Build();
        app.Run(async context =>
        {
            var request = context.Request;
            var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.PathBase + request.Path + request.QueryString).ToString();
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            var answer = await sandbox.HandleAsync(
                new SandboxRequest(request.Method.ToUpperInvariant(), raw, request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null, buffer.ToArray()),
                context.RequestAborted).ConfigureAwait(false);
            context.Response.StatusCode = answer.StatusCode;
            foreach (var (name, value) in answer.Headers)
            {
                context.Response.Headers.Append(name, value);
            }

            if (answer.Body is not null)
            {
                context.Response.ContentType = "application/json; charset=utf-8";
                await context.Response.WriteAsync(answer.Body, context.RequestAborted).ConfigureAwait(false);
            }
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var baseUrl = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        sandbox.Engine.PublicBaseUrl = baseUrl.ToString().TrimEnd('/');
        return new SandboxServer(app, sandbox, baseUrl, ownsSandbox);
    }

    /// <summary>Completes when the server stops (<see cref="StopAsync"/> or the token).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops listening.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        if (_ownsSandbox)
        {
            Sandbox.Dispose();
        }
    }
}
