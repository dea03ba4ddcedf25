using System.Net;
using System.Net.Sockets;
using CustomerioTrack.Mcp.Tests.Support;

namespace CustomerioTrack.Mcp.Tests;

/// <summary>The built server process listens only where --host/--port say, whatever ASP.NET configuration it inherits.</summary>
public sealed class HttpListenAddressTests
{
    [Fact]
    public async Task Inherited_kestrel_endpoint_variables_add_no_listening_address()
    {
        var port = HttpTransportTests.FreePort();
        var plain = HttpTransportTests.FreePort();
        var prefixed = HttpTransportTests.FreePort();
        using var stop = new CancellationTokenSource();
        var serverTask = ProcessRunner.RunAsync("dotnet", [Repo.ServerDll, "--http", "--port", port.ToString()], environment: new Dictionary<string, string>
        {
            // Loopback here so the test exposes nothing; in a container the same variables usually say 0.0.0.0.
            ["Kestrel__Endpoints__Extra__Url"] = $"http://127.0.0.1:{plain}",
            ["ASPNETCORE_Kestrel__Endpoints__Extra2__Url"] = $"http://127.0.0.1:{prefixed}",
        }, timeout: TimeSpan.FromMinutes(3), stop: stop.Token);

        await WaitForPortAsync(port, serverTask);
        var plainOpen = await AcceptsAsync(plain);
        var prefixedOpen = await AcceptsAsync(prefixed);
        await stop.CancelAsync();
        await serverTask.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(plainOpen);
        Assert.False(prefixedOpen);
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task WaitForPortAsync(int port, Task<(int Exit, string Out, string Err)> server)
    {
        for (var i = 0; i < 600; i++)
        {
            if (server.IsCompleted)
            {
                var (exit, _, err) = await server;
                throw new InvalidOperationException($"The server exited with {exit}: {err}");
            }

            if (await AcceptsAsync(port))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The server did not listen on {port}.");
    }
}
