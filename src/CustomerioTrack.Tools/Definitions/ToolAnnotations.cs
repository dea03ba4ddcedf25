namespace CustomerioTrack.Tools;

/// <summary>Behaviour hints for hosts (MCP tool annotations).</summary>
public sealed record ToolAnnotations(bool ReadOnly, bool Destructive, bool Idempotent, bool OpenWorld);
