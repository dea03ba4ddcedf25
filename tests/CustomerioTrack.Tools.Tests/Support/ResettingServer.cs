using System.Net;
using System.Net.Sockets;

namespace CustomerioTrack.Tools.Tests.Support;

/// <summary>Accepts connections, reads the request head, then resets the connection (TCP RST): the request may have been processed.</summary>
public sealed class ResettingServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private int _connections;

    public ResettingServer()
    {
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public int Connections => Volatile.Read(ref _connections);

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using var socket = await _listener.AcceptSocketAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                var buffer = new byte[8192];
                await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
