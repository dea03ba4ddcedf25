using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CustomerioTrack.Benchmarks;

/// <summary>
/// The stand-in for Customer.io: Kestrel on 127.0.0.1 that reads every request body to the end and answers 200 <c>{}</c>.
/// <c>GET /__stats</c> returns how many requests and body bytes it has seen (not counted itself), so the harness can
/// check that each path really sent what it claims.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private static readonly byte[] Empty = "{}"u8.ToArray();
    private readonly WebApplication _app;
    private long _requests;
    private long _bytes;

    private LoopbackServer(WebApplication app) => _app = app;

    public int Port { get; private set; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}");

    public static async Task<LoopbackServer> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o =>
        {
            o.AddServerHeader = false;
            o.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
            o.Listen(IPAddress.Loopback, port);
        });
        var app = builder.Build();
        var server = new LoopbackServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Port = new Uri(address).Port;
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path == "/__stats")
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"requests":{{Interlocked.Read(ref _requests)}},"bytes":{{Interlocked.Read(ref _bytes)}}}""").ConfigureAwait(false);
            return;
        }

        long length = 0;
        var reader = context.Request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync().ConfigureAwait(false);
            length += read.Buffer.Length;
            reader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                break;
            }
        }

        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _bytes, length);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = Empty.Length;
        await context.Response.Body.WriteAsync(Empty).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary><c>server --port N</c>: runs until stdin closes or Ctrl+C; prints "listening http://127.0.0.1:N".</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var port = Cli.Int(args, "--port", 0);
        await using var server = await StartAsync(port).ConfigureAwait(false);
        Console.WriteLine($"listening {server.BaseUrl}");
        Console.Out.Flush();
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        var stdinClosed = Task.Run(() => { while (Console.In.ReadLine() is not null) { } });
        await Task.WhenAny(stdinClosed, Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default)).ConfigureAwait(false);
        return 0;
    }
}
