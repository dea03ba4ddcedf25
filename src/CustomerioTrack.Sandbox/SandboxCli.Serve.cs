using System.Text.Json.Nodes;

namespace CustomerioTrack.Sandbox;

// sandbox serve: serve until Ctrl+C, SIGINT, SIGTERM or the caller's token, then stop cleanly.
public static partial class SandboxCli
{
    private static async Task<int> ServeAsync(SandboxOptions options, bool json, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        // Hosts call this without a token of their own, so the command owns its stop signals.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var signals = SandboxStopSignals.Register(stop);
        await using (var server = await SandboxServer.StartAsync(options, stop.Token).ConfigureAwait(false))
        {
            // The built-in key is public; a key given with --api-key may be a real one, and output never repeats secrets.
            var keyShown = options.ApiKey == SandboxOptions.DefaultApiKey ? options.ApiKey : null;
            if (json)
            {
                await stdout.WriteLineAsync(new JsonObject
                {
                    ["url"] = server.BaseUrl.ToString(),
                    ["site_id"] = options.SiteId,
                    ["api_key"] = keyShown,
                    ["data"] = server.Sandbox.DataLocation,
                }.ToJsonString()).ConfigureAwait(false);
            }
            else
            {
                await stdout.WriteLineAsync($"""
                    Customer.io Track API sandbox listening on {server.BaseUrl} (nothing reaches Customer.io)
                      site id: {options.SiteId}
                      api key: {keyShown ?? "(the one given with --api-key; not shown)"}
                      data:    {server.Sandbox.DataLocation}
                      customerio-node: new TrackClient('{options.SiteId}', '{keyShown ?? "<your --api-key>"}', {"{"} url: '{server.BaseUrl}api/v1' {"}"})
                    Press Ctrl+C to stop.
                    """).ConfigureAwait(false);
            }

            await stdout.FlushAsync(stop.Token).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await stderr.WriteLineAsync("Sandbox stopped.").ConfigureAwait(false);
        return 0;
    }
}
