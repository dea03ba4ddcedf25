using System.Runtime.InteropServices;
using System.Text.Json;

namespace CustomerioTrack.Tools;

/// <summary>
/// A property's name, read once for several comparisons: its raw UTF-8 bytes settle each one with a byte comparison,
/// unless the name holds an escape (then the decoded name is compared). A 500 KB batch compares thousands of names.
/// </summary>
/// <remarks>
/// An escape always spells its character in more bytes than the character's UTF-8 (<c>\n</c> is two bytes for one,
/// <c>\u00E9</c> six for two), so a name written with an escape is longer than its decoded form. A raw name as long as
/// the one sought is therefore equal only byte for byte, a shorter one never, and only a longer one can need decoding:
/// whether the name holds an escape is looked up only then, and at most once.
/// </remarks>
internal ref struct PropertyName
{
    private readonly JsonProperty _property;
    private readonly ReadOnlySpan<byte> _raw;
    private sbyte _escaped;

    public PropertyName(JsonProperty property)
    {
        _property = property;
        _raw = JsonMarshal.GetRawUtf8PropertyName(property);
        _escaped = -1;
    }

    /// <summary>True when the name is written with an escape sequence.</summary>
    public bool IsEscaped
    {
        get
        {
            if (_escaped < 0)
            {
                _escaped = _raw.IndexOf((byte)'\\') >= 0 ? (sbyte)1 : (sbyte)0;
            }

            return _escaped == 1;
        }
    }

    /// <summary>Bytes of the name as written; never fewer than its decoded UTF-8 bytes.</summary>
    public readonly int RawLength => _raw.Length;

    /// <summary>True when the (decoded) name is <paramref name="name"/>.</summary>
    public bool Is(ReadOnlySpan<byte> name)
    {
        if (_raw.Length == name.Length)
        {
            // Equal bytes with a backslash in them would be an escape, and so a shorter decoded name.
            return _raw.SequenceEqual(name) && name.IndexOf((byte)'\\') < 0;
        }

        return _raw.Length > name.Length && IsEscaped && _property.NameEquals(name);
    }

    /// <summary>True when the name is one of <paramref name="names"/>.</summary>
    public bool IsAny(byte[][] names)
    {
        foreach (var name in names)
        {
            if (Is(name))
            {
                return true;
            }
        }

        return false;
    }
}
