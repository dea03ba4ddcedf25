using System.Runtime.InteropServices;
using System.Text.Json;

namespace CustomerioTrack.Tools.Validation;

// oneOf dispatch: the alternatives an instance can still match, found from its discriminator values.
internal sealed partial class SchemaNode
{
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
}
