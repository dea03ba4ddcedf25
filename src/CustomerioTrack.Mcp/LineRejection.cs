using System.Text.Encodings.Web;
using System.Text.Json;

namespace CustomerioTrack.Mcp;

/// <summary>
/// Why the server answers a stdin line itself instead of handing it to the SDK, which would drop it without a reply and
/// leave the client waiting for its own timeout. The reply carries <c>"id": null</c> when no usable id could be read.
/// </summary>
internal sealed class LineRejection
{
    public static readonly LineRejection NotJson = new(-32700, "Parse error: the line is not valid JSON. Send one JSON-RPC message per line.");

    public static readonly LineRejection Batch = new(-32600, "Invalid Request: JSON-RPC batches (arrays) are not supported. Send one message per line.");

    public static readonly LineRejection NotAnObject = new(-32600, "Invalid Request: a JSON-RPC message must be a JSON object.");

    public static readonly LineRejection Version = new(-32600, "Invalid Request: \"jsonrpc\" must be \"2.0\".");

    public static readonly LineRejection Id = new(-32600, "Invalid Request: \"id\" must be a string or an integer.");

    public static readonly LineRejection Method = new(-32600, "Invalid Request: \"method\" must be a string.");

    public static readonly LineRejection UnpairedSurrogate = new(-32700,
        "Parse error: a member name holds a \\u escape that is half of a surrogate pair without the other half, which is not text. Write the character itself, or both halves of its pair.");

    /// <summary>The SDK reads at most this many levels of objects and arrays inside one another (System.Text.Json's default).</summary>
    public const int MaxDepth = 64;

    private LineRejection(int code, string message, string? logMessage = null)
    {
        Code = code;
        Message = message;
        LogMessage = logMessage ?? message;
        Reply = ReplyOf(code, message, null);
    }

    /// <summary>
    /// Well-formed JSON nested beyond <see cref="MaxDepth"/>: the SDK would answer only "Failed to parse" (or nothing,
    /// without a usable id), which does not tell the client what to change.
    /// </summary>
    public static LineRejection TooDeep(string path) => new(-32700,
        $"Parse error: the message is nested more than {MaxDepth} levels deep (objects and arrays inside one another), the most this server reads; "
        + $"level {MaxDepth + 1} opens at {path}. Send that value with fewer levels.",
        $"Parse error: the message is nested more than {MaxDepth} levels deep (objects and arrays inside one another), the most this server reads.");

    public int Code { get; }

    public string Message { get; }

    /// <summary>The message for the log, which shows no more of the line than its start: without the path's member names.</summary>
    public string LogMessage { get; }

    /// <summary>The whole reply line with id null, without its newline.</summary>
    public ReadOnlyMemory<byte> Reply { get; }

    /// <summary>The reply line for the request with this key (<see cref="JsonRpcLine.KeyOf(ModelContextProtocol.Protocol.RequestId)"/>), or with id null.</summary>
    public ReadOnlyMemory<byte> ReplyTo(string? requestKey) => requestKey is null ? Reply : ReplyOf(Code, Message, requestKey);

    private static byte[] ReplyOf(int code, string message, string? requestKey)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        // Relaxed escaping keeps the quotes in the messages readable (\" rather than \u0022); the texts are ours
        // or the client's own id and member names.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc"u8, "2.0"u8);
            if (requestKey is null)
            {
                writer.WriteNull("id"u8);
            }
            else if (requestKey.StartsWith("s:", StringComparison.Ordinal))
            {
                writer.WriteString("id"u8, requestKey.AsSpan(2));
            }
            else
            {
                writer.WriteNumber("id"u8, long.Parse(requestKey.AsSpan(2), System.Globalization.CultureInfo.InvariantCulture));
            }

            writer.WriteStartObject("error"u8);
            writer.WriteNumber("code"u8, code);
            writer.WriteString("message"u8, message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
