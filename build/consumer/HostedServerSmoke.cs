// The CustomerioTrack.Mcp.Hosting package as a host app uses it: the app's own MCP server (its name, a tool of its
// own), the Track tools added with AddTrackMcpServer, then tools/list and a tools/call over MCP reaching the stub.
using System.IO.Pipelines;
using CustomerioTrack.Mcp;
using CustomerioTrack.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

internal static class HostedServerSmoke
{
    public static async Task<int> RunAsync(TrackToolset tools, Func<Task<(string Line, bool Authorized)>> answerNextRequest)
    {
        var clientToServer = new Pipe();
        var serverToClient = new Pipe();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddMcpServer(o => o.ServerInfo = new Implementation { Name = "consumer-app", Version = "1.0" })
            .WithTools([McpServerTool.Create(() => "pong", new McpServerToolCreateOptions { Name = "ping", Description = "The app's own tool." })])
            .WithStreamServerTransport(clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream());
        builder.Services.AddTrackMcpServer(tools);
        using var host = builder.Build();

        var trackNames = tools.Definitions.Select(d => d.Name).ToList();
        var registered = host.Services.GetRequiredService<IOptions<McpServerOptions>>().Value.ToolCollection!.Select(t => t.ProtocolTool.Name).ToHashSet();
        var missing = trackNames.Where(name => !registered.Contains(name)).ToList();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.StartAsync(timeout.Token);
        await using var client = await McpClient.CreateAsync(new StreamClientTransport(clientToServer.Writer.AsStream(), serverToClient.Reader.AsStream()), cancellationToken: timeout.Token);
        var listed = (await client.ListToolsAsync(cancellationToken: timeout.Token)).Select(t => t.Name).ToList();
        var seen = answerNextRequest();
        var result = await client.CallToolAsync("DeleteCustomer", new Dictionary<string, object?> { ["customer_identifier"] = "bob@example.com" }, cancellationToken: timeout.Token);
        var (request, authorized) = await seen;
        await host.StopAsync(timeout.Token);

        var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));
        if (trackNames.Count != 17 || missing.Count > 0 || !registered.Contains("ping") || listed.Count != 18 || !listed.Contains("UpdateOrAddPerson")
            || client.ServerInfo?.Name != "consumer-app" || client.ServerInstructions?.Contains(TrackMcpServer.Instructions, StringComparison.Ordinal) != true
            || result.IsError == true || request != "DELETE /api/v1/customers/bob%40example.com" || !authorized)
        {
            Console.Error.WriteLine($"hosted consumer smoke FAILED: registered={registered.Count} missing=[{string.Join(",", missing)}] listed={listed.Count} server={client.ServerInfo?.Name} request='{request}' authorized={authorized} result={text}");
            return 1;
        }

        Console.WriteLine($"hosted consumer smoke passed: AddTrackMcpServer registered {trackNames.Count} Track tools beside the app's own, tools/list {listed.Count}, tools/call DeleteCustomer -> {request}");
        return 0;
    }
}
