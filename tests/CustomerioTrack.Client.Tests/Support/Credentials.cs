namespace CustomerioTrack.Client.Tests.Support;

public static class Credentials
{
    public const string SiteId = "site-id";
    public const string ApiKey = "api-key";

    /// <summary>"Basic " + base64("site-id:api-key"), written out so the test does not reuse the product's encoding.</summary>
    public const string ExpectedAuthorization = "Basic c2l0ZS1pZDphcGkta2V5";
}
