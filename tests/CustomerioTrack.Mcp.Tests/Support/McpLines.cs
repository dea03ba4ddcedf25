namespace CustomerioTrack.Mcp.Tests.Support;

/// <summary>The stdin lines every stdio session starts with.</summary>
public static class McpLines
{
    public const string Initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"stdio-test","version":"1"}}}""";

    public const string Initialized = """{"jsonrpc":"2.0","method":"notifications/initialized"}""";
}
