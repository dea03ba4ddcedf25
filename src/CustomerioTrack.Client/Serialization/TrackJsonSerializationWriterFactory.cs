using Microsoft.Kiota.Abstractions.Serialization;

namespace CustomerioTrack.Client.Serialization;

/// <summary>
/// Hands out <see cref="TrackJsonSerializationWriter"/>s for <c>application/json</c>: the same JSON as Kiota's
/// <c>JsonSerializationWriterFactory</c>, written without per-value reflection. <see cref="TrackClientFactory"/> uses it.
/// </summary>
public sealed class TrackJsonSerializationWriterFactory : ISerializationWriterFactory
{
    /// <inheritdoc />
    public string ValidContentType => "application/json";

    /// <inheritdoc />
    public ISerializationWriter GetSerializationWriter(string contentType)
    {
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        if (!string.Equals(contentType, ValidContentType, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentOutOfRangeException(nameof(contentType), contentType, $"Only {ValidContentType} is written by this factory.");
        }

        return new TrackJsonSerializationWriter();
    }
}
