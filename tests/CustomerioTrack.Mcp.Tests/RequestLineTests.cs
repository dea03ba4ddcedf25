using System.Text;

namespace CustomerioTrack.Mcp.Tests;

/// <summary>Which stdin lines are requests the server owes a reply before it may exit on end of input.</summary>
public sealed class RequestLineTests
{
    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", true)]
    [InlineData("""{"jsonrpc":"2.0","id":"a-1","method":"initialize","params":{"capabilities":{}}}""", true)]
    [InlineData("""{"method":"tools/call","params":{"name":"X","arguments":{"id":7,"method":"m"}},"jsonrpc":"2.0","id":3}""", true)]
    [InlineData("""  {"id":0,"method":"ping"}  """, true)]
    [InlineData("""{"jsonrpc":"2.0","method":"notifications/initialized"}""", false)]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":{}}""", false)]
    [InlineData("""{"jsonrpc":"2.0","params":{"id":1,"method":"m"}}""", false)]
    [InlineData("""{"id":null,"method":"x"}""", false)]
    [InlineData("""{"id":1,"method":5}""", false)]
    [InlineData("""{"id":1,"method":"x"} trailing""", false)]
    [InlineData("""{"id":1,"method":"x",""", false)]
    [InlineData("""[{"id":1,"method":"x"}]""", false)]
    [InlineData("   ", false)]
    [InlineData("", false)]
    public void A_request_is_one_object_with_a_string_method_and_a_string_or_number_id(string line, bool request)
    {
        Assert.Equal(request, DrainingInputStream.IsRequest(Encoding.UTF8.GetBytes(line)));
    }
}
