using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace CustomerioTrack.Tools;

/// <summary>
/// <see cref="AIJsonUtilities.DefaultOptions"/> for an application's own objects, with the checks the hand-written
/// paths make: System.Text.Json alone would put U+FFFD in place of a lone surrogate (another value than the one given)
/// and write a <see cref="BigInteger"/> as its properties, a body the schema accepts.
/// </summary>
internal static class CheckedSerializerOptions
{
    public static JsonSerializerOptions Instance { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(AIJsonUtilities.DefaultOptions);
        options.Converters.Insert(0, new CheckedStringConverter());
        options.Converters.Insert(1, new CheckedCharConverter());
        options.Converters.Insert(2, new BigIntegerNumberConverter());
        options.MakeReadOnly();
        return options;
    }

    /// <summary>Index of the first lone UTF-16 surrogate in <paramref name="text"/>, or null.</summary>
    public static int? LoneSurrogateAt(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return i;
            }
        }

        return null;
    }

    private static string Checked(string text, string where) => LoneSurrogateAt(text) is { } at
        ? throw new LoneSurrogateException($"holds a lone UTF-16 surrogate at index {at} of {where}; give well-formed text")
        : text;

    private sealed class CheckedStringConverter : JsonConverter<string>
    {
        public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Only used to write arguments.");

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Checked(value, "a string"));

        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WritePropertyName(Checked(value, "a key"));
    }

    private sealed class CheckedCharConverter : JsonConverter<char>
    {
        public override char Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Only used to write arguments.");

        public override void Write(Utf8JsonWriter writer, char value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Checked(value.ToString(), "a string"));
    }

    private sealed class BigIntegerNumberConverter : JsonConverter<BigInteger>
    {
        public override BigInteger Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Only used to write arguments.");

        public override void Write(Utf8JsonWriter writer, BigInteger value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.ToString(CultureInfo.InvariantCulture));
    }
}

/// <summary>A string of an application's object that JSON cannot carry as given; its message ends the argument's sentence.</summary>
internal sealed class LoneSurrogateException(string message) : Exception(message);
