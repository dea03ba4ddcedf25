namespace CustomerioTrack.Tools;

/// <summary>
/// How far a call split into several requests has got (batches and segment calls over Customer.io's limits): reported
/// once before the first request (<see cref="Completed"/> 0) and after each request that was accepted.
/// </summary>
/// <param name="Completed">Requests answered so far.</param>
/// <param name="Total">Requests the call is split into.</param>
/// <param name="Message">The same in words, e.g. "Request 2 of 3 accepted (1,000 of 1,500 items sent)."</param>
public sealed record TrackToolProgress(int Completed, int Total, string Message);
