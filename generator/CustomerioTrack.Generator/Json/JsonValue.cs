using System;
using System.Collections.Generic;
using CustomerioTrack.Generator.Model;

namespace CustomerioTrack.Generator.Json;

internal enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>
/// An immutable JSON value with value equality and the position it was read from.
/// <see cref="Text"/> is the decoded string for strings and the raw token for numbers.
/// </summary>
internal sealed record JsonValue(
    JsonKind Kind,
    string? Text,
    EquatableArray<JsonProperty> Properties,
    EquatableArray<JsonValue> Items,
    LocationInfo Location)
{
    public bool IsObject => Kind == JsonKind.Object;

    public bool IsArray => Kind == JsonKind.Array;

    public bool IsString => Kind == JsonKind.String;

    public bool IsBoolean => Kind is JsonKind.True or JsonKind.False;

    /// <summary>The value of property <paramref name="name"/> of an object, or null.</summary>
    public JsonValue? this[string name] => GetProperty(name)?.Value;

    public JsonProperty? GetProperty(string name)
    {
        if (Kind != JsonKind.Object)
        {
            return null;
        }

        foreach (var property in Properties)
        {
            if (string.Equals(property.Name, name, StringComparison.Ordinal))
            {
                return property;
            }
        }

        return null;
    }

    /// <summary>The string value, or null when this is not a string.</summary>
    public string? AsString() => Kind == JsonKind.String ? Text : null;

    /// <summary>The boolean value, or null when this is not a boolean.</summary>
    public bool? AsBoolean() => Kind switch
    {
        JsonKind.True => true,
        JsonKind.False => false,
        _ => null,
    };

    public string? GetString(string name) => this[name]?.AsString();

    public bool? GetBoolean(string name) => this[name]?.AsBoolean();

    public IEnumerable<JsonValue> ArrayItems() => Kind == JsonKind.Array ? Items : Array.Empty<JsonValue>();

    public IEnumerable<JsonProperty> ObjectProperties() => Kind == JsonKind.Object ? Properties : Array.Empty<JsonProperty>();

    /// <summary>This value as minified JSON.</summary>
    public string ToJson()
    {
        var writer = new JsonWriter();
        writer.WriteValue(this);
        return writer.ToString();
    }
}

/// <summary>One property of a JSON object, with the position of its name.</summary>
internal sealed record JsonProperty(string Name, LocationInfo NameLocation, JsonValue Value);
