using System.Text.Json;

namespace CustomerioTrack.Mcp;

/// <summary>
/// What one stdin line means for the replies the server owes: a request to answer, a cancellation of one, a line the server
/// answers itself with an error (<see cref="Rejection"/>, to <see cref="RequestKey"/> when it is not null), or none of
/// these (handed to the SDK, nothing to wait for).
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
            bool hasMethod = false, hasId = false, version2 = false, isResponse = false, unreadableName = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (Is(ref reader, "method"u8))
                {
                    reader.Read();
                    hasMethod = true;
                    method = reader.TokenType == JsonTokenType.String ? TextOf(ref reader) : null;
                    reader.Skip();
                }
                else if (Is(ref reader, "jsonrpc"u8))
                {
                    reader.Read();
                    version2 = reader.TokenType == JsonTokenType.String && Is(ref reader, "2.0"u8);
                    reader.Skip();
                }
                else if (Is(ref reader, "id"u8))
                {
                    reader.Read();
                    hasId = true;
                    id = KeyOf(ref reader);
                    firstIdUsable ??= id is not null;
                    reader.Skip();
                }
                else if (Is(ref reader, "params"u8))
                {
                    reader.Read();
                    cancelledId = RequestIdInParams(ref reader);
                }
                else
                {
                    isResponse |= Is(ref reader, "result"u8) || Is(ref reader, "error"u8);
                    unreadableName |= reader.ValueIsEscaped && TextOf(ref reader) is null;
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

            if (unreadableName)
            {
                // The SDK drops such a line without a word, whatever its id.
                return new(JsonRpcLineKind.Rejected, id, LineRejection.UnpairedSurrogate);
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
    /// A line the SDK cannot deserialize (broken, trailing text, or nested deeper than its limit). The SDK answers a
    /// broken line itself only when the object's first "id" is a string or an integer, so the rest is answered here;
    /// a line that is only too deep is answered here in every case, with the first id when it is usable.
    /// </summary>
    private static JsonRpcLine Diagnose(ReadOnlySpan<byte> line)
    {
        // No depth limit: nesting alone must not turn well-formed JSON into a parse error.
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = int.MaxValue });
        var top = JsonTokenType.None;
        string? firstId = null;
        var idSeen = false;
        try
        {
            reader.Read();
            top = reader.TokenType;
            if (top == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isId = !idSeen && Is(ref reader, "id"u8);
                    reader.Read();
                    if (isId)
                    {
                        idSeen = true;
                        firstId = KeyOf(ref reader);
                    }

                    reader.Skip();
                }
            }

            reader.Skip();
            while (reader.Read())
            {
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Broken: with a usable first id the SDK replies itself (with that id), and a second reply would be an error.
            return firstId is null ? Rejected(LineRejection.NotJson) : Neither;
        }

        // Well-formed, so the first reader failed on depth alone. An array is not a message whatever its depth.
        return top == JsonTokenType.StartArray
            ? Rejected(LineRejection.Batch)
            : new(JsonRpcLineKind.Rejected, firstId, LineRejection.TooDeep(PathBeyondDepth(line)));
    }

    /// <summary>Where the first value nested beyond <see cref="LineRejection.MaxDepth"/> opens, as a JSONPath ($.params.arguments...).</summary>
    private static string PathBeyondDepth(ReadOnlySpan<byte> line)
    {
        const int Shown = 160;
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = int.MaxValue });
        // Per open container: the member name or element index it was reached by, and (for arrays) elements seen so far.
        var steps = new List<string>();
        var counts = new List<int>();
        string? member = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    // A name that is no .NET string is shown as written.
                    member = TextOf(ref reader) ?? System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                    continue;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    steps.RemoveAt(steps.Count - 1);
                    counts.RemoveAt(counts.Count - 1);
                    member = null;
                    continue;
            }

            // A value: inside an array it is the next element.
            var step = member is not null ? JsonPathStep.Member(member)
                : counts.Count > 0 && counts[^1] >= 0 ? "[" + counts[^1]++.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]"
                : "$";
            member = null;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                steps.Add(step);
                counts.Add(reader.TokenType == JsonTokenType.StartArray ? 0 : -1);
                if (steps.Count > LineRejection.MaxDepth)
                {
                    var path = Shorten(steps);
                    return path.Length <= Shown ? path : path[..Shown] + "…";
                }
            }
        }

        return "$";
    }

    /// <summary>Writes a run of four or more equal steps once with its count (<c>[0]×62</c>): deep values are mostly such runs.</summary>
    private static string Shorten(List<string> steps)
    {
        var path = new System.Text.StringBuilder();
        for (var i = 0; i < steps.Count;)
        {
            var run = 1;
            while (i + run < steps.Count && steps[i + run] == steps[i])
            {
                run++;
            }

            if (run >= 4)
            {
                path.Append(steps[i]).Append('×').Append(run);
            }
            else
            {
                for (var k = 0; k < run; k++)
                {
                    path.Append(steps[i]);
                }
            }

            i += run;
        }

        return path.ToString();
    }

    private static string? KeyOf(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String when TextOf(ref reader) is { } text => "s:" + text,
        JsonTokenType.Number when reader.TryGetInt64(out var number) => "n:" + number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>
    /// A string's text, or null for one no .NET string can hold: an escaped lone surrogate ("\ud800") is valid JSON, but
    /// reading it throws, and an exception here would stop the server.
    /// </summary>
    private static string? TextOf(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Whether the token's text is <paramref name="text"/>; false for text no .NET string can hold, which throws as in <see cref="TextOf"/>.</summary>
    private static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> text)
    {
        try
        {
            return reader.ValueTextEquals(text);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

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
            var isRequestId = Is(ref reader, "requestId"u8);
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
