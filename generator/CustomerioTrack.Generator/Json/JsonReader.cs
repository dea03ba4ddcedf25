using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using CustomerioTrack.Generator.Model;
using Microsoft.CodeAnalysis.Text;

namespace CustomerioTrack.Generator.Json;

/// <summary>The text is not valid JSON; <see cref="Location"/> points at the offending character.</summary>
internal sealed class JsonReaderException : Exception
{
    public JsonReaderException(string message, LocationInfo location)
        : base(message) => Location = location;

    public LocationInfo Location { get; }
}

/// <summary>
/// A small recursive-descent RFC 8259 reader that records the span (offset, line, column) of every value and
/// property name, so diagnostics can point into the JSON file. No dependency beyond the BCL.
/// </summary>
internal sealed class JsonReader
{
    private const int MaxDepth = 256;

    private readonly string _text;
    private readonly string _path;
    private int _position;
    private int _line;
    private int _lineStart;

    private JsonReader(string text, string path)
    {
        _text = text;
        _path = path;
    }

    /// <summary>Parses a complete JSON document.</summary>
    /// <exception cref="JsonReaderException">The text is not valid JSON.</exception>
    public static JsonValue Parse(string text, string path)
    {
        var reader = new JsonReader(text, path);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            reader._position = 1;
            reader._lineStart = 1;
        }

        reader.SkipWhitespace();
        var value = reader.ReadValue(0);
        reader.SkipWhitespace();
        if (reader._position < text.Length)
        {
            throw reader.Error("unexpected content after the end of the document");
        }

        return value;
    }

    private JsonValue ReadValue(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error("the document is nested too deeply");
        }

        if (_position >= _text.Length)
        {
            throw Error("unexpected end of the document, expected a value");
        }

        var start = _position;
        var startLine = new LinePosition(_line, _position - _lineStart);
        switch (_text[_position])
        {
            case '{':
                return ReadObject(start, startLine, depth);
            case '[':
                return ReadArray(start, startLine, depth);
            case '"':
                var text = ReadString();
                return Make(JsonKind.String, text, start, startLine);
            case 't':
                ReadLiteral("true");
                return Make(JsonKind.True, null, start, startLine);
            case 'f':
                ReadLiteral("false");
                return Make(JsonKind.False, null, start, startLine);
            case 'n':
                ReadLiteral("null");
                return Make(JsonKind.Null, null, start, startLine);
            default:
                var c = _text[_position];
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    var number = ReadNumber();
                    return Make(JsonKind.Number, number, start, startLine);
                }

                throw Error(string.Format(CultureInfo.InvariantCulture, "unexpected character '{0}'", Printable(c)));
        }
    }

    private JsonValue ReadObject(int start, LinePosition startLine, int depth)
    {
        _position++; // {
        var properties = new List<JsonProperty>();
        SkipWhitespace();
        if (Peek() == '}')
        {
            _position++;
            return Make(JsonKind.Object, null, start, startLine, properties: properties);
        }

        while (true)
        {
            SkipWhitespace();
            if (Peek() != '"')
            {
                throw Error("expected a property name in double quotes");
            }

            var nameStart = _position;
            var nameLine = new LinePosition(_line, _position - _lineStart);
            var name = ReadString();
            var nameLocation = Location(nameStart, nameLine);
            SkipWhitespace();
            if (Peek() != ':')
            {
                throw Error("expected ':' after a property name");
            }

            _position++;
            SkipWhitespace();
            var value = ReadValue(depth + 1);
            properties.Add(new JsonProperty(name, nameLocation, value));
            SkipWhitespace();
            var next = Peek();
            if (next == ',')
            {
                _position++;
                continue;
            }

            if (next == '}')
            {
                _position++;
                return Make(JsonKind.Object, null, start, startLine, properties: properties);
            }

            throw Error("expected ',' or '}' in an object");
        }
    }

    private JsonValue ReadArray(int start, LinePosition startLine, int depth)
    {
        _position++; // [
        var items = new List<JsonValue>();
        SkipWhitespace();
        if (Peek() == ']')
        {
            _position++;
            return Make(JsonKind.Array, null, start, startLine, items: items);
        }

        while (true)
        {
            SkipWhitespace();
            items.Add(ReadValue(depth + 1));
            SkipWhitespace();
            var next = Peek();
            if (next == ',')
            {
                _position++;
                continue;
            }

            if (next == ']')
            {
                _position++;
                return Make(JsonKind.Array, null, start, startLine, items: items);
            }

            throw Error("expected ',' or ']' in an array");
        }
    }

    private string ReadString()
    {
        _position++; // opening quote
        StringBuilder? builder = null;
        var runStart = _position;
        while (true)
        {
            if (_position >= _text.Length)
            {
                throw Error("unterminated string");
            }

            var c = _text[_position];
            if (c == '"')
            {
                string result;
                if (builder is null)
                {
                    result = _text.Substring(runStart, _position - runStart);
                }
                else
                {
                    builder.Append(_text, runStart, _position - runStart);
                    result = builder.ToString();
                }

                _position++;
                return result;
            }

            if (c < ' ')
            {
                throw Error("control character in a string (escape it)");
            }

            if (c != '\\')
            {
                _position++;
                continue;
            }

            builder ??= new StringBuilder();
            builder.Append(_text, runStart, _position - runStart);
            _position++;
            if (_position >= _text.Length)
            {
                throw Error("unterminated string");
            }

            var escape = _text[_position];
            switch (escape)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    if (_position + 4 >= _text.Length
                        || !int.TryParse(_text.Substring(_position + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        throw Error("invalid \\u escape");
                    }

                    builder.Append((char)code);
                    _position += 4;
                    break;
                default:
                    throw Error(string.Format(CultureInfo.InvariantCulture, "invalid escape '\\{0}'", Printable(escape)));
            }

            _position++;
            runStart = _position;
        }
    }

    private string ReadNumber()
    {
        var start = _position;
        if (Peek() == '-')
        {
            _position++;
        }

        if (Peek() == '0')
        {
            _position++;
        }
        else if (IsDigit(Peek()))
        {
            SkipDigits();
        }
        else
        {
            throw Error("invalid number");
        }

        if (Peek() == '.')
        {
            _position++;
            if (!IsDigit(Peek()))
            {
                throw Error("invalid number: expected a digit after '.'");
            }

            SkipDigits();
        }

        if (Peek() is 'e' or 'E')
        {
            _position++;
            if (Peek() is '+' or '-')
            {
                _position++;
            }

            if (!IsDigit(Peek()))
            {
                throw Error("invalid number: expected a digit in the exponent");
            }

            SkipDigits();
        }

        return _text.Substring(start, _position - start);
    }

    private void ReadLiteral(string literal)
    {
        if (string.CompareOrdinal(_text, _position, literal, 0, literal.Length) != 0)
        {
            throw Error(string.Format(CultureInfo.InvariantCulture, "unexpected character '{0}'", Printable(_text[_position])));
        }

        _position += literal.Length;
    }

    private void SkipDigits()
    {
        while (IsDigit(Peek()))
        {
            _position++;
        }
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private void SkipWhitespace()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c == '\n')
            {
                _position++;
                _line++;
                _lineStart = _position;
            }
            else if (c == '\r')
            {
                _position++;
                if (_position < _text.Length && _text[_position] == '\n')
                {
                    _position++;
                }

                _line++;
                _lineStart = _position;
            }
            else if (c == ' ' || c == '\t')
            {
                _position++;
            }
            else
            {
                return;
            }
        }
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private JsonValue Make(
        JsonKind kind,
        string? text,
        int start,
        LinePosition startLine,
        List<JsonProperty>? properties = null,
        List<JsonValue>? items = null) =>
        new(
            kind,
            text,
            properties is null ? EquatableArray<JsonProperty>.Empty : new EquatableArray<JsonProperty>(properties.ToArray()),
            items is null ? EquatableArray<JsonValue>.Empty : new EquatableArray<JsonValue>(items.ToArray()),
            Location(start, startLine));

    private LocationInfo Location(int start, LinePosition startLine) =>
        new(_path, TextSpan.FromBounds(start, _position), new LinePositionSpan(startLine, new LinePosition(_line, _position - _lineStart)));

    private JsonReaderException Error(string message)
    {
        var position = new LinePosition(_line, _position - _lineStart);
        var length = _position < _text.Length ? 1 : 0;
        var location = new LocationInfo(
            _path,
            new TextSpan(_position, length),
            new LinePositionSpan(position, new LinePosition(_line, position.Character + length)));
        return new JsonReaderException(
            string.Format(CultureInfo.InvariantCulture, "{0} at line {1}, column {2}", message, _line + 1, position.Character + 1),
            location);
    }

    private static string Printable(char c) => c < ' ' ? string.Format(CultureInfo.InvariantCulture, "\\u{0:X4}", (int)c) : c.ToString();
}
