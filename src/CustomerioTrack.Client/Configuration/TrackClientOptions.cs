namespace CustomerioTrack.Client;

/// <summary>How to reach and authenticate with the Track API.</summary>
/// <remarks>Bind from configuration (section <c>CustomerioTrack</c>) or set in code. <see cref="ToString"/> never shows the key.</remarks>
public sealed class TrackClientOptions
{
    /// <summary>Configuration section bound by <c>AddCustomerioTrack(IConfiguration)</c>.</summary>
    public const string SectionName = "CustomerioTrack";

    /// <summary>The workspace's Site ID (Basic auth user name). Configuration key <c>SiteId</c>; the MCP server reads it from <c>CUSTOMERIO_SITE_ID</c> (this library reads no environment variable).</summary>
    public string? SiteId { get; set; }

    /// <summary>The Track API key (Basic auth password), not an App API key. Configuration key <c>ApiKey</c>; the MCP server reads it from <c>CUSTOMERIO_API_KEY</c> (this library reads no environment variable).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The workspace's region. Null with no <see cref="BaseUrl"/>: detected once through getRegion, then cached.</summary>
    public TrackRegion? Region { get; set; }

    /// <summary>Overrides the host (e.g. a local emulator). When set, no region detection happens and credentials go to this host.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Time allowed for one HTTP attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Value of the User-Agent header.</summary>
    public string UserAgent { get; set; } = TrackUserAgent.Default;

    /// <summary>Retry policy for transient failures.</summary>
    public TrackRetryOptions Retry { get; set; } = new();

    /// <summary>Does not include the API key, nor user info in the base URL.</summary>
    public override string ToString() =>
        $"TrackClientOptions {{ SiteId = {SiteId ?? "(none)"}, ApiKey = {(string.IsNullOrEmpty(ApiKey) ? "(none)" : "(set)")}, Region = {Region?.ToString() ?? "(detect)"}, BaseUrl = {(BaseUrl is null ? "(region host)" : TrackClientOptionsRules.Shown(BaseUrl))} }}";
}
