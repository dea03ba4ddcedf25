using System.Text;

namespace CustomerioTrack.Mcp.Tests;

/// <summary>Which stdin lines open a reply the server owes before it may exit on end of input, which cancel one, and which it answers itself.</summary>
public sealed class RequestLineTests
{
    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", "n:1")]
    [InlineData("""{"jsonrpc":"2.0","id":"a-1","method":"initialize","params":{"capabilities":{}}}""", "s:a-1")]
    [InlineData("""{"method":"tools/call","params":{"name":"X","arguments":{"id":7,"method":"m"}},"jsonrpc":"2.0","id":3}""", "n:3")]
    [InlineData("""  {"id":0,"method":"ping","jsonrpc":"2.0"}  """, "n:0")]
    [InlineData("""{"jsonrpc":"2.0","id":"1","method":"ping"}""", "s:1")]
    [InlineData("""{"jsonrpc":"2\u002E0","id":"a\u002Db","method":"ping"}""", "s:a-b")]
    [InlineData("""{"jsonrpc":"2.0","id":9,"method":"notifications/cancelled","params":{"requestId":1}}""", "n:9")]
    public void A_request_is_one_object_with_jsonrpc_2_0_a_string_method_and_a_string_or_integer_id(string line, string key)
    {
        Assert.Equal(new JsonRpcLine(JsonRpcLineKind.Request, key), JsonRpcLine.Read(Encoding.UTF8.GetBytes(line)));
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"call-3","reason":"stop"}}""", "s:call-3")]
    [InlineData("""{"params":{"reason":{"requestId":5},"requestId":4},"method":"notifications/cancelled","jsonrpc":"2.0"}""", "n:4")]
    public void A_cancellation_names_the_request_it_cancels(string line, string key)
    {
        Assert.Equal(new JsonRpcLine(JsonRpcLineKind.Cancellation, key), JsonRpcLine.Read(Encoding.UTF8.GetBytes(line)));
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","method":"notifications/initialized"}""")]
    [InlineData("""{"jsonrpc":"2.0","method":"notifications/progress","params":{"requestId":1}}""")]
    [InlineData("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"reason":"no id"}}""")]
    [InlineData("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":[1]}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":{}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":{"a":1},"error":{"code":1,"message":"m"}}""")]
    [InlineData("""{"id":1,"method":"ping"}""")]
    [InlineData("""{"jsonrpc":"1.0","id":1,"method":"ping"}""")]
    [InlineData("""{"jsonrpc":2.0,"id":1,"method":"ping"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":5}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1}""")]
    [InlineData("""{"id":1,"method":"x"} trailing""")]
    [InlineData("""{"id":1,"method":"x",""")]
    [InlineData("""{"id":"a","id":{},"method":"x"}""")]
    [InlineData("   ")]
    [InlineData("")]
    public void Other_lines_are_neither(string line)
    {
        Assert.Equal(new JsonRpcLine(JsonRpcLineKind.Neither, null), JsonRpcLine.Read(Encoding.UTF8.GetBytes(line)));
    }

    [Theory]
    [InlineData("{not json", -32700)]
    [InlineData("""{"jsonrpc":"2.0","method":"ping""", -32700)]
    [InlineData("""{"jsonrpc":"2.0","method":"ping"}{"jsonrpc":"2.0","method":"ping"}""", -32700)]
    [InlineData("""[{"id":1,"method":"x"}]""", -32600)]
    [InlineData("[]", -32600)]
    [InlineData("42", -32600)]
    [InlineData("true", -32600)]
    [InlineData("{}", -32600)]
    [InlineData("""{"jsonrpc":"2.0","params":{"id":1,"method":"m"}}""", -32600)]
    [InlineData("""{"id":null,"method":"x"}""", -32600)]
    [InlineData("""{"jsonrpc":"2.0","id":1.5,"method":"x"}""", -32600)]
    [InlineData("""{"jsonrpc":"2.0","id":1e2,"method":"x"}""", -32600)]
    [InlineData("""{"jsonrpc":"2.0","method":{"name":"x"}}""", -32600)]
    public void Lines_the_sdk_would_drop_without_a_reply_are_rejected(string line, int code)
    {
        var read = JsonRpcLine.Read(Encoding.UTF8.GetBytes(line));

        Assert.Equal(JsonRpcLineKind.Rejected, read.Kind);
        Assert.Equal(code, read.Rejection!.Code);
    }

    [Fact]
    public void Deep_nesting_is_read_without_failing()
    {
        var deepArray = new string('[', 100_000) + new string(']', 100_000);
        var deepParams = """{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"a":""" + new string('[', 1_000) + new string(']', 1_000) + "}}";
        var deepNotification = """{"jsonrpc":"2.0","method":"x","params":""" + new string('[', 1_000) + new string(']', 1_000) + "}";

        Assert.Equal(LineRejection.Batch, JsonRpcLine.Read(Encoding.UTF8.GetBytes(deepArray)).Rejection);
        var request = JsonRpcLine.Read(Encoding.UTF8.GetBytes(deepParams));
        Assert.Equal((JsonRpcLineKind.Rejected, "n:5"), (request.Kind, request.RequestKey));
        var notification = JsonRpcLine.Read(Encoding.UTF8.GetBytes(deepNotification));
        Assert.Equal((JsonRpcLineKind.Rejected, null), (notification.Kind, notification.RequestKey));
        Assert.Equal(-32700, notification.Rejection!.Code);
    }

    [Fact]
    public void Sixty_four_levels_are_a_request_and_sixty_five_are_answered_with_where_the_limit_is_passed()
    {
        // The message is level 1 and "params" level 2, so 62 arrays inside "a" reach level 64. A run of equal steps is
        // written once with its count.
        static string Nested(int arrays) => """{"jsonrpc":"2.0","id":"d","method":"ping","params":{"a":""" + new string('[', arrays) + new string(']', arrays) + "}}";

        Assert.Equal(new JsonRpcLine(JsonRpcLineKind.Request, "s:d"), JsonRpcLine.Read(Encoding.UTF8.GetBytes(Nested(62))));

        var deep = JsonRpcLine.Read(Encoding.UTF8.GetBytes(Nested(63)));
        Assert.Equal((JsonRpcLineKind.Rejected, "s:d"), (deep.Kind, deep.RequestKey));
        Assert.Equal(
            "Parse error: the message is nested more than 64 levels deep (objects and arrays inside one another), the most this server reads; "
            + "level 65 opens at $.params.a[0]×62. Send that value with fewer levels.",
            deep.Rejection!.Message);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"arguments":{"list":[1,{"x":2},{"the key":""", 5, "}]}}}", "n:7", "$.params.arguments.list[2][\"the key\"]")]
    [InlineData("""{"id":"first","id":9,"method":"m","params":{"":""", 2, "}}", "s:first", "$.params[\"\"]")]
    [InlineData("""{"id":[1],"id":9,"method":"m","params":{"":""", 2, "}}", null, "$.params[\"\"]")]
    public void The_path_names_members_and_counts_elements(string head, int levelsOpen, string tail, string? key, string path)
    {
        // Arrays at the head's end until level 65 opens.
        var arrays = LineRejection.MaxDepth + 1 - levelsOpen;
        var line = head + new string('[', arrays) + new string(']', arrays) + tail;

        var read = JsonRpcLine.Read(Encoding.UTF8.GetBytes(line));

        Assert.Equal((JsonRpcLineKind.Rejected, key), (read.Kind, read.RequestKey));
        Assert.EndsWith("level 65 opens at " + path + "[0]×" + (arrays - 1) + ". Send that value with fewer levels.", read.Rejection!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_path_is_cut()
    {
        // Distinct names, so no run is shortened.
        var names = Enumerable.Range(10, 70).Select(n => "name" + n).ToArray();
        var line = """{"jsonrpc":"2.0","id":1,"method":"m","params":""" + string.Concat(names.Select(n => "{\"" + n + "\":")) + "1" + new string('}', 71);

        var message = JsonRpcLine.Read(Encoding.UTF8.GetBytes(line)).Rejection!.Message;

        // "$.params" and 22 names of 7 characters make 162: the path stops at 160.
        Assert.Contains("opens at $.params" + string.Concat(names.Take(21).Select(n => "." + n)) + ".name…. Send", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Strings_no_dotnet_string_can_hold_are_read_without_throwing()
    {
        // An escaped lone surrogate is valid JSON; reading it as a string throws, which stopped the server.
        var id = JsonRpcLine.Read(Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":"\ud800","method":"ping"}"""));
        var method = JsonRpcLine.Read(Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":"m","method":"\udc00"}"""));
        var member = JsonRpcLine.Read(Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":"d","method":"ping","params":{"\ud800":""" + new string('[', 63) + new string(']', 63) + "}}"));
        var key = JsonRpcLine.Read(Encoding.UTF8.GetBytes("""{"\ud800":1,"jsonrpc":"2.0","id":"k","method":"ping"}"""));
        var version = JsonRpcLine.Read(Encoding.UTF8.GetBytes("""{"jsonrpc":"\ud800","id":"v","method":"ping"}"""));
        var cancellation = JsonRpcLine.Read(Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"\ud800":1,"requestId":"c"}}"""));

        Assert.Equal(new JsonRpcLine(JsonRpcLineKind.Rejected, null, LineRejection.Id), id);
        // The first id is usable: the SDK answers the line itself.
        Assert.Equal(new JsonRpcLine(JsonRpcLineKind.Neither, null), method);
        Assert.Equal((JsonRpcLineKind.Rejected, "s:d"), (member.Kind, member.RequestKey));
        // The SDK drops a line with such a top-level name without a reply.
        Assert.Equal(new JsonRpcLine(JsonRpcLineKind.Rejected, "s:k", LineRejection.UnpairedSurrogate), key);
        // Text that cannot be read is no name or value this check looks for.
        Assert.Equal(new JsonRpcLine(JsonRpcLineKind.Neither, null), version);
        Assert.Equal(new JsonRpcLine(JsonRpcLineKind.Cancellation, "s:c"), cancellation);
        Assert.EndsWith("level 65 opens at $.params[\"\\\\ud800\"][0]×62. Send that value with fewer levels.", member.Rejection!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_500_KB_tool_call_is_a_request()
    {
        var line = """{"jsonrpc":"2.0","id":"big","method":"tools/call","params":{"name":"X","arguments":{"items":[""" +
            string.Join(",", Enumerable.Repeat("""{"id":7,"method":"m","data":"0123456789"}""", 12_000)) + "]}}}";
        Assert.True(line.Length > 500_000);

        Assert.Equal(new JsonRpcLine(JsonRpcLineKind.Request, "s:big"), JsonRpcLine.Read(Encoding.UTF8.GetBytes(line)));
    }
}
