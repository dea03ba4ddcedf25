using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using CustomerioTrack.Mcp.Tests.Support;

namespace CustomerioTrack.Mcp.Tests;

/// <summary>What the built HTTP server process writes to stderr about the requests it refuses.</summary>
public sealed class HttpLogTests
{
    private const string Token = "log-token-3b8e1f0a6c";

    [Fact]
    public async Task A_token_in_the_query_string_is_not_logged_and_the_refusal_is()
    {
        var port = HttpTransportTests.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Repo.ServerDll, "--http", "--port", port.ToString() },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            Environment = { ["CUSTOMERIO_MCP_TOKEN"] = Token },
        };
        using var process = Process.Start(start)!;
        var stderr = new StringBuilder();
        var refused = new TaskCompletionSource();
        var listening = new TaskCompletionSource();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }

            if (e.Data?.Contains("listening on", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }

            // The guard's line, or ASP.NET's request line if the guard logged nothing: either way the request is logged.
            if (e.Data?.Contains("Refused POST /mcp", StringComparison.Ordinal) == true || e.Data?.Contains("Request finished", StringComparison.Ordinal) == true)
            {
                refused.TrySetResult();
            }
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromMinutes(2));
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/mcp?token={Token}")
            {
                Content = new StringContent("{}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

            using var response = await http.SendAsync(request);
            await refused.Task.WaitAsync(TimeSpan.FromMinutes(1));

            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        var log = stderr.ToString();
        Assert.DoesNotContain(Token, log);
        Assert.Contains(
            "Refused POST /mcp with 401: This server requires a bearer token: send the header Authorization: Bearer followed by the CUSTOMERIO_MCP_TOKEN value it was started with.",
            log);
    }
}
