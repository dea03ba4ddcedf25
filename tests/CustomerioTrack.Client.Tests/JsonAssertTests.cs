using System.Text.Json;
using CustomerioTrack.Client.Tests.Support;
using Xunit.Sdk;

namespace CustomerioTrack.Client.Tests;

/// <summary>The structural comparison the wire tests rely on must itself catch differences.</summary>
public sealed class JsonAssertTests
{
    [Theory]
    [InlineData("""{"a":1,"b":[1,2]}""", """{"b":[1,2],"a":1}""")]
    [InlineData("""{"n":1.50}""", """{"n":1.5}""")]
    [InlineData("""{"s":"zo\u00EB"}""", """{"s":"zoë"}""")]
    [InlineData("""[null,true,false]""", """[null,true,false]""")]
    public void Equal_AcceptsTheSameStructure(string expected, string actual) => JsonAssert.Equal(expected, actual);

    [Theory]
    [InlineData("""{"a":1}""", """{"a":2}""", "$.a")]
    [InlineData("""{"a":1}""", """{"a":"1"}""", "$.a")]
    [InlineData("""{"a":1}""", """{"a":1,"b":2}""", "unexpected member \"b\"")]
    [InlineData("""{"a":1,"b":2}""", """{"a":1}""", "missing member \"b\"")]
    [InlineData("""{"a":[1,2]}""", """{"a":[2,1]}""", "$.a[0]")]
    [InlineData("""{"a":[1]}""", """{"a":[1,1]}""", "expected 1 items")]
    [InlineData("""{"a":{"b":true}}""", """{"a":{"b":false}}""", "$.a.b")]
    [InlineData("""{"a":null}""", """{"a":{}}""", "$.a")]
    [InlineData("""{"a":1}""", """{"a":1,"a":1}""", "duplicate member")]
    [InlineData("""{"s":"x"}""", """{"s":"X"}""", "$.s")]
    public void Equal_ReportsWhereTheyDiffer(string expected, string actual, string where)
    {
        var error = Assert.Throws<XunitException>(() => JsonAssert.Equal(expected, actual));
        Assert.Contains(where, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeepEquals_IsFalseForDifferentDocuments()
    {
        using var a = JsonDocument.Parse("""{"x":[1,{"y":2}]}""");
        using var b = JsonDocument.Parse("""{"x":[1,{"y":3}]}""");
        Assert.False(JsonAssert.DeepEquals(a.RootElement, b.RootElement));
        Assert.True(JsonAssert.DeepEquals(a.RootElement, a.RootElement));
    }
}
