using System.Text.Encodings.Web;
using System.Text.Json;

namespace CustomerioTrack.Mcp;

/// <summary>One step of a JSONPath as error messages show it: <c>.plan</c>, or <c>["the key"]</c> for any other name.</summary>
internal static class JsonPathStep
{
    public static string Member(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? "." + name
            : "[\"" + JsonEncodedText.Encode(name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"]";
}
