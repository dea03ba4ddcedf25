using System.Text.Json;

namespace CustomerioTrack.Mcp;

/// <summary>What one stdin line means for the replies the server owes: a request to answer, a cancellation of one, or neither.</summary>
internal readonly record struct JsonRpcLine(JsonRpcLineKind Kind, string? RequestKey)
{
    private static readonly JsonRpcLine Neither = new(JsonRpcLineKind.Neither, null);

    /// <summary>
    /// Reads a line with a forward-only reader that skips the values it does not need (a tools/call line may carry a 500 KB
    /// batch): building a document of every line cost a full parse per request.
    /// </summary>
    public static JsonRpcLine Read(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Neither;
            }

            string? method = null, id = null, cancelledId = null;
            var version2 = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("method"u8))
                {
                    reader.Read();
                    method = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("jsonrpc"u8))
                {
                    reader.Read();
                    version2 = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("2.0"u8);
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    id = KeyOf(ref reader);
                }
                else if (reader.ValueTextEquals("params"u8))
                {
                    reader.Read();
                    cancelledId = RequestIdInParams(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            // The whole line must be one JSON object, as the transport will parse it: a broken line gets no reply to wait for.
            // Without "jsonrpc":"2.0" the transport rejects the line itself, and its -32700 reply bypasses the server's
            // outgoing filter, so it would never close the wait at the end of the input.
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || method is null || !version2)
            {
                return Neither;
            }

            if (id is not null)
            {
                return new(JsonRpcLineKind.Request, id);
            }

            return method == "notifications/cancelled" && cancelledId is not null ? new(JsonRpcLineKind.Cancellation, cancelledId) : Neither;
        }
        catch (JsonException)
        {
            return Neither;
        }
    }

    /// <summary>The key of a request id as it appears in a reply: strings and numbers never share a key.</summary>
    public static string KeyOf(ModelContextProtocol.Protocol.RequestId id) => id.Id is string text ? "s:" + text : "n:" + id.Id;

    private static string? KeyOf(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => "s:" + reader.GetString(),
        JsonTokenType.Number when reader.TryGetInt64(out var number) => "n:" + number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };

    private static string? RequestIdInParams(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? requestId = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isRequestId = reader.ValueTextEquals("requestId"u8);
            reader.Read();
            if (isRequestId)
            {
                requestId = KeyOf(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return requestId;
    }
}

internal enum JsonRpcLineKind
{
    Neither,
    Request,
    Cancellation,
}
