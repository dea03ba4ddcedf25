namespace CustomerioTrack.Client;

/// <summary>The Customer.io data center a workspace lives in.</summary>
public enum TrackRegion
{
    /// <summary>United States: https://track.customer.io.</summary>
    Us,
    /// <summary>European Union: https://track-eu.customer.io.</summary>
    Eu,
}
