using Microsoft.Extensions.Options;

namespace CustomerioTrack.Client;

/// <summary>
/// Checks <see cref="TrackClientOptions"/> when dependency injection builds them (at host start, through ValidateOnStart),
/// naming each setting as the consumer wrote it: a configuration key such as <c>CustomerioTrack:ApiKey</c>, or the
/// property path when the options were set in code. Never quotes the key.
/// </summary>
internal sealed class TrackClientOptionsValidator(string optionsName, Func<string, string> settingName) : IValidateOptions<TrackClientOptions>
{
    /// <summary>Names settings by configuration key below <paramref name="sectionPath"/> (empty: the configuration root).</summary>
    public static TrackClientOptionsValidator ForConfiguration(string optionsName, string sectionPath) =>
        new(optionsName, key => sectionPath.Length == 0 ? key : sectionPath + ":" + key);

    /// <summary>Names settings as properties of <see cref="TrackClientOptions"/>, and the keyed client they belong to.</summary>
    public static TrackClientOptionsValidator ForCode(string optionsName) =>
        new(optionsName, optionsName == Options.DefaultName
            ? TrackClientOptionsRules.PropertyPath
            : key => TrackClientOptionsRules.PropertyPath(key) + " (client '" + optionsName + "')");

    public ValidateOptionsResult Validate(string? name, TrackClientOptions options)
    {
        // One validator per registered client: each checks its own options, named as that client's settings.
        if (!string.Equals(name ?? Options.DefaultName, optionsName, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var problems = new List<string>();
        foreach (var missing in TrackClientOptionsRules.MissingCredentials(options))
        {
            var what = missing == nameof(TrackClientOptions.SiteId) ? "the workspace's Site ID" : "a Track API key (not an App API key)";
            problems.Add($"{settingName(missing)} is required: set it to {what} from Customer.io > Settings > API Credentials > Track API Keys.");
        }

        problems.AddRange(TrackClientOptionsRules.OtherProblems(options, settingName));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
