namespace CustomerioTrack.Client;

/// <summary>The client cannot be built from the given options (e.g. a missing Site ID or key). Never contains the key.</summary>
public sealed class TrackConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrackConfigurationException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public TrackConfigurationException() { }

    /// <summary>Creates the exception.</summary>
    public TrackConfigurationException(string message, Exception innerException) : base(message, innerException) { }
}
