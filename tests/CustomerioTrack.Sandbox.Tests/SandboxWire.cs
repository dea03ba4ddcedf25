using System.Net.Sockets;
using System.Text;

namespace CustomerioTrack.Sandbox.Tests;

/// <summary>Sends one request to a sandbox in-process or over a socket to <see cref="SandboxServer"/>, and returns the sandbox's headers as sent.</summary>
public static class SandboxWire
{
    public const string InProcess = "in-process";
    public const string Server = "server";

    /// <summary>Status, body, and each <c>X-CustomerioTrack-*</c> header value as <c>Name: value</c>, in order.</summary>
    public static async Task<(int Status, string Body, List<string> Headers)> Send(SandboxHarness h, string transport, HttpMethod method, string path, string? body)
    {
        if (transport == InProcess)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = h.Auth;
            using var response = await h.Http.SendAsync(request);
            var headers = response.Headers
                .Where(header => header.Key.StartsWith("X-CustomerioTrack", StringComparison.OrdinalIgnoreCase))
                .SelectMany(header => header.Value.Select(value => header.Key + ": " + value))
                .ToList();
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), headers);
        }

        await using var server = await SandboxServer.StartAsync(h.Sandbox);
        using var client = new TcpClient();
        await client.ConnectAsync(server.BaseUrl.Host, server.BaseUrl.Port);
        var stream = client.GetStream();
        var content = Encoding.UTF8.GetBytes(body ?? "");
        var head = $"{method.Method} {path} HTTP/1.1\r\nHost: {server.BaseUrl.Authority}\r\nAuthorization: {h.Auth}\r\nContent-Type: application/json\r\nContent-Length: {content.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(content);
        using var reader = new MemoryStream();
        await stream.CopyToAsync(reader);
        var raw = Encoding.UTF8.GetString(reader.ToArray());
        var end = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = raw[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var payload = raw[(end + 4)..];
        if (lines.Any(l => l.Equals("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase)))
        {
            payload = Unchunk(payload);
        }

        return (status, payload, lines.Where(l => l.StartsWith("X-CustomerioTrack", StringComparison.OrdinalIgnoreCase)).ToList());
    }

    private static string Unchunk(string chunked)
    {
        var text = new StringBuilder();
        var at = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[at..lineEnd], 16);
            if (size == 0)
            {
                return text.ToString();
            }

            // The bodies are ASCII JSON here, so characters and bytes agree.
            text.Append(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
