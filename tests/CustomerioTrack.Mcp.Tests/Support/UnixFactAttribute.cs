namespace CustomerioTrack.Mcp.Tests.Support;

/// <summary>A test that sends POSIX signals with <c>kill</c>: skipped on Windows.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "sends POSIX signals";
        }
    }
}
