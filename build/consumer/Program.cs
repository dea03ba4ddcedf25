// Throwaway consumer of the packed packages (used by the Cake PackSmoke task): builds against the NuGet packages,
// not the projects, calls a tool against a local stub, then hosts the tools in its own MCP server
// (CustomerioTrack.Mcp.Hosting) and calls one over MCP against the same stub.
using System.Net;
using System.Net.Sockets;
using CustomerioTrack.Client;
using CustomerioTrack.Tools;

var probe = new TcpListener(IPAddress.Loopback, 0);
probe.Start();
var port = ((IPEndPoint)probe.LocalEndpoint).Port;
probe.Stop();

using var listener = new HttpListener();
listener.Prefixes.Add($"http://127.0.0.1:{port}/");
listener.Start();

// Answers the next request with 200 {} and says what it was and whether it carried credentials.
async Task<(string Line, bool Authorized)> AnswerNextRequestAsync()
{
    var context = await listener.GetContextAsync().WaitAsync(TimeSpan.FromSeconds(60));
    var line = context.Request.HttpMethod + " " + context.Request.RawUrl;
    var authorized = context.Request.Headers["Authorization"] is not null;
    context.Response.StatusCode = 200;
    context.Response.ContentType = "application/json";
    await context.Response.OutputStream.WriteAsync("{}"u8.ToArray());
    context.Response.Close();
    return (line, authorized);
}

var client = TrackClientFactory.Create(new TrackClientOptions { SiteId = "site", ApiKey = "consumer-smoke-key-0001", BaseUrl = new Uri($"http://127.0.0.1:{port}") });
var tools = TrackTools.Create(client);
var seen = AnswerNextRequestAsync();
var result = await tools.InvokeAsync("DeleteCustomer", """{"customer_identifier":"ann+1@example.com"}""");
var (request, authorizedRequest) = await seen;

if (result.IsError || request != "DELETE /api/v1/customers/ann%2B1%40example.com" || !authorizedRequest || tools.Definitions.Count != 17)
{
    Console.Error.WriteLine($"consumer smoke FAILED: tools={tools.Definitions.Count} request='{request}' authorized={authorizedRequest} result={result.ToJson()}");
    return 1;
}

Console.WriteLine($"consumer smoke passed: {tools.Definitions.Count} tools, {request} -> {result.ToJson()}");
return await HostedServerSmoke.RunAsync(tools, AnswerNextRequestAsync);
