using System.Text.Json;

namespace CustomerioTrack.Tools.Tests.Support;

public static class JsonAssert
{
    /// <summary>Structural JSON equality (object key order ignored, numbers compared by value).</summary>
    public static void Equal(string expected, string actual)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        Assert.True(DeepEquals(e.RootElement, a.RootElement), $"JSON differs.\nExpected: {expected}\nActual:   {actual}");
    }

    public static bool DeepEquals(JsonElement x, JsonElement y) => JsonElement.DeepEquals(x, y);
}
