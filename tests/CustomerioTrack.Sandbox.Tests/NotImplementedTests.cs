using System.Text;
using CustomerioTrack.Sandbox.Storage;
using CustomerioTrack.Tools;

namespace CustomerioTrack.Sandbox.Tests;

public sealed class NotImplementedTests
{
    [Fact]
    public async Task An_operation_the_sandbox_does_not_emulate_is_a_501_and_writes_nothing()
    {
        var options = new SandboxOptions { InMemory = true };
        using var database = new SandboxDatabase(options);
        var region = TrackTools.AllDefinitions.Single(d => d.OperationId == "getRegion");
        var engine = new SandboxEngine(database, options, [region with { OperationId = "frobnicate", PathTemplate = "/api/v1/frobnicate" }]);
        var authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(options.SiteId + ":" + options.ApiKey));

        var response = await engine.HandleAsync(new SandboxRequest("GET", "/api/v1/frobnicate", authorization, ReadOnlyMemory<byte>.Empty), CancellationToken.None);

        Assert.Equal(501, response.StatusCode);
        Assert.Equal("""{"meta":{"error":"The sandbox does not implement operation 'frobnicate'."}}""", response.Body);
        Assert.Empty(await new SandboxInspector(database, options).GetJournalAsync());
    }
}
