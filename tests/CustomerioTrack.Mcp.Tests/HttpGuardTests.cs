using Microsoft.AspNetCore.Http;

namespace CustomerioTrack.Mcp.Tests;

/// <summary>The guard on its own, for bound addresses a test machine cannot listen on.</summary>
public sealed class HttpGuardTests
{
    private static async Task<int> StatusAsync(HttpGuard guard, string host)
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString(host);
        context.Request.Headers.Authorization = "Bearer t0ken";
        var reached = false;

        await guard.InvokeAsync(context, _ => { reached = true; return Task.CompletedTask; });

        return reached ? 0 : context.Response.StatusCode;
    }

    [Fact]
    public async Task A_short_form_bound_address_accepts_the_host_header_clients_send_for_it()
    {
        // "--host 10.1" binds 10.0.0.1; a client connecting to it sends Host: 10.0.0.1.
        var guard = new HttpGuard("10.1", "t0ken");

        Assert.Equal(0, await StatusAsync(guard, "10.0.0.1:5107"));
        Assert.Equal(StatusCodes.Status403Forbidden, await StatusAsync(guard, "10.0.0.2:5107"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0:0:0:0:0:0:0:0")]
    [InlineData("[::]")]
    public void Every_spelling_of_the_any_address_is_a_wildcard(string host) => Assert.True(HttpGuard.IsWildcard(host));
}
