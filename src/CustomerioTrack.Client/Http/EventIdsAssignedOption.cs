namespace CustomerioTrack.Client.Http;

/// <summary>
/// Marks a request whose body has already been through <see cref="EventIdAugmenter"/>, so every event in it carries an
/// id. <see cref="EventIdHandler"/> and <see cref="TrackRetryHandler"/> then trust the body instead of scanning it again
/// (three scans of a 500 KB batch became one). Add it only for a body that really was augmented.
/// </summary>
public sealed class EventIdsAssignedOption : TrackRequestMark<EventIdsAssignedOption>;
