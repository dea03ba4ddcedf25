namespace CustomerioTrack.Sandbox;

/// <summary>A routed operation the sandbox has no emulation for: answered 501, since retrying cannot help.</summary>
internal sealed class SandboxNotImplementedException(string operation)
    : Exception($"The sandbox does not implement operation '{operation}'.");
