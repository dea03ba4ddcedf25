using Microsoft.Kiota.Abstractions;

namespace CustomerioTrack.Client.Http;

/// <summary>
/// Marks a request whose content can be sent more than once as it is (for example a stream over a byte array, which
/// <see cref="StreamContent"/> rewinds before each attempt), so <see cref="TrackRetryHandler"/> need not buffer a copy
/// of it first. Without the mark, content other than <see cref="ByteArrayContent"/> is buffered before the first attempt.
/// </summary>
public sealed class ReplayableContentOption : IRequestOption
{
    // Kiota copies each request option into HttpRequestMessage.Options under the option type's full name.
    private static readonly HttpRequestOptionsKey<IRequestOption> Key = new(typeof(ReplayableContentOption).FullName!);

    /// <summary>True when the request carries the mark.</summary>
    public static bool IsSet(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Options.TryGetValue(Key, out var option) && option is ReplayableContentOption;
    }

    /// <summary>Marks the request.</summary>
    public static void Set(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(Key, new ReplayableContentOption());
    }
}
