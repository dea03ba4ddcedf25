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
internal sealed class SchemaNode
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

    // oneOf dispatch: the discriminator property names shared by the alternatives, and per alternative its
    // discriminators as (index into those names, check). Read once per instance instead of once per alternative.
    internal byte[][] OneOfKeys = [];
    internal (int Key, SchemaNode Check)[][] OneOfDiscriminators = [];

    // Per discriminator name (same order as OneOfKeys), which alternatives each plain string value leaves standing, so a
    // batch item of a 12-way oneOf is matched by one table lookup per name instead of two enum checks per alternative.
    internal DispatchTable[] OneOfTables = [];

    private const int MaxOneOfKeys = 4;

    [System.Runtime.CompilerServices.InlineArray(MaxOneOfKeys)]
    private struct KeyValues
    {
        private JsonElement _value;
    }

    /// <summary>
    /// For one discriminator name: the string values some alternative's enumeration admits (UTF-8, unescaped), the
    /// alternatives (bit per index) each admits, and the alternatives that stay open whatever the value (no
    /// discriminator of that name, or one that is more than a plain string enumeration).
    /// </summary>
    internal sealed record DispatchTable(byte[][] Values, ulong[] Admits, ulong Open)
    {
        /// <summary>The alternatives that can still match given this value; every alternative when the value must be decoded to tell.</summary>
        public ulong Narrow(JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                return Open;
            }

            var raw = JsonMarshal.GetRawUtf8Value(value);
            if (raw.IndexOf((byte)'\\') >= 0)
            {
                return ulong.MaxValue;
            }

            var text = raw[1..^1];
            for (var i = 0; i < Values.Length; i++)
            {
                // Length first, inline: most of the dozen candidates are ruled out without a call.
                if (Values[i].Length == text.Length && text.SequenceEqual(Values[i]))
                {
                    return Open | Admits[i];
                }
            }

            return Open;
        }
    }

    /// <summary>A property subschema and the property name, also as UTF-8 for allocation-free name comparison.</summary>
    internal sealed record NamedNode(string Name, byte[] Utf8Name, SchemaNode Node);

    /// <summary>True when the node is nothing but an enumeration or a constant: a cheap check that rules out a oneOf branch.</summary>
    internal bool IsDiscriminator =>
        (StringEnum is not null || Enum is not null || Const is not null) && Properties.Length == 0 && AllOf.Length == 0 &&
        AnyOf.Length == 0 && OneOf.Length == 0 && Not is null && Reference is null;

    public bool IsValid(JsonElement instance) => IsValid(instance, dispatched: false);

    /// <summary>True when the node is a bare <c>$ref</c>: evaluating it is evaluating its target.</summary>
    internal bool IsPureReference =>
        this is { Reference: not null, Constant: null, Types: JsonTypes.Any, StringEnum: null, Enum: null, Const: null, AdditionalProperties: null, Items: null, Pattern: null, EmailFormat: false, Not: null } &&
        Properties.Length == 0 && Required.Length == 0 && MinProperties == 0 && MaxProperties == int.MaxValue && MinItems == 0 &&
        MaxItems == int.MaxValue && MinLength == 0 && MaxLength == int.MaxValue && Minimum is null && Maximum is null &&
        ExclusiveMinimum is null && ExclusiveMaximum is null && AllOf.Length == 0 && AnyOf.Length == 0 && OneOf.Length == 0;

    /// <summary>
    /// Points every child at the end of its bare-<c>$ref</c> chain, once compilation is complete: a batch item's
    /// properties are mostly references, and each hop was one more node evaluated per item.
    /// </summary>
    internal void SkipPureReferences()
    {
        for (var i = 0; i < Properties.Length; i++)
        {
            Properties[i] = Properties[i] with { Node = Resolved(Properties[i].Node) };
        }

        AdditionalProperties = AdditionalProperties is null ? null : Resolved(AdditionalProperties);
        Items = Items is null ? null : Resolved(Items);
        Not = Not is null ? null : Resolved(Not);
        Reference = Reference is null ? null : Resolved(Reference);
        Resolve(AllOf);
        Resolve(AnyOf);
        Resolve(OneOf);

        static void Resolve(SchemaNode[] nodes)
        {
            for (var i = 0; i < nodes.Length; i++)
            {
                nodes[i] = Resolved(nodes[i]);
            }
        }
    }

    private static SchemaNode Resolved(SchemaNode node)
    {
        // Bounded: a chain of references that loops back on itself is left as it is.
        for (var hops = 0; hops < 64 && node.IsPureReference; hops++)
        {
            node = node.Reference!;
        }

        return node;
    }

    /// <summary>Splits <see cref="Required"/> into <see cref="RequiredMask"/> and <see cref="RequiredElsewhere"/> once the keywords are applied.</summary>
    internal void PrepareRequired()
    {
        var elsewhere = new List<byte[]>();
        foreach (var name in Required)
        {
            var index = Array.FindIndex(Properties, p => p.Utf8Name.AsSpan().SequenceEqual(name));
            if (index is >= 0 and < 64)
            {
                RequiredMask |= 1UL << index;
            }
            else
            {
                elsewhere.Add(name);
            }
        }

        RequiredElsewhere = elsewhere.ToArray();
    }

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

    /// <summary>Prepares oneOf dispatch once the alternatives are compiled (up to four shared discriminator names).</summary>
    internal void PrepareOneOf(Func<SchemaNode, SchemaNode> target)
    {
        var names = new List<string>();
        var perBranch = new List<(int, SchemaNode)[]>();
        foreach (var branch in OneOf)
        {
            var discriminators = new List<(int, SchemaNode)>();
            foreach (var discriminator in target(branch).Discriminators)
            {
                var key = names.IndexOf(discriminator.Name);
                if (key < 0)
                {
                    names.Add(discriminator.Name);
                    key = names.Count - 1;
                }

                discriminators.Add((key, discriminator.Node));
            }

            perBranch.Add(discriminators.ToArray());
        }

        if (names.Count is > 0 and <= MaxOneOfKeys)
        {
            OneOfKeys = names.Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
            OneOfDiscriminators = perBranch.ToArray();
            if (OneOf.Length <= 64)
            {
                OneOfTables = Enumerable.Range(0, names.Count).Select(BuildTable).ToArray();
            }
        }
    }

    private DispatchTable BuildTable(int key)
    {
        var values = new List<byte[]>();
        var admits = new List<ulong>();
        var open = 0UL;
        for (var b = 0; b < OneOfDiscriminators.Length; b++)
        {
            var bit = 1UL << b;
            var checks = OneOfDiscriminators[b].Where(d => d.Key == key).Select(d => d.Check).ToList();
            if (checks.Count != 1 || !IsPlainStringEnum(checks[0]))
            {
                open |= bit;
                continue;
            }

            foreach (var allowed in checks[0].StringEnum!)
            {
                var at = values.FindIndex(v => v.AsSpan().SequenceEqual(allowed));
                if (at < 0)
                {
                    values.Add(allowed);
                    admits.Add(0);
                    at = values.Count - 1;
                }

                admits[at] |= bit;
            }
        }

        return new DispatchTable(values.ToArray(), admits.ToArray(), open);
    }

    // Admits exactly the strings of its enumeration: nothing else in the node could reject one of them.
    private static bool IsPlainStringEnum(SchemaNode node) =>
        node is { StringEnum: not null, Enum: null, Const: null, Constant: null, Reference: null, Not: null, Items: null, AdditionalProperties: null, Pattern: null, EmailFormat: false, MinLength: 0, MaxLength: int.MaxValue } &&
        (node.Types == JsonTypes.Any || node.Types == JsonTypes.String) && node.Properties.Length == 0 && node.AllOf.Length == 0 &&
        node.AnyOf.Length == 0 && node.OneOf.Length == 0 && node.Required.Length == 0 && node.MinProperties == 0 && node.MaxProperties == int.MaxValue &&
        node.MinItems == 0 && node.MaxItems == int.MaxValue && node.Minimum is null && node.Maximum is null && node.ExclusiveMinimum is null && node.ExclusiveMaximum is null;

    private bool MatchesExactlyOne(JsonElement instance, JsonValueKind kind)
    {
        // An alternative whose discriminator rejects the instance's value cannot match (its object checks start there).
        var dispatch = OneOfKeys.Length > 0 && kind == JsonValueKind.Object;
        var values = default(KeyValues);
        var present = 0;
        if (dispatch)
        {
            // One pass over the properties for all keys (a lookup per key would read them once per key); the last of
            // duplicate names wins, as with TryGetProperty.
            foreach (var property in instance.EnumerateObject())
            {
                var name = new PropertyName(property);
                for (var k = 0; k < OneOfKeys.Length; k++)
                {
                    if (name.Is(OneOfKeys[k]))
                    {
                        values[k] = property.Value;
                        present |= 1 << k;
                        break;
                    }
                }
            }
        }

        var candidates = ulong.MaxValue;
        if (dispatch)
        {
            for (var k = 0; k < OneOfTables.Length; k++)
            {
                if ((present & (1 << k)) != 0)
                {
                    candidates &= OneOfTables[k].Narrow(values[k]);
                }
            }
        }

        var matches = 0;
        for (var b = 0; b < OneOf.Length; b++)
        {
            // The tables only narrow (exact for plain strings); the discriminators themselves still decide.
            if (dispatch && ((b < 64 && (candidates & (1UL << b)) == 0) || Rejects(OneOfDiscriminators[b], values, present)))
            {
                continue;
            }

            if (OneOf[b].IsValid(instance, dispatch) && ++matches > 1)
            {
                return false;
            }
        }

        return matches == 1;
    }

    private static bool Rejects((int Key, SchemaNode Check)[] discriminators, KeyValues values, int present)
    {
        foreach (var (key, check) in discriminators)
        {
            if ((present & (1 << key)) != 0 && !check.IsValid(values[key]))
            {
                return true;
            }
        }

        return false;
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
