using System.Runtime.InteropServices;
using System.Text.Json;

namespace CustomerioTrack.Tools;

/// <summary>
/// A property's name, read once for several comparisons: its raw UTF-8 bytes settle each one with a byte comparison,
/// unless the name holds an escape (then the decoded name is compared). A 500 KB batch compares thousands of names.
/// </summary>
internal readonly ref struct PropertyName
{
    private readonly JsonProperty _property;
    private readonly ReadOnlySpan<byte> _raw;

    public PropertyName(JsonProperty property)
    {
        _property = property;
        _raw = JsonMarshal.GetRawUtf8PropertyName(property);
        IsEscaped = _raw.IndexOf((byte)'\\') >= 0;
    }

    /// <summary>True when the name is written with an escape sequence.</summary>
    public bool IsEscaped { get; }

    /// <summary>Bytes of the name as written; never fewer than its decoded UTF-8 bytes.</summary>
    public int RawLength => _raw.Length;

    /// <summary>True when the (decoded) name is <paramref name="name"/>.</summary>
    public bool Is(ReadOnlySpan<byte> name) =>
        IsEscaped ? _property.NameEquals(name) : name.Length == _raw.Length && _raw.SequenceEqual(name);

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
