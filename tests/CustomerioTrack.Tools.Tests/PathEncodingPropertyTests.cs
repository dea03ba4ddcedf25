using System.Text;
using System.Text.Json;
using CsCheck;
using CustomerioTrack.Client;

namespace CustomerioTrack.Tools.Tests;

/// <summary>Path parameters are one percent-encoded segment: no value can change the target path.</summary>
public sealed class PathEncodingPropertyTests
{
    private static readonly TrackToolset DryRun = TrackTools.Create(
        TrackClientFactory.Create(new TrackClientOptions { SiteId = "site-1", ApiKey = "0123456789abcdef0123", BaseUrl = new Uri("https://sandbox.test") }),
        new TrackToolsOptions { DryRun = true });

    // Strings built mostly from the characters that break naive URL building.
    private static readonly Gen<string> Hostile = Gen.OneOf(
        Gen.Char["/?#%.+@ &=;:~\\\"'<>[]{}|^`"],
        Gen.Char.AlphaNumeric,
        Gen.Char["\u00e9\u4f8b\u00ff\u00e0"])
        .Array[1, 40]
        .Select(chars => new string(chars));

    [Fact]
    public void Any_accepted_identifier_lands_in_exactly_one_segment_that_decodes_back_to_it()
    {
        Hostile.Where(Accepted).Sample(identifier =>
        {
            var url = DryRunUrl("DeleteCustomer", new { customer_identifier = identifier });
            Assert.NotNull(url);
            var path = new Uri(url!).AbsolutePath;
            Assert.StartsWith("/api/v1/customers/", path);
            var segment = path["/api/v1/customers/".Length..];
            Assert.DoesNotContain('/', segment);
            Assert.Equal(identifier, Uri.UnescapeDataString(segment));
        }, iter: 500);
    }

    [Fact]
    public void Device_ids_cannot_escape_their_segment_either()
    {
        Gen.Select(Hostile.Where(Accepted), Hostile.Where(Accepted)).Sample((person, device) =>
        {
            var url = DryRunUrl("RemoveCustomerDevice", new { customer_identifier = person, device_unique_id = device });
            var segments = new Uri(url!).AbsolutePath.Split('/');
            Assert.Equal(["", "api", "v1", "customers", segments[4], "devices", segments[6]], segments);
            Assert.Equal(person, Uri.UnescapeDataString(segments[4]));
            Assert.Equal(device, Uri.UnescapeDataString(segments[6]));
        }, iter: 300);
    }

    [Fact]
    public void Rejected_identifiers_are_never_turned_into_a_request()
    {
        Gen.OneOf(
                Gen.Const(""), Gen.Const("."), Gen.Const(".."), Gen.Const("   "),
                Gen.Char["\0\n\r\t\u007f"].Select(c => "a" + c + "b"),
                Gen.Char.AlphaNumeric.Array[151, 200].Select(c => new string(c)))
            .Sample(identifier =>
            {
                var result = DryRun.InvokeAsync("DeleteCustomer", JsonSerializer.Serialize(new { customer_identifier = identifier })).GetAwaiter().GetResult();
                Assert.True(result.IsError, identifier);
                Assert.Null(result.Content["request"]);
                Assert.Equal("customer_identifier", result.Content["error"]!["problems"]![0]!["field"]!.GetValue<string>());
            }, iter: 200);
    }

    [Theory]
    [InlineData("\uFF0E\uFF0E", "%EF%BC%8E%EF%BC%8E")]
    [InlineData("\u2215etc", "%E2%88%95etc")]
    [InlineData("\u202Egpj.exe", "%E2%80%AEgpj.exe")]
    [InlineData("a\u2028b c", "a%E2%80%A8b%20c")]
    [InlineData("zo\u00eb", "zo%C3%AB")]
    [InlineData("\ud83d\ude00", "%F0%9F%98%80")]
    public void The_dry_run_shows_the_url_escaped_as_it_goes_on_the_wire(string identifier, string segment)
    {
        // Unescaped for display, look-alikes (U+FF0E for '.', U+2215 for '/') and bidirectional controls would show as
        // characters: the described URL would read as another path than the one sent.
        Assert.Equal("https://sandbox.test/api/v1/customers/" + segment, DryRunUrl("DeleteCustomer", new { customer_identifier = identifier }));
    }

    [Fact]
    public async Task A_valid_surrogate_pair_is_accepted_and_sent_as_its_character()
    {
        using var stub = new Support.TrackStub();

        var result = await stub.Tools.InvokeAsync("DeleteCustomer", """{"customer_identifier":"\ud83d\ude00x"}""");

        Assert.False(result.IsError, result.ToJson());
        Assert.Equal(["DELETE /api/v1/customers/%F0%9F%98%80x"], stub.Tap.RequestLines);
    }

    private static bool Accepted(string value) =>
        value.Trim().Length == value.Length && value.Length > 0 && value is not "." and not ".."
        && !value.Any(char.IsControl) && !value.Any(char.IsSurrogate) && Encoding.UTF8.GetByteCount(value) <= 150
        && (value.Contains('@') || !value.Contains("%40", StringComparison.OrdinalIgnoreCase)); // an encoded email address

    private static string? DryRunUrl(string tool, object arguments)
    {
        var result = DryRun.InvokeAsync(tool, JsonSerializer.Serialize(arguments)).GetAwaiter().GetResult();
        Assert.False(result.IsError, result.ToJson());
        return result.Content["request"]?["url"]?.GetValue<string>();
    }
}
