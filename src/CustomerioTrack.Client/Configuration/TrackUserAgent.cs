using System.Reflection;

namespace CustomerioTrack.Client;

/// <summary>The User-Agent this client sends.</summary>
public static class TrackUserAgent
{
    /// <summary><c>CustomerioTrack/&lt;assembly informational version&gt;</c>.</summary>
    public static string Default { get; } = "CustomerioTrack/" + Version;

    private static string Version
    {
        get
        {
            var assembly = typeof(TrackUserAgent).Assembly;
            var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            var version = informational ?? assembly.GetName().Version?.ToString(3) ?? "0.0.0";
            var plus = version.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? version : version[..plus];
        }
    }
}
