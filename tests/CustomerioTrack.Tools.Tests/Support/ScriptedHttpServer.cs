using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CustomerioTrack.Tools.Tests.Support;

/// <summary>
/// A bare HTTP/1.1 server on loopback for answers WireMock cannot give: it reads each request (head and
/// Content-Length body), then hands the socket's stream to <c>answer</c>, which writes whatever bytes it likes (a head
/// that promises more than follows, a body dripped byte by byte, an endless body) and may close the connection early.
/// </summary>
public sealed class ScriptedHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<Stream, CancellationToken, Task> _answer;
    private int _requests;

    public ScriptedHttpServer(Func<Stream, CancellationToken, Task> answer)
    {
        _answer = answer;
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>Requests read so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>A response head with the given status and headers (each "Name: value"), ending in the blank line.</summary>
    public static byte[] Head(int status, params string[] headers) =>
        Encoding.ASCII.GetBytes($"HTTP/1.1 {status} Status\r\n" + string.Concat(headers.Select(h => h + "\r\n")) + "\r\n");

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                _ = ServeAsync(socket);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        try
        {
            await using var stream = new NetworkStream(socket, ownsSocket: true);
            await ReadRequestAsync(stream, _stop.Token);
            Interlocked.Increment(ref _requests);
            await _answer(stream, _stop.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or IOException or SocketException)
        {
            // The client went away (as it should when it gives up on an answer).
        }
    }

    private static async Task ReadRequestAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new IOException("The client closed the connection before its request head ended.");
            }

            head.Add(one[0]);
        }

        var length = Encoding.ASCII.GetString(head.ToArray()).Split("\r\n")
            .Where(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(line => int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, cancellationToken);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
