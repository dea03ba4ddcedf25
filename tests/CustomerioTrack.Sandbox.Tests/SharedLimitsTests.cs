using System.Text;
using CustomerioTrack.Sandbox;

namespace CustomerioTrack.Sandbox.Tests;

/// <summary>The sandbox enforces the same Track limits as the tools (one implementation: TrackLimits).</summary>
public sealed class SharedLimitsTests
{
    private static readonly string Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(SandboxOptions.DefaultSiteId + ":" + SandboxOptions.DefaultApiKey));

    [Theory]
    [InlineData("""{"created_at":1700000000000}""", "1700000000000 looks like milliseconds")]
    [InlineData("""{"plan":"pro","nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn":1}""", "150 bytes")]
    public async Task Identify_over_a_track_limit_is_a_400_and_nothing_is_written(string body, string message)
    {
        using var sandbox = TrackSandbox.Open(new SandboxOptions { InMemory = true, InMemoryName = Guid.NewGuid().ToString("N") });

        var response = await sandbox.HandleAsync(new SandboxRequest("PUT", "/api/v1/customers/42", Authorization, Encoding.UTF8.GetBytes(body)));

        Assert.Equal(400, response.StatusCode);
        Assert.Contains(message, response.Body, StringComparison.Ordinal);
        Assert.Empty(await sandbox.Inspector.GetPeopleAsync());
    }
}
