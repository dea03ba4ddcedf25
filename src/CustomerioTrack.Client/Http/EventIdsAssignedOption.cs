using Microsoft.Kiota.Abstractions;

namespace CustomerioTrack.Client.Http;

/// <summary>
/// Marks a request whose body has already been through <see cref="EventIdAugmenter"/>, so every event in it carries an
/// id. <see cref="EventIdHandler"/> and <see cref="TrackRetryHandler"/> then trust the body instead of scanning it again
/// (three scans of a 500 KB batch became one). Add it with <c>RequestInformation.AddRequestOptions</c> only for a body
/// that really was augmented.
/// </summary>
public sealed class EventIdsAssignedOption : IRequestOption
{
    // Kiota copies each request option into HttpRequestMessage.Options under the option type's full name.
    private static readonly HttpRequestOptionsKey<IRequestOption> Key = new(typeof(EventIdsAssignedOption).FullName!);

    /// <summary>True when the request carries the mark.</summary>
    public static bool IsSet(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Options.TryGetValue(Key, out var option) && option is EventIdsAssignedOption;
    }

    /// <summary>Marks the request.</summary>
    public static void Set(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(Key, new EventIdsAssignedOption());
    }
}
