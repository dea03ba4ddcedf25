using System.Text.Encodings.Web;
using System.Text.Json;

namespace CustomerioTrack.Mcp;

/// <summary>
/// Why the server answers a stdin line itself instead of handing it to the SDK, which would drop it without a reply and
/// leave the client waiting for its own timeout. The reply carries <c>"id": null</c>: no usable id could be read.
/// </summary>
internal sealed class LineRejection
{
    public static readonly LineRejection NotJson = new(-32700, "Parse error: the line is not valid JSON. Send one JSON-RPC message per line.");

    public static readonly LineRejection Batch = new(-32600, "Invalid Request: JSON-RPC batches (arrays) are not supported. Send one message per line.");

    public static readonly LineRejection NotAnObject = new(-32600, "Invalid Request: a JSON-RPC message must be a JSON object.");

    public static readonly LineRejection Version = new(-32600, "Invalid Request: \"jsonrpc\" must be \"2.0\".");

    public static readonly LineRejection Id = new(-32600, "Invalid Request: \"id\" must be a string or an integer.");

    public static readonly LineRejection Method = new(-32600, "Invalid Request: \"method\" must be a string.");

    private LineRejection(int code, string message)
    {
        Code = code;
        Message = message;
        Reply = ReplyOf(code, message);
    }

    public int Code { get; }

    public string Message { get; }

    /// <summary>The whole reply line, without its newline.</summary>
    public ReadOnlyMemory<byte> Reply { get; }

    private static byte[] ReplyOf(int code, string message)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        // Relaxed escaping keeps the quotes in the messages readable (\" rather than \u0022); the texts are constants.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc"u8, "2.0"u8);
            writer.WriteNull("id"u8);
            writer.WriteStartObject("error"u8);
            writer.WriteNumber("code"u8, code);
            writer.WriteString("message"u8, message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
