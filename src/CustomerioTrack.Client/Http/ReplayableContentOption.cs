namespace CustomerioTrack.Client.Http;

/// <summary>
/// Marks a request whose content can be sent more than once as it is (for example a stream over a byte array, which
/// <see cref="StreamContent"/> rewinds before each attempt), so <see cref="TrackRetryHandler"/> need not buffer a copy
/// of it first. Without the mark, content other than <see cref="ByteArrayContent"/> is buffered before the first attempt.
/// </summary>
public sealed class ReplayableContentOption : TrackRequestMark<ReplayableContentOption>;
