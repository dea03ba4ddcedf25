using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CustomerioTrack.Tools.Validation;

/// <summary>
/// A JSON Schema 2020-12 document compiled into <see cref="SchemaNode"/> checks, for a fast pass/fail answer on valid
/// bodies (a 500 KB batch in milliseconds instead of tens of milliseconds). It covers the keywords the generator emits;
/// a schema using anything else is not compiled (<see cref="TryCompile"/> returns null) and is evaluated by JsonSchema.Net
/// alone. A "not valid" answer is never final: the caller re-evaluates with JsonSchema.Net to explain it.
/// </summary>
internal sealed class CompiledSchema
{
    // Annotations: they never change whether an instance is valid.
    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal)
    {
        "$schema", "$defs", "definitions", "$comment", "title", "description", "default", "examples", "deprecated",
        "readOnly", "writeOnly", "contentMediaType", "contentEncoding",
    };

    private readonly SchemaNode _root;

    private CompiledSchema(SchemaNode root) => _root = root;

    /// <summary>Compiles a schema document, or returns null (with the reason) when it uses a keyword this compiler does not cover.</summary>
    public static CompiledSchema? TryCompile(JsonElement document, out string? unsupported)
    {
        // Under a declared 2020-12 meta-schema, format is an annotation (the default format-annotation vocabulary), and
        // JsonSchema.Net accepts any string there; asserting it here would only send unusual addresses down the slow path.
        var formatIsAnnotation = document.ValueKind == JsonValueKind.Object && document.TryGetProperty("$schema", out var metaSchema)
            && metaSchema.ValueKind == JsonValueKind.String && metaSchema.GetString() == "https://json-schema.org/draft/2020-12/schema";
        var compiler = new Compiler(document, formatIsAnnotation);
        var root = compiler.Compile(document, "");
        unsupported = compiler.Unsupported;
        return unsupported is null ? new CompiledSchema(compiler.Finish(root)) : null;
    }

    /// <summary>True when the instance is valid against the schema.</summary>
    public bool IsValid(JsonElement instance) => _root.IsValid(instance);

    /// <summary>
    /// For an invalid object body with a top-level array of more than <paramref name="minItems"/> items, some of which are
    /// invalid: the array's property and the indices of its invalid items. Null when explaining only those items could
    /// miss or add a problem (the array's own item count is what fails, or no item of it does).
    /// </summary>
    public (string Property, List<int> Indices)? FailingItems(JsonElement body, int minItems)
    {
        if (body.ValueKind != JsonValueKind.Object || _root.Reference is not null || _root.AllOf.Length + _root.AnyOf.Length + _root.OneOf.Length > 0 || _root.Not is not null)
        {
            return null;
        }

        foreach (var property in body.EnumerateObject())
        {
            var declared = Array.Find(_root.Properties, p => p.Name == property.Name)?.Node;
            if (property.Value.ValueKind != JsonValueKind.Array || declared?.Items is not { } items || property.Value.GetArrayLength() <= minItems
                || declared is not { Reference: null, AllOf.Length: 0, AnyOf.Length: 0, OneOf.Length: 0, Not: null, Types: JsonTypes.Any or JsonTypes.Array }
                || property.Value.GetArrayLength() > declared.MaxItems)
            {
                continue;
            }

            var failing = new List<int>();
            var index = 0;
            foreach (var item in property.Value.EnumerateArray())
            {
                if (!items.IsValid(item))
                {
                    failing.Add(index);
                }

                index++;
            }

            return failing.Count >= Math.Max(1, declared.MinItems) ? (property.Name, failing) : null;
        }

        return null;
    }

    private sealed class Compiler(JsonElement document, bool formatIsAnnotation)
    {
        private readonly Dictionary<string, SchemaNode> _byPointer = new(StringComparer.Ordinal);

        public string? Unsupported { get; private set; }

        /// <summary>Links past bare references once every node exists (a reference may be compiled after its first use).</summary>
        public SchemaNode Finish(SchemaNode root)
        {
            foreach (var node in _byPointer.Values)
            {
                node.SkipPureReferences();
            }

            return root.IsPureReference ? root.Reference! : root;
        }

        public SchemaNode Compile(JsonElement schema, string pointer)
        {
            if (_byPointer.TryGetValue(pointer, out var known))
            {
                return known;
            }

            // Registered before its children are compiled, so a recursive $ref finds it.
            var node = new SchemaNode();
            _byPointer[pointer] = node;
            switch (schema.ValueKind)
            {
                case JsonValueKind.True:
                case JsonValueKind.False:
                    node.Constant = schema.ValueKind == JsonValueKind.True;
                    return node;
                case JsonValueKind.Object:
                    break;
                default:
                    Fail($"{pointer}: a schema must be an object or a boolean");
                    return node;
            }

            foreach (var keyword in schema.EnumerateObject())
            {
                if (!Annotations.Contains(keyword.Name))
                {
                    Apply(node, keyword, pointer + "/" + Escape(keyword.Name));
                }
            }

            node.PrepareRequired();
            node.Discriminators = node.Properties.Where(p => Target(p.Node).IsDiscriminator)
                .Select(p => p with { Node = Target(p.Node) }).ToArray();
            if (node.OneOf.Length > 1)
            {
                node.PrepareOneOf(Target);
            }

            return node;
        }

        private void Apply(SchemaNode node, JsonProperty keyword, string pointer)
        {
            var value = keyword.Value;
            switch (keyword.Name)
            {
                case "type":
                    node.Types = value.ValueKind == JsonValueKind.Array
                        ? value.EnumerateArray().Aggregate(JsonTypes.Any, (types, t) => types | TypeOf(t, pointer))
                        : TypeOf(value, pointer);
                    break;
                case "$ref":
                    node.Reference = Resolve(value.GetString() ?? "", pointer);
                    break;
                case "enum":
                    var allowed = value.EnumerateArray().Select(v => v.Clone()).ToArray();
                    if (allowed.All(v => v.ValueKind == JsonValueKind.String))
                    {
                        node.StringEnum = allowed.Select(v => Encoding.UTF8.GetBytes(v.GetString()!)).ToArray();
                    }
                    else
                    {
                        node.Enum = allowed;
                    }

                    break;
                case "const":
                    node.Const = value.Clone();
                    break;
                case "properties":
                    node.Properties = value.EnumerateObject()
                        .Select(p => new SchemaNode.NamedNode(p.Name, Encoding.UTF8.GetBytes(p.Name), Compile(p.Value, pointer + "/" + Escape(p.Name))))
                        .ToArray();
                    break;
                case "additionalProperties":
                    node.AdditionalProperties = Compile(value, pointer);
                    break;
                case "required":
                    node.Required = value.EnumerateArray().Select(v => Encoding.UTF8.GetBytes(v.GetString()!)).ToArray();
                    break;
                case "minProperties":
                    node.MinProperties = Count(value, pointer);
                    break;
                case "maxProperties":
                    node.MaxProperties = Count(value, pointer);
                    break;
                case "items":
                    node.Items = Compile(value, pointer);
                    break;
                case "minItems":
                    node.MinItems = Count(value, pointer);
                    break;
                case "maxItems":
                    node.MaxItems = Count(value, pointer);
                    break;
                case "minLength":
                    node.MinLength = Count(value, pointer);
                    break;
                case "maxLength":
                    node.MaxLength = Count(value, pointer);
                    break;
                case "pattern":
                    node.Pattern = new Regex(value.GetString()!, RegexOptions.CultureInvariant);
                    break;
                case "format" when formatIsAnnotation:
                    break;
                case "format" when value.GetString() == "email":
                    node.EmailFormat = true;
                    break;
                case "minimum":
                    node.Minimum = Number(value, pointer);
                    break;
                case "maximum":
                    node.Maximum = Number(value, pointer);
                    break;
                case "exclusiveMinimum":
                    node.ExclusiveMinimum = Number(value, pointer);
                    break;
                case "exclusiveMaximum":
                    node.ExclusiveMaximum = Number(value, pointer);
                    break;
                case "allOf":
                    node.AllOf = Each(value, pointer);
                    break;
                case "anyOf":
                    node.AnyOf = Each(value, pointer);
                    break;
                case "oneOf":
                    node.OneOf = Each(value, pointer);
                    break;
                case "not":
                    node.Not = Compile(value, pointer);
                    break;
                default:
                    Fail($"{pointer}: keyword '{keyword.Name}' is not compiled");
                    break;
            }
        }

        private SchemaNode[] Each(JsonElement array, string pointer) =>
            array.EnumerateArray().Select((schema, i) => Compile(schema, pointer + "/" + i)).ToArray();

        private SchemaNode Resolve(string reference, string pointer)
        {
            if (!reference.StartsWith('#'))
            {
                Fail($"{pointer}: only references inside the document are compiled, not '{reference}'");
                return new SchemaNode();
            }

            var target = Uri.UnescapeDataString(reference[1..]);
            var current = document;
            foreach (var token in target.Split('/').Skip(1))
            {
                var name = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(name, out var next))
                {
                    current = next;
                }
                else if (current.ValueKind == JsonValueKind.Array && int.TryParse(name, out var index) && index >= 0 && index < current.GetArrayLength())
                {
                    current = current[index];
                }
                else
                {
                    Fail($"{pointer}: reference '{reference}' points at nothing");
                    return new SchemaNode();
                }
            }

            return Compile(current, target);
        }

        private static SchemaNode Target(SchemaNode node)
        {
            // Follow a property's pure "$ref" chain ({"$ref": ...} and nothing else) to the node that holds the checks.
            while (node.Reference is { } next && node.Types == JsonTypes.Any && node.StringEnum is null && node.Enum is null &&
                   node.Const is null && node.Properties.Length == 0 && node.Constant is null)
            {
                node = next;
            }

            return node;
        }

        private JsonTypes TypeOf(JsonElement name, string pointer)
        {
            switch (name.GetString())
            {
                case "null": return JsonTypes.Null;
                case "boolean": return JsonTypes.Boolean;
                case "object": return JsonTypes.Object;
                case "array": return JsonTypes.Array;
                case "number": return JsonTypes.Number;
                case "string": return JsonTypes.String;
                case "integer": return JsonTypes.Integer;
                default:
                    Fail($"{pointer}: unknown type '{name}'");
                    return JsonTypes.Any;
            }
        }

        private int Count(JsonElement value, string pointer)
        {
            if (value.TryGetInt32(out var count) && count >= 0)
            {
                return count;
            }

            Fail($"{pointer}: expected a non-negative integer");
            return 0;
        }

        private decimal? Number(JsonElement value, string pointer)
        {
            if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
            {
                return number;
            }

            Fail($"{pointer}: expected a number within decimal range");
            return null;
        }

        private void Fail(string reason) => Unsupported ??= reason;

        private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
    }
}
