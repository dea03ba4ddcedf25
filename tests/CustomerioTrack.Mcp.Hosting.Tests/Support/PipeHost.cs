using System.IO.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace CustomerioTrack.Mcp.Hosting.Tests.Support;

/// <summary>
/// A host app made of the test's own registrations, serving its MCP server over two pipes with the SDK's client on the
/// other end. No process, no port.
/// </summary>
public sealed class PipeHost : IAsyncDisposable
{
    private readonly IHost _host;

    private PipeHost(IHost host, McpClient client)
    {
        _host = host;
        Client = client;
    }

    public McpClient Client { get; }

    /// <param name="register">Registers the app's services and returns the MCP server builder to serve over the pipes.</param>
    public static async Task<PipeHost> StartAsync(Func<IServiceCollection, IMcpServerBuilder> register)
    {
        var clientToServer = new Pipe();
        var serverToClient = new Pipe();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        register(builder.Services).WithStreamServerTransport(clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream());
        var host = builder.Build();
        await host.StartAsync();
        var client = await McpClient.CreateAsync(new StreamClientTransport(clientToServer.Writer.AsStream(), serverToClient.Reader.AsStream()));
        return new PipeHost(host, client);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _host.StopAsync();
        _host.Dispose();
    }
}
