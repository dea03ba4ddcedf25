using System.Text.Json;
using CustomerioTrack.Client;
using CustomerioTrack.Mcp.Hosting.Tests.Support;
using CustomerioTrack.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CustomerioTrack.Mcp.Hosting.Tests;

/// <summary><see cref="TrackMcpServer.AddTrackMcpServer"/> in a host that already is an MCP server with its own name, instructions and tools.</summary>
public sealed class EmbeddedServerTests
{
    private const string HostInstructions = "Host instructions: use echo to test the connection.";

    private static TrackToolset Toolset() => TrackTools.Create(() => TrackClientFactory.Create(new TrackClientOptions()), new TrackToolsOptions { DryRun = true });

    private static McpServerTool Echo() =>
        McpServerTool.Create((string text) => "echo: " + text, new McpServerToolCreateOptions { Name = "echo", Description = "Echoes." });

    private static IMcpServerBuilder AddHostServer(IServiceCollection services) =>
        services.AddMcpServer(o =>
        {
            o.ServerInfo = new Implementation { Name = "my-app", Version = "1.2.3" };
            o.ServerInstructions = HostInstructions;
        }).WithTools([Echo()]);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Adding_the_Track_tools_keeps_the_hosts_name_instructions_and_tools(bool trackFirst)
    {
        await using var server = await PipeHost.StartAsync(services =>
        {
            if (trackFirst)
            {
                services.AddTrackMcpServer(Toolset());
                return AddHostServer(services);
            }

            var mcp = AddHostServer(services);
            services.AddTrackMcpServer(Toolset());
            return mcp;
        });
        var client = server.Client;

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

    [Fact]
    public async Task Alone_it_announces_the_Track_server()
    {
        await using var server = await PipeHost.StartAsync(services => services.AddTrackMcpServer(Toolset()));

        Assert.Equal(TrackMcpServer.Name, server.Client.ServerInfo!.Name);
        Assert.Equal(TrackMcpServer.Version, server.Client.ServerInfo!.Version);
        Assert.Equal(TrackMcpServer.Instructions, server.Client.ServerInstructions);
        Assert.Equal(17, (await server.Client.ListToolsAsync()).Count);
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
