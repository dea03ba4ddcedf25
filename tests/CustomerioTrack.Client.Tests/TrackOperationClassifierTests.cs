using CsCheck;

namespace CustomerioTrack.Client.Tests;

/// <summary>
/// What a request is decides whether it may be retried and whether its events get ids, so every Track operation must be
/// classified, and nothing else may pass for one.
/// </summary>
public sealed class TrackOperationClassifierTests
{
    [Theory]
    [InlineData("GET", "/api/v1/accounts/region", TrackOperationKind.Idempotent)]
    [InlineData("PUT", "/api/v1/customers/ann%40example.com", TrackOperationKind.Idempotent)]
    [InlineData("DELETE", "/api/v1/customers/ann", TrackOperationKind.Idempotent)]
    [InlineData("PUT", "/api/v1/customers/ann/devices", TrackOperationKind.Idempotent)]
    [InlineData("DELETE", "/api/v1/customers/ann/devices/tok%2Fen", TrackOperationKind.Idempotent)]
    [InlineData("POST", "/api/v1/customers/ann/suppress", TrackOperationKind.Idempotent)]
    [InlineData("POST", "/api/v1/customers/ann/unsuppress", TrackOperationKind.Idempotent)]
    [InlineData("POST", "/api/v1/segments/7/add_customers", TrackOperationKind.Idempotent)]
    [InlineData("POST", "/api/v1/segments/7/remove_customers", TrackOperationKind.Idempotent)]
    [InlineData("POST", "/api/v1/customers/ann/events", TrackOperationKind.V1Event)]
    [InlineData("POST", "/api/v1/events", TrackOperationKind.V1Event)]
    [InlineData("POST", "/api/v2/entity", TrackOperationKind.V2Entity)]
    [InlineData("POST", "/api/v2/batch", TrackOperationKind.V2Batch)]
    [InlineData("POST", "/api/v1/merge_customers", TrackOperationKind.NotRepeatable)]
    [InlineData("POST", "/api/v1/metrics", TrackOperationKind.NotRepeatable)]
    [InlineData("POST", "/api/v1/push/events", TrackOperationKind.NotRepeatable)]
    [InlineData("POST", "/api/v1/forms/signup/submit", TrackOperationKind.NotRepeatable)]
    [InlineData("POST", "/unsubscribe/delivery-token", TrackOperationKind.NotRepeatable)]
    [InlineData("post", "api/v2/batch/", TrackOperationKind.V2Batch)]
    [InlineData("Put", "/api/v1/customers//devices", TrackOperationKind.Idempotent)]
    [InlineData("GET", "/api/v1/customers/ann", TrackOperationKind.Unknown)]
    [InlineData("POST", "/api/v1/customers/ann", TrackOperationKind.Unknown)]
    [InlineData("PATCH", "/api/v2/batch", TrackOperationKind.Unknown)]
    [InlineData("POST", "/api/v2/batch/extra", TrackOperationKind.Unknown)]
    [InlineData("POST", "/API/v2/batch", TrackOperationKind.Unknown)]
    [InlineData("DELETE", "/api/v1/customers/a/devices/b/c/d/e", TrackOperationKind.Unknown)]
    [InlineData("POST", "", TrackOperationKind.Unknown)]
    [InlineData("POST", "/unsubscribe", TrackOperationKind.Unknown)]
    public void Classifies_each_operation_by_method_and_path(string method, string path, TrackOperationKind expected) =>
        Assert.Equal(expected, TrackOperationClassifier.Kind(method, path));

    [Fact]
    public void Agrees_with_a_plain_split_and_match_on_random_paths()
    {
        // The classifier splits the path without allocating; this oracle splits it into strings the obvious way.
        var segment = Gen.OneOf(
            Pick("api", "v1", "v2", "customers", "devices", "events", "segments", "add_customers", "remove_customers",
                "suppress", "unsuppress", "accounts", "region", "entity", "batch", "merge_customers", "metrics", "push", "forms",
                "submit", "unsubscribe", "", "ann", "7", "Batch"),
            Gen.String[Gen.Char["abc/%"], 0, 4]);
        var gen = Gen.Select(
            Pick("GET", "PUT", "POST", "DELETE", "PATCH", "post", "Get"),
            segment.Array[0, 9],
            Pick("", "/", "//"),
            Pick("", "/"));

        gen.Sample(
            (method, segments, lead, trail) =>
            {
                var path = lead + string.Join('/', segments) + trail;
                return TrackOperationClassifier.Kind(method, path) == Oracle(method, path);
            },
            iter: 20_000);
    }

    [Fact]
    public void Allocates_nothing()
    {
        TrackOperationClassifier.Kind("POST", "/api/v1/customers/ann/events");
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            TrackOperationClassifier.Kind("POST", "/api/v1/customers/ann/events");
            TrackOperationClassifier.Kind("DELETE", "/api/v1/customers/ann/devices/t");
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static Gen<string> Pick(params string[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static TrackOperationKind Oracle(string method, string path) =>
        (method.ToUpperInvariant(), path.Trim('/').Split('/')) switch
        {
            ("GET", ["api", "v1", "accounts", "region"]) => TrackOperationKind.Idempotent,
            ("PUT" or "DELETE", ["api", "v1", "customers", _]) => TrackOperationKind.Idempotent,
            ("PUT", ["api", "v1", "customers", _, "devices"]) => TrackOperationKind.Idempotent,
            ("DELETE", ["api", "v1", "customers", _, "devices", _]) => TrackOperationKind.Idempotent,
            ("POST", ["api", "v1", "customers", _, "suppress" or "unsuppress"]) => TrackOperationKind.Idempotent,
            ("POST", ["api", "v1", "segments", _, "add_customers" or "remove_customers"]) => TrackOperationKind.Idempotent,
            ("POST", ["api", "v1", "customers", _, "events"]) => TrackOperationKind.V1Event,
            ("POST", ["api", "v1", "events"]) => TrackOperationKind.V1Event,
            ("POST", ["api", "v2", "entity"]) => TrackOperationKind.V2Entity,
            ("POST", ["api", "v2", "batch"]) => TrackOperationKind.V2Batch,
            ("POST", ["api", "v1", "merge_customers" or "metrics"]) => TrackOperationKind.NotRepeatable,
            ("POST", ["api", "v1", "push", "events"]) => TrackOperationKind.NotRepeatable,
            ("POST", ["api", "v1", "forms", _, "submit"]) => TrackOperationKind.NotRepeatable,
            ("POST", ["unsubscribe", _]) => TrackOperationKind.NotRepeatable,
            _ => TrackOperationKind.Unknown,
        };
}
