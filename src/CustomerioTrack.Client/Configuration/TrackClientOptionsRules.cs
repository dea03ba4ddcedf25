namespace CustomerioTrack.Client;

/// <summary>
/// The rules <see cref="TrackClientOptions"/> must meet, shared by <see cref="TrackClientFactory"/> and the options
/// validator that dependency injection runs at startup. Each problem names its setting through <c>settingName</c>, which
/// receives the configuration key below the section (e.g. <c>Retry:BaseDelay</c>) so each caller can say it the way the
/// consumer wrote it.
/// </summary>
internal static class TrackClientOptionsRules
{
    private static readonly TimeSpan PollyMaxDelay = TimeSpan.FromDays(1);
    private static readonly TimeSpan PollyMinTimeout = TimeSpan.FromMilliseconds(10);

    /// <summary>Names a setting as a property path of <see cref="TrackClientOptions"/> (<c>TrackClientOptions.Retry.BaseDelay</c>).</summary>
    public static string PropertyPath(string key) => nameof(TrackClientOptions) + "." + key.Replace(':', '.');

    /// <summary>The missing credentials (<c>SiteId</c>, <c>ApiKey</c>), in that order.</summary>
    public static List<string> MissingCredentials(TrackClientOptions options)
    {
        var missing = new List<string>(2);
        if (string.IsNullOrWhiteSpace(options.SiteId))
        {
            missing.Add(nameof(TrackClientOptions.SiteId));
        }

        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            missing.Add(nameof(TrackClientOptions.ApiKey));
        }

        return missing;
    }

    /// <summary>Problems with every setting except the credentials; never quotes the key.</summary>
    public static List<string> OtherProblems(TrackClientOptions options, Func<string, string> settingName)
    {
        var problems = new List<string>();
        if (options.BaseUrl is { } baseUrl && (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp)))
        {
            problems.Add($"{settingName(nameof(TrackClientOptions.BaseUrl))} '{Shown(baseUrl)}' must be an absolute http or https URL.");
        }
        else if (options.BaseUrl is { UserInfo.Length: > 0 } withUserInfo)
        {
            // Not quoted: the user info may be the credentials themselves.
            problems.Add($"{settingName(nameof(TrackClientOptions.BaseUrl))} {Shown(withUserInfo)} must not contain user info (the part before '@'): "
                + "the Site ID and API key go in SiteId and ApiKey, and a URL is written to logs and messages.");
        }

        if (options.Timeout <= TimeSpan.Zero && options.Timeout != Timeout.InfiniteTimeSpan)
        {
            problems.Add($"{settingName(nameof(TrackClientOptions.Timeout))} must be positive (or infinite, -00:00:00.001); it is {options.Timeout}.");
        }

        if (options.Retry is not { } retry)
        {
            problems.Add($"{settingName(nameof(TrackClientOptions.Retry))} must not be null; set MaxRetries to 0 to turn retries off.");
            return problems;
        }

        if (retry.MaxRetries < 0)
        {
            problems.Add($"{settingName("Retry:MaxRetries")} must be 0 (no retries) or more; it is {retry.MaxRetries}.");
        }

        // Polly rejects these with a ValidationException that names its own option types, not ours.
        if (retry.MaxRetries > 0)
        {
            CheckDelay(retry.BaseDelay, "Retry:BaseDelay", settingName, problems);
            CheckDelay(retry.MaxDelay, "Retry:MaxDelay", settingName, problems);
        }

        if (retry.TotalBudget > TimeSpan.Zero && retry.TotalBudget != Timeout.InfiniteTimeSpan
            && (retry.TotalBudget < PollyMinTimeout || retry.TotalBudget > PollyMaxDelay))
        {
            problems.Add($"{settingName("Retry:TotalBudget")} must be between 00:00:00.010 and 1.00:00:00 (or infinite, -00:00:00.001); it is {retry.TotalBudget}.");
        }

        return problems;
    }

    /// <summary>A URL as messages and logs may show it: without its user info, which may hold credentials.</summary>
    public static string Shown(Uri url) =>
        url.IsAbsoluteUri && url.UserInfo.Length > 0 ? new UriBuilder(url) { UserName = string.Empty, Password = string.Empty }.Uri.ToString() : url.ToString();

    private static void CheckDelay(TimeSpan value, string key, Func<string, string> settingName, List<string> problems)
    {
        if (value < TimeSpan.Zero || value > PollyMaxDelay)
        {
            problems.Add($"{settingName(key)} must be between 00:00:00 and 1.00:00:00; it is {value}.");
        }
    }
}
