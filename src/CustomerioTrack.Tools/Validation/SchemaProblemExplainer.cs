using System.Globalization;
using System.Text;
using System.Text.Json;
using Json.Schema;

namespace CustomerioTrack.Tools.Validation;

/// <summary>
/// Turns JSON Schema evaluation output into a few precise problems. For <c>oneOf</c>/<c>anyOf</c> it reports only the
/// alternative the body was evidently meant to match (the one whose <c>const</c> discriminators it satisfies), instead
/// of every alternative's complaints.
/// </summary>
internal static class SchemaProblemExplainer
{
    private const string BodyField = "request_body";

    private sealed record Failure(string[] EvaluationPath, string InstanceLocation, string SchemaPointer, string Keyword, string Message)
    {
        /// <summary>True when <see cref="Message"/> is already the final wording.</summary>
        public bool Worded { get; init; }

        /// <summary>The value given, as the worded message quotes it (see <see cref="ToolProblem.Given"/>).</summary>
        public string? Given { get; init; }

        /// <summary>The oneOf/anyOf this failure sits under, outermost first, each for the instance it was applied to.</summary>
        public IReadOnlyList<Composite> Composites { get; init; } = [];
    }

    // One evaluation of a oneOf/anyOf: the same keyword applies to every item of an array, so the instance is part of the key.
    private sealed record Composite(int Depth, string Key, string OwnerInstance, bool HasValidBranch);

    public static IReadOnlyList<ToolProblem> Explain(EvaluationResults results, JsonElement schema, JsonElement body)
    {
        var failures = ChooseAlternatives(Collect(results, schema), schema, body);
        var problems = new List<ToolProblem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var failure in failures)
        {
            var problem = Describe(failure, schema, body);
            if (seen.Add(problem.Field + "\n" + problem.Message))
            {
                problems.Add(problem);
            }
        }

        if (problems.Count == 0)
        {
            problems.Add(new ToolProblem(BodyField, "schema", "The request body does not match its schema; call the tool with mode=get_request_schema and follow it."));
        }

        return problems;
    }

    private static List<Failure> Collect(EvaluationResults results, JsonElement schema)
    {
        var failures = new List<Failure>();
        var details = results.Details ?? [];
        var evaluated = new HashSet<(string Path, string Instance)>();
        var validBranches = new HashSet<(string Composite, string Instance)>();
        foreach (var detail in details)
        {
            var path = detail.EvaluationPath.ToString();
            var instance = detail.InstanceLocation.ToString();
            evaluated.Add((path, instance));
            var segments = path.TrimStart('/').Split('/');
            if (detail.IsValid && segments.Length >= 2 && segments[^2] is "oneOf" or "anyOf")
            {
                validBranches.Add((path[..path.LastIndexOf('/')], instance));
            }
        }

        var failingNodes = details.Where(d => !d.IsValid).Select(d => (Path: d.EvaluationPath.ToString(), Instance: d.InstanceLocation.ToString())).ToList();
        foreach (var detail in details)
        {
            var path = detail.EvaluationPath.ToString();
            var instance = detail.InstanceLocation.ToString();
            var segments = path.Length == 0 ? [] : path.TrimStart('/').Split('/');
            var schemaPointer = Uri.UnescapeDataString(detail.SchemaLocation.Fragment.TrimStart('#'));
            var composites = CompositesOf(segments, instance, evaluated, validBranches);

            // Complaints of a oneOf/anyOf alternative are noise when another alternative matched this same instance.
            if (composites.Any(c => c.HasValidBranch))
            {
                continue;
            }

            if (detail.Errors is not null)
            {
                foreach (var (keyword, message) in detail.Errors)
                {
                    failures.Add(new Failure(segments, instance, schemaPointer, keyword, message) { Composites = composites });
                }
            }
            else if (!detail.IsValid && !failingNodes.Any(other => other.Instance.StartsWith(instance, StringComparison.Ordinal) && other.Path.StartsWith(path + "/", StringComparison.Ordinal)))
            {
                // A node that fails with no failing child: a oneOf that more than one alternative satisfies, or a not.
                failures.Add(Unexplained(detail, segments, schemaPointer, schema, details) with { Composites = composites });
            }
        }

        return failures;
    }

    private static List<Composite> CompositesOf(string[] segments, string instance, HashSet<(string Path, string Instance)> evaluated, HashSet<(string Composite, string Instance)> validBranches)
    {
        var composites = new List<Composite>();
        for (var i = 0; i + 1 < segments.Length; i++)
        {
            if (segments[i] is not ("oneOf" or "anyOf"))
            {
                continue;
            }

            // The composite was applied to the instance its owning schema node saw: the longest prefix of this
            // failure's instance location at which that node was evaluated.
            var ownerPath = Join(segments, i);
            var owner = instance;
            while (!evaluated.Contains((ownerPath, owner)) && owner.Length > 0)
            {
                owner = owner[..owner.LastIndexOf('/')];
            }

            var compositePath = Join(segments, i + 1);
            composites.Add(new Composite(i, compositePath + "@" + owner, owner, validBranches.Contains((compositePath, owner))));
        }

        return composites;
    }

    private static Failure Unexplained(EvaluationResults detail, string[] segments, string schemaPointer, JsonElement schema, IReadOnlyList<EvaluationResults> details)
    {
        var path = detail.EvaluationPath.ToString();
        var node = Resolve(schema, schemaPointer);
        if (node?.TryGetProperty("oneOf", out var alternatives) == true)
        {
            var matched = details.Count(d => d.IsValid && IsAlternative(d.EvaluationPath.ToString(), path + "/oneOf/"));
            return new Failure(segments, detail.InstanceLocation.ToString(), schemaPointer, "oneOf",
                string.Create(CultureInfo.InvariantCulture, $"matches {matched} of the {alternatives.GetArrayLength()} allowed shapes but must match exactly one"));
        }

        if (node?.TryGetProperty("not", out _) == true)
        {
            return new Failure(segments, detail.InstanceLocation.ToString(), schemaPointer, "not", "has a shape that is not allowed here");
        }

        return new Failure(segments, detail.InstanceLocation.ToString(), schemaPointer, "schema", "does not match the schema");
    }

    private static bool IsAlternative(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.Ordinal) && path.IndexOf('/', prefix.Length) < 0;

    // Repeatedly resolves the outermost undecided oneOf/anyOf evaluation: keeps the errors of its best alternative only.
    private static List<Failure> ChooseAlternatives(List<Failure> failures, JsonElement schema, JsonElement body)
    {
        var decided = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var composite = failures.SelectMany(f => f.Composites).Where(c => !decided.Contains(c.Key)).MinBy(c => c.Depth);
            if (composite is null)
            {
                return failures;
            }

            decided.Add(composite.Key);
            bool Under(Failure f) => f.Composites.Any(c => c.Key == composite.Key);
            if (Discriminated(failures.First(Under), composite, schema, body) is { } single)
            {
                var at = failures.FindIndex(Under);
                failures = failures.Where(f => !Under(f)).ToList();
                failures.Insert(at, single);
                continue;
            }

            var branches = failures.Where(Under).GroupBy(f => f.EvaluationPath[composite.Depth + 1]).ToList();
            // The alternative whose type and action the body has is the one it was meant for: a wrong delivery event name
            // is an enum failure too, and scored like the person alternatives' wrong type it lost to the first of them.
            if (Admitting(failures.First(Under), composite, schema, body) is { Count: > 0 } admitted
                && branches.Where(b => int.TryParse(b.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && admitted.Contains(index)).ToList() is { Count: > 0 } meant)
            {
                branches = meant;
            }

            var best = branches.OrderBy(b => Score(b, composite.OwnerInstance)).ThenBy(b => b.Key, StringComparer.Ordinal).First().Key;
            failures = failures.Where(f => !Under(f) || f.EvaluationPath[composite.Depth + 1] == best).ToList();
        }
    }

    // When no alternative admits the body's discriminators (type, action), one problem at the first that fails, listing
    // what the alternatives still standing allow, replaces the complaints of whichever alternative scores best.
    private static Failure? Discriminated(Failure sample, Composite composite, JsonElement schema, JsonElement body)
    {
        var path = sample.EvaluationPath[..(composite.Depth + 1)];
        if (ResolveEvaluationPath(schema, path) is not { } alternatives
            || DiscriminatorExplainer.Explain(schema, alternatives, Resolve(body, composite.OwnerInstance), composite.OwnerInstance) is not { } problem)
        {
            return null;
        }

        return new Failure(path, problem.Location, "", problem.Rule, problem.Message)
        {
            Worded = true,
            Given = problem.Given,
            Composites = sample.Composites.Where(c => c.Depth < composite.Depth).ToList(),
        };
    }

    private static IReadOnlyList<int>? Admitting(Failure sample, Composite composite, JsonElement schema, JsonElement body) =>
        ResolveEvaluationPath(schema, sample.EvaluationPath[..(composite.Depth + 1)]) is { } alternatives
            ? DiscriminatorExplainer.Admitting(schema, alternatives, Resolve(body, composite.OwnerInstance))
            : null;

    // An evaluation path names keywords, so it is walked through the schema following each $ref it passed.
    private static JsonElement? ResolveEvaluationPath(JsonElement schema, string[] segments)
    {
        JsonElement? current = schema;
        for (var i = 0; i < segments.Length; i++)
        {
            if (current is not { } node)
            {
                return null;
            }

            var segment = segments[i];
            if (segment == "$ref" && node.ValueKind == JsonValueKind.Object && node.TryGetProperty("$ref", out var reference)
                && reference.GetString() is { } target && target.StartsWith('#'))
            {
                current = Resolve(schema, Uri.UnescapeDataString(target[1..]));
            }
            else if (Resolve(node, "/" + segment) is { } child)
            {
                current = child;
            }
            else if (i == 0 || segments[i - 1] != segment)
            {
                // JsonSchema.Net 8 repeats the keyword of array items (".../items/items/..."); anything else is a path we cannot follow.
                return null;
            }
        }

        return current;
    }

    // An alternative whose discriminators (an enum or const on a property of the object itself, e.g. type/action)
    // or basic type do not match was clearly not the one intended.
    private static int Score(IEnumerable<Failure> branch, string root)
    {
        var score = 0;
        foreach (var failure in branch)
        {
            var ownProperty = failure.InstanceLocation.StartsWith(root + "/", StringComparison.Ordinal)
                && failure.InstanceLocation.IndexOf('/', root.Length + 1) < 0;
            score += failure.Keyword switch
            {
                "const" or "enum" when ownProperty => 1000,
                "type" when failure.InstanceLocation == root => 500,
                "additionalProperties" or "" => 5,
                _ => 1,
            };
        }

        return score;
    }

    private static ToolProblem Describe(Failure failure, JsonElement schema, JsonElement body)
    {
        var field = failure.InstanceLocation.Length == 0 ? BodyField : BodyField + failure.InstanceLocation;
        if (failure.Worded)
        {
            return new ToolProblem(field, failure.Keyword, failure.Message) { Given = failure.Given };
        }

        var rule = failure.Keyword.Length == 0 ? LastKeyword(failure.EvaluationPath) : failure.Keyword;
        var subschema = ResolveSubschema(schema, failure.SchemaPointer, rule);
        var instance = Resolve(body, failure.InstanceLocation);
        string message = rule switch
        {
            "required" => AlternativeRequirement(schema, failure.SchemaPointer) ?? RequiredMessage(subschema, instance),
            "additionalProperties" => AdditionalPropertyMessage(failure, schema),
            "const" when subschema?.TryGetProperty("const", out var constant) == true =>
                $"must be {constant.GetRawText()}" + Given(instance),
            "enum" when subschema?.TryGetProperty("enum", out var values) == true =>
                "must be one of " + string.Join(", ", values.EnumerateArray().Select(v => v.GetRawText())) + Given(instance),
            "type" when subschema?.TryGetProperty("type", out var type) == true =>
                $"must be of type {Describe(type)}, not {Kind(instance)}",
            "maxProperties" or "minProperties" => PropertyCountMessage(subschema, instance),
            _ => ConstraintMessages.For(rule, subschema, instance) ?? failure.Message,
        };

        var hint = subschema?.TryGetProperty("description", out var description) == true && description.ValueKind == JsonValueKind.String
            ? description.GetString()
            : null;
        if (hint is not null && rule is not "required" and not "additionalProperties")
        {
            message += $" ({hint.TrimEnd('.')})";
        }

        var given = rule is "const" or "enum" && message.Contains(Given(instance), StringComparison.Ordinal) ? instance?.GetRawText() : null;
        return new ToolProblem(field, rule, message) { Given = given };
    }

    private static string Given(JsonElement? instance) => instance is { } value ? ", not " + value.GetRawText() : string.Empty;

    // A oneOf/anyOf whose alternatives each require one property (a form's email or id): the missing property is any of
    // them, so naming only the first alternative's would send the caller after the wrong fix.
    private static string? AlternativeRequirement(JsonElement schema, string pointer)
    {
        var cut = pointer.LastIndexOf('/');
        var composite = cut > 0 ? pointer[..cut] : string.Empty;
        var keyword = composite[(composite.LastIndexOf('/') + 1)..];
        if (keyword is not ("oneOf" or "anyOf") || Resolve(schema, composite) is not { ValueKind: JsonValueKind.Array } alternatives)
        {
            return null;
        }

        var names = new List<string>();
        foreach (var alternative in alternatives.EnumerateArray())
        {
            if (alternative.ValueKind != JsonValueKind.Object || !alternative.TryGetProperty("required", out var required)
                || required.ValueKind != JsonValueKind.Array || required.GetArrayLength() != 1)
            {
                return null;
            }

            names.Add($"'{required[0].GetString()}'");
        }

        return $"missing required property: give {(keyword == "oneOf" ? "exactly one" : "at least one")} of {string.Join(", ", names)}";
    }

    private static string RequiredMessage(JsonElement? subschema, JsonElement? instance)
    {
        if (subschema?.TryGetProperty("required", out var required) == true)
        {
            var missing = required.EnumerateArray()
                .Select(r => r.GetString()!)
                .Where(name => instance is not { ValueKind: JsonValueKind.Object } obj || !obj.TryGetProperty(name, out _))
                .ToList();
            if (missing.Count > 0)
            {
                return "missing required " + (missing.Count == 1 ? "property " : "properties ") + string.Join(", ", missing.Select(m => $"'{m}'"));
            }
        }

        return "a required property is missing";
    }

    private static string AdditionalPropertyMessage(Failure failure, JsonElement schema)
    {
        var name = failure.InstanceLocation[(failure.InstanceLocation.LastIndexOf('/') + 1)..].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        // Cut at the keyword, not just at the end: JsonSchema.Net 8 may append a segment (".../additionalProperties/PersonMerge").
        var at = failure.SchemaPointer.LastIndexOf("/additionalProperties", StringComparison.Ordinal);
        var parentPointer = at >= 0 ? failure.SchemaPointer[..at] : failure.SchemaPointer;
        var parent = Resolve(schema, parentPointer);
        var allowed = parent?.TryGetProperty("properties", out var properties) == true
            ? properties.EnumerateObject().Select(p => p.Name).ToList()
            : [];
        if (allowed.Count == 0)
        {
            return $"property '{name}' is not allowed here";
        }

        // Custom values put next to the fixed fields (price beside name) belong in the object that takes any key; v1
        // calls it data, v2 attributes, and models mix the two up.
        var container = allowed.FirstOrDefault(p => p is "data" or "attributes");
        var advice = IsPropertyOf(schema, parent!.Value, "identifiers", name) ? $"; it belongs inside 'identifiers': {{\"{name}\": …}}"
            : container is not null && container != name ? $"; custom properties go inside '{container}'"
            : string.Empty;
        return $"property '{name}' is not allowed here; allowed: {string.Join(", ", allowed)}{advice}";
    }

    // v2 identifier keys (object_type_id, object_id, email, …) written beside type and action: they are not custom
    // properties, and moving them into attributes would still leave the operation without identifiers.
    private static bool IsPropertyOf(JsonElement schema, JsonElement parent, string container, string name)
    {
        if (!parent.TryGetProperty("properties", out var properties) || !properties.TryGetProperty(container, out var subschema))
        {
            return false;
        }

        if (subschema.ValueKind == JsonValueKind.Object && subschema.TryGetProperty("$ref", out var reference) && reference.GetString() is ['#', .. var pointer])
        {
            subschema = Resolve(schema, pointer) ?? subschema;
        }

        return subschema.ValueKind == JsonValueKind.Object && subschema.TryGetProperty("properties", out var inner) && inner.TryGetProperty(name, out _);
    }

    private static string PropertyCountMessage(JsonElement? subschema, JsonElement? instance)
    {
        var count = instance is { ValueKind: JsonValueKind.Object } obj ? obj.EnumerateObject().Count() : 0;
        var names = subschema?.TryGetProperty("properties", out var properties) == true
            ? string.Join(", ", properties.EnumerateObject().Select(p => p.Name))
            : null;
        var min = subschema?.TryGetProperty("minProperties", out var minimum) == true ? minimum.GetInt32() : (int?)null;
        var max = subschema?.TryGetProperty("maxProperties", out var maximum) == true ? maximum.GetInt32() : (int?)null;
        var expectation = (min, max) switch
        {
            (1, 1) => "exactly one property",
            ({ } lo, { } hi) when lo == hi => $"exactly {lo} properties",
            ({ } lo, { } hi) => $"between {lo} and {hi} properties",
            ({ } lo, null) => $"at least {lo} " + (lo == 1 ? "property" : "properties"),
            (null, { } hi) => $"at most {hi} " + (hi == 1 ? "property" : "properties"),
            _ => "a different number of properties",
        };
        var found = count.ToString(CultureInfo.InvariantCulture);
        return names is null
            ? $"must have {expectation}, found {found}"
            : $"must have {expectation} (one of: {names}), found {found}";
    }

    private static string LastKeyword(string[] path) => path.Length == 0 ? "schema" : path[^1];

    private static string Describe(JsonElement type) => type.ValueKind == JsonValueKind.Array
        ? string.Join(" or ", type.EnumerateArray().Select(t => t.GetString()))
        : type.GetString() ?? type.GetRawText();

    private static string Kind(JsonElement? instance) => instance?.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => instance.Value.TryGetInt64(out _) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    // JsonSchema.Net 8 reports array items at a location with an extra trailing segment (".../ids/items/ids"); walking up
    // to the nearest subschema that holds the failing keyword finds the one that was applied.
    private static JsonElement? ResolveSubschema(JsonElement schema, string pointer, string keyword)
    {
        var exact = Resolve(schema, pointer);
        for (var candidate = pointer; candidate.Length > 0; candidate = candidate[..candidate.LastIndexOf('/')])
        {
            if (Resolve(schema, candidate) is { ValueKind: JsonValueKind.Object } node && node.TryGetProperty(keyword, out _))
            {
                return node;
            }
        }

        return exact;
    }

    internal static JsonElement? Resolve(JsonElement root, string pointer)
    {
        var current = root;
        foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out var child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }

        return current;
    }

    private static string Join(string[] segments, int count = -1)
    {
        var builder = new StringBuilder();
        var take = count < 0 ? segments.Length : count;
        for (var i = 0; i < take; i++)
        {
            builder.Append('/').Append(segments[i]);
        }

        return builder.ToString();
    }
}
