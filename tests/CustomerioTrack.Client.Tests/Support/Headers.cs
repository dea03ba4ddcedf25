using WireMock;

namespace CustomerioTrack.Client.Tests.Support;

public static class Headers
{
    /// <summary>All values of a header as WireMock received it (name matched case-insensitively), or null when absent.</summary>
    public static IReadOnlyList<string>? Get(IRequestMessage message, string name)
    {
        if (message.Headers is null)
        {
            return null;
        }

        foreach (var (key, values) in message.Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return values.ToArray();
            }
        }

        return null;
    }

    /// <summary>The single value of a header; fails when it is absent or repeated.</summary>
    public static string Single(IRequestMessage message, string name)
    {
        var values = Get(message, name);
        Assert.True(values is not null, $"header {name} is absent");
        return Assert.Single(values);
    }

    public static string? Body(IRequestMessage message) =>
        message.BodyAsBytes is { Length: > 0 } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : message.Body;
}
