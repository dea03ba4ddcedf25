namespace CustomerioTrack.Sandbox.Tests;

/// <summary>A test that sends POSIX signals with <c>kill</c>: skipped on Windows.</summary>
public sealed class UnixTheoryAttribute : TheoryAttribute
{
    public UnixTheoryAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "sends POSIX signals";
        }
    }
}
