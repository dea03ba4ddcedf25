using Microsoft.Extensions.Hosting;

namespace CustomerioTrack.Sandbox;

/// <summary>
/// The server's host lifetime: none. The default console lifetime claims SIGINT/SIGTERM for the whole process and only
/// flags the host as stopping, which left <c>sandbox serve</c> running; whoever embeds the server decides when it stops.
/// </summary>
internal sealed class SandboxHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
