using System.Globalization;
using System.Text;

namespace CustomerioTrack.Generator.Json;

/// <summary>Writes minified JSON. Callers are responsible for commas via the Begin/Property helpers.</summary>
internal sealed class JsonWriter
{
    private readonly StringBuilder _builder = new();
    private bool _needsComma;

    public void BeginObject()
    {
        Separator();
        _builder.Append('{');
        _needsComma = false;
    }

    public void EndObject()
    {
        _builder.Append('}');
        _needsComma = true;
    }

    public void BeginArray()
    {
        Separator();
        _builder.Append('[');
        _needsComma = false;
    }

    public void EndArray()
    {
        _builder.Append(']');
        _needsComma = true;
    }

    /// <summary>Writes a property name; the next value written is its value.</summary>
    public void PropertyName(string name)
    {
        Separator();
        WriteEscaped(name);
        _builder.Append(':');
        _needsComma = false;
    }

    public void String(string value)
    {
        Separator();
        WriteEscaped(value);
        _needsComma = true;
    }

    public void Boolean(bool value)
    {
        Separator();
        _builder.Append(value ? "true" : "false");
        _needsComma = true;
    }

    /// <summary>Writes an already valid JSON fragment (a number token or a minified value).</summary>
    public void Raw(string json)
    {
        Separator();
        _builder.Append(json);
        _needsComma = true;
    }

    public void WriteValue(JsonValue value)
    {
        switch (value.Kind)
        {
            case JsonKind.Object:
                BeginObject();
                foreach (var property in value.Properties)
                {
                    PropertyName(property.Name);
                    WriteValue(property.Value);
                }

                EndObject();
                break;
            case JsonKind.Array:
                BeginArray();
                foreach (var item in value.Items)
                {
                    WriteValue(item);
                }

                EndArray();
                break;
            case JsonKind.String:
                String(value.Text!);
                break;
            case JsonKind.Number:
                Raw(value.Text!);
                break;
            case JsonKind.True:
                Raw("true");
                break;
            case JsonKind.False:
                Raw("false");
                break;
            default:
                Raw("null");
                break;
        }
    }

    public override string ToString() => _builder.ToString();

    private void Separator()
    {
        if (_needsComma)
        {
            _builder.Append(',');
        }
    }

    private void WriteEscaped(string value)
    {
        _builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': _builder.Append("\\\""); break;
                case '\\': _builder.Append("\\\\"); break;
                case '\n': _builder.Append("\\n"); break;
                case '\r': _builder.Append("\\r"); break;
                case '\t': _builder.Append("\\t"); break;
                case '\b': _builder.Append("\\b"); break;
                case '\f': _builder.Append("\\f"); break;
                default:
                    if (c < ' ' || c == '\u2028' || c == '\u2029')
                    {
                        _builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        _builder.Append(c);
                    }

                    break;
            }
        }

        _builder.Append('"');
    }
}
