using System.Text;

namespace CustomerioTrack.Client.Tests;

/// <summary>The key, the site id and the Basic credentials are redacted in every spelling a server or serializer may use.</summary>
public sealed class RedactionFormsTests
{
    private const string Key = "sekret-XYZ/+9f8e";
    private const string SiteId = "site-0a1b2c3d";

    private static readonly TrackBasicAuthenticationProvider Provider = new(SiteId, Key);

    public static TheoryData<string, string> Spellings => new()
    {
        { "raw key", Key },
        { "key, EscapeDataString", Uri.EscapeDataString(Key) },
        { "key, EscapeDataString lowercase hex", Uri.EscapeDataString(Key).Replace("%2F", "%2f").Replace("%2B", "%2b") },
        { "key, unreserved byte encoded too", "sekret%2DXYZ%2F%2B9f8e" },
        { "key, unreserved byte encoded in lowercase", "sekret%2dXYZ%2f%2b9f8e" },
        { "key, every byte encoded", EveryByte(Key, "X2") },
        { "key, every byte encoded, lowercase", EveryByte(Key, "x2") },
        { "key, JSON \\u00XX for every character", EveryChar(Key, "X4") },
        { "key, JSON \\u00xx lowercase", EveryChar(Key, "x4") },
        { "key, JSON escaped solidus", "sekret-XYZ\\/+9f8e" },
        { "key, mixed spellings", "s%65kret\\u002dXYZ%2f+9f8e" },
        { "base64 of the key", Base64(Key) },
        { "base64 of the key, unpadded", Base64(Key).TrimEnd('=') },
        { "base64 of site:key", Base64(SiteId + ":" + Key) },
        { "base64 of site:key, percent-encoded", Uri.EscapeDataString(Base64(SiteId + ":" + Key)) },
        { "site id", SiteId },
        { "site id, every byte encoded", EveryByte(SiteId, "x2") },
        { "site id, JSON-escaped", EveryChar(SiteId, "X4") },
    };

    [Theory]
    [MemberData(nameof(Spellings))]
    public void Every_spelling_is_redacted(string spelling, string secret)
    {
        Assert.Equal("before [redacted] after", Provider.Redact($"before {secret} after"));
        Assert.NotEmpty(spelling);
    }

    [Fact]
    public void The_basic_header_goes_whole()
    {
        var header = "Basic " + Base64(SiteId + ":" + Key);

        Assert.Equal("auth=[redacted];", Provider.Redact($"auth={header};"));
        Assert.Equal("auth=[redacted];", Provider.Redact($"auth={Uri.EscapeDataString(header)};"));
    }

    [Fact]
    public void A_short_site_id_is_left_alone_in_every_spelling_but_the_key_is_not()
    {
        var provider = new TrackBasicAuthenticationProvider("site-id", Key);

        Assert.Equal("site-id site%2Did \\u0073ite-id [redacted]", provider.Redact($"site-id site%2Did \\u0073ite-id {EveryByte(Key, "X2")}"));
    }

    [Fact]
    public void A_short_key_is_left_alone_but_the_basic_credentials_are_not()
    {
        var provider = new TrackBasicAuthenticationProvider("s", "k-1");

        Assert.Equal("k-1 k%2D1 [redacted]", provider.Redact($"k-1 k%2D1 {Base64("s:k-1")}"));
    }

    [Fact]
    public void Text_that_only_resembles_a_secret_is_unchanged()
    {
        const string text = "sekret-XYZ/+9f8 %73%65kret-XYZ/+9f8f sekret-XYZ/-9f8e site-0a1b2c3e";

        Assert.Equal(text, Provider.Redact(text));
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string EveryByte(string text, string format) =>
        string.Concat(Encoding.UTF8.GetBytes(text).Select(b => "%" + b.ToString(format, System.Globalization.CultureInfo.InvariantCulture)));

    private static string EveryChar(string text, string format) =>
        string.Concat(text.Select(c => "\\u" + ((int)c).ToString(format, System.Globalization.CultureInfo.InvariantCulture)));
}
