using System.Text.Json;

namespace CustomerioTrack.Mcp;

/// <summary>
/// What one stdin line means for the replies the server owes: a request to answer, a cancellation of one, a line the server
/// answers itself with an error (<see cref="Rejection"/>), or none of these (handed to the SDK, nothing to wait for).
/// </summary>
internal readonly record struct JsonRpcLine(JsonRpcLineKind Kind, string? RequestKey, LineRejection? Rejection = null)
{
    private static readonly JsonRpcLine Neither = new(JsonRpcLineKind.Neither, null);

    /// <summary>
    /// Reads a line with a forward-only reader that skips the values it does not need (a tools/call line may carry a 500 KB
    /// batch): building a document of every line cost a full parse per request.
    /// </summary>
    public static JsonRpcLine Read(ReadOnlySpan<byte> line)
    {
        if (line.Trim(" \t\r"u8).IsEmpty)
        {
            // A blank line: the SDK skips it, as line-based peers do.
            return Neither;
        }

        // The reader's default depth limit is the SDK's: a line within it is one the SDK can deserialize.
        var reader = new Utf8JsonReader(line);
        bool? firstIdUsable = null;
        try
        {
            reader.Read();

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                var rejection = reader.TokenType == JsonTokenType.StartArray ? LineRejection.Batch : LineRejection.NotAnObject;
                reader.Skip();
                return reader.Read() ? Diagnose(line) : Rejected(rejection);
            }

            string? method = null, id = null, cancelledId = null;
            bool hasMethod = false, hasId = false, version2 = false, isResponse = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("method"u8))
                {
                    reader.Read();
                    hasMethod = true;
                    method = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("jsonrpc"u8))
                {
                    reader.Read();
                    version2 = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("2.0"u8);
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    hasId = true;
                    id = KeyOf(ref reader);
                    firstIdUsable ??= id is not null;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("params"u8))
                {
                    reader.Read();
                    cancelledId = RequestIdInParams(ref reader);
                }
                else
                {
                    isResponse |= reader.ValueTextEquals("result"u8) || reader.ValueTextEquals("error"u8);
                    reader.Read();
                    reader.Skip();
                }
            }

            // The whole line must be one JSON object, as the transport will parse it.
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return Diagnose(line);
            }

            // A response (or what tries to be one) is never answered: JSON-RPC peers do not reply to replies.
            if (!hasMethod && isResponse)
            {
                return Neither;
            }

            var problem = !version2 ? LineRejection.Version
                : hasId && id is null ? LineRejection.Id
                : method is null ? LineRejection.Method
                : null;
            if (problem is not null)
            {
                // When the first "id" is usable the SDK answers the line itself (-32700 with that id), outside the
                // server's outgoing filter: hand it over and wait for nothing.
                return firstIdUsable == true ? Neither : Rejected(problem);
            }

            if (id is not null)
            {
                return new(JsonRpcLineKind.Request, id);
            }

            return method == "notifications/cancelled" && cancelledId is not null ? new(JsonRpcLineKind.Cancellation, cancelledId) : Neither;
        }
        catch (JsonException)
        {
            return Diagnose(line);
        }
    }

    /// <summary>The key of a request id as it appears in a reply: strings and numbers never share a key.</summary>
    public static string KeyOf(ModelContextProtocol.Protocol.RequestId id) => id.Id is string text ? "s:" + text : "n:" + id.Id;

    private static JsonRpcLine Rejected(LineRejection rejection) => new(JsonRpcLineKind.Rejected, null, rejection);

    /// <summary>
    /// A line the SDK cannot deserialize (broken, trailing text, or nested deeper than its limit). The SDK then answers
    /// only when the object's first "id" is a string or an integer, so the rest is answered here.
    /// </summary>
    private static JsonRpcLine Diagnose(ReadOnlySpan<byte> line)
    {
        // No depth limit: nesting alone must not turn well-formed JSON into a parse error.
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = int.MaxValue });
        var top = JsonTokenType.None;
        try
        {
            reader.Read();
            top = reader.TokenType;
            if (top == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isId = reader.ValueTextEquals("id"u8);
                    reader.Read();
                    if (isId)
                    {
                        // Neither a request to wait for nor one to answer: the SDK replies with this id.
                        return KeyOf(ref reader) is null ? DiagnoseRest(ref reader, top) : Neither;
                    }

                    reader.Skip();
                }
            }

            return DiagnoseRest(ref reader, top);
        }
        catch (JsonException)
        {
            return Rejected(LineRejection.NotJson);
        }
    }

    private static JsonRpcLine DiagnoseRest(ref Utf8JsonReader reader, JsonTokenType top)
    {
        try
        {
            reader.Skip();
            while (reader.Read())
            {
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            return Rejected(LineRejection.NotJson);
        }

        // Well-formed but beyond the SDK's depth: an object without a usable first id is dropped by the SDK like a
        // notification it cannot read; only an array is surely not a message.
        return top == JsonTokenType.StartArray ? Rejected(LineRejection.Batch) : Neither;
    }

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

            reader.Skip();
        }

        return requestId;
    }
}

internal enum JsonRpcLineKind
{
    Neither,
    Request,
    Cancellation,

    /// <summary>Answered by the server itself with <see cref="JsonRpcLine.Rejection"/>; never handed to the SDK.</summary>
    Rejected,
}
