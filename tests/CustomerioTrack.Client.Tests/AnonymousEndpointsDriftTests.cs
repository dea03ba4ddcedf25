using System.Text.Json;
using System.Text.RegularExpressions;
using CustomerioTrack.Client.Tests.Support;

namespace CustomerioTrack.Client.Tests;

/// <summary>TrackAnonymousEndpoints must agree with <c>security: []</c> in openapi/track.json, operation by operation.</summary>
public sealed partial class AnonymousEndpointsDriftTests
{
    private static readonly Dictionary<string, string> SampleValues = new(StringComparer.Ordinal)
    {
        ["identifier"] = "cio_abc123",
        ["device_id"] = "tok-1",
        ["delivery_id"] = "dlv1",
        ["form_id"] = "form1",
        ["segment_id"] = "42",
    };

    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    public static TheoryData<string, string, string, bool> Operations()
    {
        var data = new TheoryData<string, string, string, bool>();
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "openapi", "track.json")));
        var root = document.RootElement;
        var defaultIsAnonymous = !root.TryGetProperty("security", out var topLevel) || topLevel.GetArrayLength() == 0;
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => HttpMethods.Contains(o.Name)))
            {
                var anonymous = operation.Value.TryGetProperty("security", out var security)
                    ? security.GetArrayLength() == 0 || security.EnumerateArray().Any(requirement => requirement.EnumerateObject().Count() == 0)
                    : defaultIsAnonymous;
                // A parameter added to the description later gets a neutral value: the comparison below must still run.
                var samplePath = PathParameter().Replace(path.Name, m => SampleValues.GetValueOrDefault(m.Groups[1].Value, "sample1"));
                data.Add(operation.Value.GetProperty("operationId").GetString()!, operation.Name.ToUpperInvariant(), samplePath, anonymous);
            }
        }

        return data;
    }

    [Fact]
    public void TheDescriptionHasTheEighteenOperations_ThreeOfThemAnonymous()
    {
        var operations = Operations().ToList();
        Assert.Equal(18, operations.Count);
        Assert.Equal(
            ["metrics", "pushMetrics", "unsubscribe"],
            operations.Where(o => (bool)o[3]).Select(o => (string)o[0]).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void IsAnonymous_MatchesTheDescription(string operationId, string method, string samplePath, bool anonymousInDescription)
    {
        Assert.True(
            anonymousInDescription == TrackAnonymousEndpoints.IsAnonymous(method, samplePath),
            $"{operationId} ({method} {samplePath}): description says anonymous={anonymousInDescription}, TrackAnonymousEndpoints disagrees");
    }

    [Theory]
    [InlineData("GET", "/unsubscribe/dlv1")]
    [InlineData("POST", "/unsubscribe/")]
    [InlineData("POST", "/unsubscribe/dlv1/extra")]
    [InlineData("POST", "/api/v1/metrics/")]
    [InlineData("POST", "/api/v1/push/events/x")]
    [InlineData("PUT", "/api/v1/metrics")]
    public void LookalikePaths_AreNotAnonymous(string method, string path)
    {
        Assert.False(TrackAnonymousEndpoints.IsAnonymous(method, path));
    }

    [GeneratedRegex(@"\{([^{}]+)\}")]
    private static partial Regex PathParameter();
}
