
namespace CustomerioTrack.Tools.Validation;

// Once a schema is compiled: reference chains linked past and required names split, so validation does less per instance.
internal sealed partial class SchemaNode
{
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
}
