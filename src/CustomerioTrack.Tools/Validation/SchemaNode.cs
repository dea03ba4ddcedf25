using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CustomerioTrack.Tools.Validation;

/// <summary>JSON types a <c>type</c> keyword admits; <see cref="Any"/> when the keyword is absent.</summary>
[Flags]
internal enum JsonTypes
{
    Any = 0,
    Null = 1,
    Boolean = 2,
    Object = 4,
    Array = 8,
    Number = 16,
    String = 32,
    Integer = 64,
}

/// <summary>
/// One subschema compiled into direct checks. It answers only "valid or not" and stops at the first failure; the
/// detailed explanation of a failure comes from JsonSchema.Net (see <see cref="RequestBodySchema"/>).
/// </summary>
internal sealed partial class SchemaNode
{
    internal bool? Constant;
    internal JsonTypes Types;
    internal SchemaNode? Reference;
    internal byte[][]? StringEnum;
    internal JsonElement[]? Enum;
    internal JsonElement? Const;

    internal NamedNode[] Properties = [];
    internal NamedNode[] Discriminators = [];
    internal byte[][] Required = [];

    // Required names that are also declared properties are ticked off while the properties are read (bit per index in
    // Properties); only the others are looked up.
    internal ulong RequiredMask;
    internal byte[][] RequiredElsewhere = [];
    internal SchemaNode? AdditionalProperties;
    internal int MinProperties;
    internal int MaxProperties = int.MaxValue;

    internal SchemaNode? Items;
    internal int MinItems;
    internal int MaxItems = int.MaxValue;

    internal int MinLength;
    internal int MaxLength = int.MaxValue;
    internal Regex? Pattern;
    internal bool EmailFormat;

    internal decimal? Minimum;
    internal decimal? Maximum;
    internal decimal? ExclusiveMinimum;
    internal decimal? ExclusiveMaximum;

    internal SchemaNode[] AllOf = [];
    internal SchemaNode[] AnyOf = [];
    internal SchemaNode[] OneOf = [];
    internal SchemaNode? Not;

    /// <summary>A property subschema and the property name, also as UTF-8 for allocation-free name comparison.</summary>
    internal sealed record NamedNode(string Name, byte[] Utf8Name, SchemaNode Node);

    /// <summary>True when the node is nothing but an enumeration or a constant: a cheap check that rules out a oneOf branch.</summary>
    internal bool IsDiscriminator =>
        (StringEnum is not null || Enum is not null || Const is not null) && Properties.Length == 0 && AllOf.Length == 0 &&
        AnyOf.Length == 0 && OneOf.Length == 0 && Not is null && Reference is null;

    public bool IsValid(JsonElement instance) => IsValid(instance, dispatched: false);

    // dispatched: a oneOf already checked this instance against the discriminators, so the early-out check is skipped
    // (it only ever rejects sooner; the properties themselves are all checked below).
    private bool IsValid(JsonElement instance, bool dispatched)
    {
        if (Constant is { } constant)
        {
            return constant;
        }

        // Read once: every ValueKind reads the element's row in the document again.
        var kind = instance.ValueKind;
        if (Types != JsonTypes.Any && !HasType(instance, kind))
        {
            return false;
        }

        if (Reference is not null && !Reference.IsValid(instance, dispatched))
        {
            return false;
        }

        if (!InEnumeration(instance, kind))
        {
            return false;
        }

        var valid = kind switch
        {
            JsonValueKind.Object => IsValidObject(instance, dispatched),
            JsonValueKind.Array => IsValidArray(instance),
            JsonValueKind.String => IsValidString(instance),
            JsonValueKind.Number => IsValidNumber(instance),
            _ => true,
        };
        return valid && IsValidComposition(instance, kind);
    }

    private bool HasType(JsonElement instance, JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => (Types & JsonTypes.Object) != 0,
        JsonValueKind.Array => (Types & JsonTypes.Array) != 0,
        JsonValueKind.String => (Types & JsonTypes.String) != 0,
        JsonValueKind.True or JsonValueKind.False => (Types & JsonTypes.Boolean) != 0,
        JsonValueKind.Null => (Types & JsonTypes.Null) != 0,
        JsonValueKind.Number => (Types & JsonTypes.Number) != 0 || ((Types & JsonTypes.Integer) != 0 && IsInteger(instance)),
        _ => false,
    };

    private static bool IsInteger(JsonElement number) =>
        number.TryGetDecimal(out var value)
            ? value == decimal.Truncate(value)
            : number.TryGetDouble(out var approximate) && double.IsFinite(approximate) && Math.Floor(approximate) == approximate;

    private bool InEnumeration(JsonElement instance, JsonValueKind kind)
    {
        if (StringEnum is not null)
        {
            if (kind != JsonValueKind.String)
            {
                return false;
            }

            foreach (var allowed in StringEnum)
            {
                if (instance.ValueEquals(allowed))
                {
                    return true;
                }
            }

            return false;
        }

        if (Enum is not null)
        {
            // Loops, not LINQ, in this file: a lambda capturing the instance would allocate on every node visited.
            var found = false;
            foreach (var allowed in Enum)
            {
                if (JsonElement.DeepEquals(allowed, instance))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return Const is not { } constant || JsonElement.DeepEquals(constant, instance);
    }

    private bool IsValidObject(JsonElement instance, bool dispatched)
    {
        // Enumeration-valued properties first: in a oneOf of many object shapes this rejects the wrong shapes at once.
        if (!dispatched)
        {
            foreach (var discriminator in Discriminators)
            {
                if (instance.TryGetProperty(discriminator.Utf8Name, out var value) && !discriminator.Node.IsValid(value))
                {
                    return false;
                }
            }
        }

        var count = 0;
        var seen = 0UL;
        foreach (var property in instance.EnumerateObject())
        {
            count++;
            var index = PropertyIndex(property);
            SchemaNode? node;
            if (index >= 0)
            {
                node = Properties[index].Node;
                seen |= index < 64 ? 1UL << index : 0;
            }
            else
            {
                node = AdditionalProperties;
            }

            if (node is not null && !node.IsValid(property.Value))
            {
                return false;
            }
        }

        if ((seen & RequiredMask) != RequiredMask)
        {
            return false;
        }

        foreach (var name in RequiredElsewhere)
        {
            if (!instance.TryGetProperty(name, out _))
            {
                return false;
            }
        }

        return count >= MinProperties && count <= MaxProperties;
    }

    private int PropertyIndex(JsonProperty property)
    {
        if (Properties.Length == 0)
        {
            return -1;
        }

        var name = new PropertyName(property);
        for (var i = 0; i < Properties.Length; i++)
        {
            if (name.Is(Properties[i].Utf8Name))
            {
                return i;
            }
        }

        return -1;
    }

    private bool IsValidArray(JsonElement instance)
    {
        var length = instance.GetArrayLength();
        if (length < MinItems || length > MaxItems)
        {
            return false;
        }

        if (Items is not null)
        {
            foreach (var item in instance.EnumerateArray())
            {
                if (!Items.IsValid(item))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private bool IsValidString(JsonElement instance)
    {
        if (MinLength == 0 && MaxLength == int.MaxValue && Pattern is null && !EmailFormat)
        {
            return true;
        }

        if (Pattern is null && !EmailFormat && MinLength <= 1)
        {
            // The raw UTF-8 bytes bound the length from above (a character takes at least one byte, escaped or not), and
            // any non-empty raw value holds at least one character: most strings are settled without decoding them.
            var raw = JsonMarshal.GetRawUtf8Value(instance).Length - 2;
            if (raw >= MinLength && raw <= MaxLength)
            {
                return true;
            }
        }

        var text = instance.GetString()!;
        return HasLengthInRange(text) && (Pattern is null || Pattern.IsMatch(text)) && (!EmailFormat || PlainEmail.IsMatch(text));
    }

    // Length counts text elements (user-perceived characters), as JsonSchema.Net does; the UTF-16 length bounds it from
    // above, which settles most cases without segmenting the string.
    private bool HasLengthInRange(string text)
    {
        if (text.Length < MinLength)
        {
            return false;
        }

        var settledBelowMax = text.Length <= MaxLength;
        var settledAboveMin = MinLength == 0 || (MinLength == 1 && text.Length > 0);
        if (settledBelowMax && settledAboveMin)
        {
            return true;
        }

        var elements = new StringInfo(text).LengthInTextElements;
        return elements >= MinLength && elements <= MaxLength;
    }

    private bool IsValidNumber(JsonElement instance)
    {
        if (Minimum is null && Maximum is null && ExclusiveMinimum is null && ExclusiveMaximum is null)
        {
            return true;
        }

        if (instance.TryGetDecimal(out var value))
        {
            return (Minimum is not { } min || value >= min) && (Maximum is not { } max || value <= max) &&
                   (ExclusiveMinimum is not { } xmin || value > xmin) && (ExclusiveMaximum is not { } xmax || value < xmax);
        }

        // Beyond decimal's range: compare as doubles. A number that is not even a finite double counts as invalid here, which
        // only sends it to the full evaluator for the final word.
        if (!instance.TryGetDouble(out var approximate) || !double.IsFinite(approximate))
        {
            return false;
        }

        return (Minimum is not { } dmin || approximate >= (double)dmin) && (Maximum is not { } dmax || approximate <= (double)dmax) &&
               (ExclusiveMinimum is not { } dxmin || approximate > (double)dxmin) && (ExclusiveMaximum is not { } dxmax || approximate < (double)dxmax);
    }

    private bool IsValidComposition(JsonElement instance, JsonValueKind kind)
    {
        foreach (var node in AllOf)
        {
            if (!node.IsValid(instance))
            {
                return false;
            }
        }

        if (AnyOf.Length > 0)
        {
            var any = false;
            foreach (var node in AnyOf)
            {
                if (node.IsValid(instance))
                {
                    any = true;
                    break;
                }
            }

            if (!any)
            {
                return false;
            }
        }

        if (OneOf.Length > 0 && !MatchesExactlyOne(instance, kind))
        {
            return false;
        }

        return Not is null || !Not.IsValid(instance);
    }
}
