using Microsoft.Kiota.Abstractions;

namespace CustomerioTrack.Client.Http;

/// <summary>
/// A request option that carries no data: its presence tells the pipeline something true about the request. Add it
/// with <c>RequestInformation.AddRequestOptions</c> (Kiota copies it into the <see cref="HttpRequestMessage"/>) or
/// <see cref="Set"/>; handlers ask <see cref="IsSet"/>.
/// </summary>
/// <typeparam name="TSelf">The mark's own type.</typeparam>
public abstract class TrackRequestMark<TSelf> : IRequestOption
    where TSelf : TrackRequestMark<TSelf>, new()
{
    // Kiota copies each request option into HttpRequestMessage.Options under the option type's full name.
    private static readonly HttpRequestOptionsKey<IRequestOption> Key = new(typeof(TSelf).FullName!);

    /// <summary>True when the request carries the mark.</summary>
    public static bool IsSet(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Options.TryGetValue(Key, out var option) && option is TSelf;
    }

    /// <summary>Marks the request.</summary>
    public static void Set(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(Key, new TSelf());
    }
}
