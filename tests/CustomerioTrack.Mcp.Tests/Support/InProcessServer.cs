using System.Collections;
using System.IO.Pipelines;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace CustomerioTrack.Mcp.Tests.Support;

/// <summary>
/// The real command (<see cref="CliApp.RunAsync"/>, argument parsing and environment included) serving MCP over two pipes,
/// with the SDK's client on the other end. No process, no port.
/// </summary>
public sealed class InProcessServer : IAsyncDisposable
{
    private readonly Pipe _clientToServer = new();
    private readonly Pipe _serverToClient = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<int> _server;

    private InProcessServer(string[] args, IDictionary environment)
    {
        Stderr = new StringWriter();
        _server = Task.Run(() => CliApp.RunAsync(args, TextWriter.Null, TextWriter.Synchronized(Stderr), environment, _stop.Token,
            _clientToServer.Reader.AsStream(), _serverToClient.Writer.AsStream()));
    }

    public McpClient Client { get; private set; } = null!;

    public StringWriter Stderr { get; }

    public static async Task<InProcessServer> StartAsync(IDictionary environment, params string[] args)
    {
        var server = new InProcessServer(args, environment);
        var transport = new StreamClientTransport(server._clientToServer.Writer.AsStream(), server._serverToClient.Reader.AsStream());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var connect = McpClient.CreateAsync(transport, cancellationToken: timeout.Token);
        var first = await Task.WhenAny(connect, server._server);
        if (first == server._server)
        {
            throw new InvalidOperationException($"The server exited with {await server._server} before the client connected: {server.Stderr}");
        }

        server.Client = await connect;
        return server;
    }

    public async Task<IList<McpClientTool>> ListToolsAsync() => await Client.ListToolsAsync();

    public async Task<CallToolResult> CallAsync(string tool, string argumentsJson)
    {
        var arguments = JsonSerializer.Deserialize<Dictionary<string, object?>>(argumentsJson)!;
        return await Client.CallToolAsync(tool, arguments);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _clientToServer.Writer.CompleteAsync();
        _stop.Cancel();
        try
        {
            await _server.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
