using System.IO.Pipelines;
using System.Text.Json;
using CustomerioTrack.Client;
using CustomerioTrack.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CustomerioTrack.Mcp.Tests;

/// <summary><see cref="TrackMcpServer.AddTrackMcpServer"/> in a host that already is an MCP server with its own name, instructions and tools.</summary>
public sealed class EmbeddedServerTests
{
    private const string HostInstructions = "Host instructions: use echo to test the connection.";

    private static TrackToolset Toolset() => TrackTools.Create(() => TrackClientFactory.Create(new TrackClientOptions()), new TrackToolsOptions { DryRun = true });

    private static McpServerTool Echo() =>
        McpServerTool.Create((string text) => "echo: " + text, new McpServerToolCreateOptions { Name = "echo", Description = "Echoes." });

    private static async Task<(IHost Host, McpClient Client)> StartAsync(Action<IServiceCollection, IMcpServerBuilder?> configure, bool trackFirst)
    {
        var clientToServer = new Pipe();
        var serverToClient = new Pipe();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var toolset = Toolset();
        IMcpServerBuilder mcp;
        if (trackFirst)
        {
            mcp = builder.Services.AddTrackMcpServer(toolset);
            builder.Services.AddMcpServer(o =>
            {
                o.ServerInfo = new Implementation { Name = "my-app", Version = "1.2.3" };
                o.ServerInstructions = HostInstructions;
            }).WithTools([Echo()]);
        }
        else
        {
            mcp = builder.Services.AddMcpServer(o =>
            {
                o.ServerInfo = new Implementation { Name = "my-app", Version = "1.2.3" };
                o.ServerInstructions = HostInstructions;
            }).WithTools([Echo()]);
            builder.Services.AddTrackMcpServer(toolset);
        }

        mcp.WithStreamServerTransport(clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream());
        var host = builder.Build();
        await host.StartAsync();
        var client = await McpClient.CreateAsync(new StreamClientTransport(clientToServer.Writer.AsStream(), serverToClient.Reader.AsStream()));
        return (host, client);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Adding_the_Track_tools_keeps_the_hosts_name_instructions_and_tools(bool trackFirst)
    {
        var (host, client) = await StartAsync((_, _) => { }, trackFirst);
        try
        {
            Assert.Equal("my-app", client.ServerInfo!.Name);
            Assert.Equal("1.2.3", client.ServerInfo!.Version);
            Assert.Contains(HostInstructions, client.ServerInstructions!, StringComparison.Ordinal);
            Assert.Contains("Customer.io's Track API", client.ServerInstructions!, StringComparison.Ordinal);

            var tools = (await client.ListToolsAsync()).Select(t => t.Name).ToList();
            Assert.Contains("echo", tools);
            Assert.Contains("UpdateOrAddPerson", tools);
            Assert.Equal(18, tools.Count);

            var echo = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["text"] = "hi" });
            Assert.Contains("echo: hi", JsonSerializer.Serialize(echo.Content), StringComparison.Ordinal);
            var schema = await client.CallToolAsync("UpdateOrAddPerson", new Dictionary<string, object?> { ["mode"] = "get_request_schema" });
            Assert.NotEqual(true, schema.IsError);
        }
        finally
        {
            await client.DisposeAsync();
            await host.StopAsync();
            host.Dispose();
        }
    }

    [Fact]
    public async Task Alone_it_announces_the_Track_server()
    {
        var clientToServer = new Pipe();
        var serverToClient = new Pipe();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddTrackMcpServer(Toolset()).WithStreamServerTransport(clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream());
        using var host = builder.Build();
        await host.StartAsync();
        await using var client = await McpClient.CreateAsync(new StreamClientTransport(clientToServer.Writer.AsStream(), serverToClient.Reader.AsStream()));
        Assert.Equal(TrackMcpServer.Name, client.ServerInfo!.Name);
        Assert.Equal(TrackMcpServer.Instructions, client.ServerInstructions);
        Assert.Equal(17, (await client.ListToolsAsync()).Count);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_host_tool_named_like_a_Track_tool_is_refused_when_the_server_starts()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddMcpServer().WithTools([McpServerTool.Create(() => "mine", new McpServerToolCreateOptions { Name = "DeleteCustomer" })]);
        builder.Services.AddTrackMcpServer(Toolset());
        using var host = builder.Build();
        var error = Record.Exception(() => host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<McpServerOptions>>().Value);
        var clash = Assert.IsType<InvalidOperationException>(error);
        Assert.Contains("DeleteCustomer", clash.Message, StringComparison.Ordinal);
        Assert.Contains("TrackToolsOptions.Exclude", clash.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Excluding_the_clashing_Track_tool_resolves_it()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddMcpServer().WithTools([McpServerTool.Create(() => "mine", new McpServerToolCreateOptions { Name = "DeleteCustomer" })]);
        builder.Services.AddTrackMcpServer(TrackTools.Create(() => TrackClientFactory.Create(new TrackClientOptions()), new TrackToolsOptions { Exclude = ["DeleteCustomer"] }));
        using var host = builder.Build();
        var tools = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<McpServerOptions>>().Value.ToolCollection!;
        Assert.Equal(17, tools.Count);
        Assert.IsNotType<TrackMcpTool>(tools.Single(t => t.ProtocolTool.Name == "DeleteCustomer"));
    }
}
