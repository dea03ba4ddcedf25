using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using CustomerioTrack.Client;
using CustomerioTrack.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelContextProtocol.Server;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace CustomerioTrack.Mcp.Hosting.Tests;

/// <summary>
/// A tools/call whose params hold an escaped lone surrogate (valid JSON, not text), in a host app's own MCP server. The
/// SDK cannot bind such params and answered -32603 "An error occurred.". Written as raw lines: the SDK's client cannot
/// send such a string.
/// </summary>
public sealed class LoneSurrogateCallTests : IDisposable
{
    private const string Initialize = """{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""";

    private readonly WireMockServer _api = WireMockServer.Start();

    public LoneSurrogateCallTests() =>
        _api.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200).WithBody("{}"));

    [Fact]
    public async Task A_track_tool_answers_with_its_unicode_problem_naming_the_argument_and_sends_nothing()
    {
        var reply = await CallAsync("""{"name":"UpdateOrAddPerson","arguments":{"mode":"execute","person_identifier":"42","request_body":{"plan":"a\ud800b"}}}""");

        var result = reply.GetProperty("result");
        Assert.True(result.GetProperty("isError").GetBoolean(), reply.ToString());
        var problem = Assert.Single(result.GetProperty("structuredContent").GetProperty("error").GetProperty("problems").EnumerateArray());
        Assert.Equal("request_body/plan", problem.GetProperty("field").GetString());
        Assert.Equal("unicode", problem.GetProperty("rule").GetString());
        Assert.Equal(
            "'request_body/plan' contains \\uD800, half of a UTF-16 surrogate pair without its other half; it is not a Unicode character and cannot be sent. Send the real characters (one outside the Basic Multilingual Plane is a pair, such as \\uD83D\\uDE00)",
            problem.GetProperty("message").GetString());
        Assert.Empty(_api.LogEntries);
    }

    [Fact]
    public async Task A_host_tool_call_gets_invalid_params_naming_the_path()
    {
        var reply = await CallAsync("""{"name":"echo","arguments":{"text":"\udfff"}}""");

        var error = reply.GetProperty("error");
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Equal(
            "Invalid params: the string at $.params.arguments.text holds a \\u escape of half a UTF-16 surrogate pair (\\uD800-\\uDFFF) without its other half, which is not a Unicode character. Send the real characters (one outside the Basic Multilingual Plane is a pair, such as \\uD83D\\uDE00).",
            error.GetProperty("message").GetString());
    }

    /// <summary>Sends initialize and the call to a host app serving its own tool and the Track tools; returns the call's reply.</summary>
    private async Task<JsonElement> CallAsync(string parameters)
    {
        var toolset = TrackTools.Create(() => TrackClientFactory.Create(new TrackClientOptions { SiteId = "site-1", ApiKey = "hosted-key-0001", BaseUrl = new Uri(_api.Url!) }), new TrackToolsOptions());
        var clientToServer = new Pipe();
        var serverToClient = new Pipe();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddMcpServer()
            .WithTools([McpServerTool.Create((string text) => "echo: " + text, new McpServerToolCreateOptions { Name = "echo" })])
            .WithStreamServerTransport(clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream());
        builder.Services.AddTrackMcpServer(toolset);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var call = $$"""{"jsonrpc":"2.0","id":"call","method":"tools/call","params":{{parameters}}}""";
            await clientToServer.Writer.WriteAsync(Encoding.UTF8.GetBytes(Initialize + "\n" + call + "\n"));
            using var replies = new StreamReader(serverToClient.Reader.AsStream(), Encoding.UTF8);
            while (await replies.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) is { } line)
            {
                var message = JsonDocument.Parse(line).RootElement.Clone();
                if (message.TryGetProperty("id", out var id) && id.GetString() == "call")
                {
                    return message;
                }
            }

            throw new InvalidOperationException("The server closed its output without answering the call.");
        }
        finally
        {
            await host.StopAsync();
        }
    }

    public void Dispose() => _api.Dispose();
}
