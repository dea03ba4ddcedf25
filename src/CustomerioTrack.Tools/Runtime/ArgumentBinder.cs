using System.Globalization;
using System.Text;
using System.Text.Json;
using CustomerioTrack.Tools.Validation;

namespace CustomerioTrack.Tools;

/// <summary>Checks a call's arguments against a tool's parameters and binds them; reports every problem at once.</summary>
internal static class ArgumentBinder
{
    public const string ModeParameter = "mode";
    public const string RequestBodyParameter = "request_body";
    public const string SchemaMode = "get_request_schema";
    public const string ExecuteMode = "execute";

    public sealed record Binding(string Mode, ToolArguments Arguments, JsonElement? RequestBody, IReadOnlyList<ToolProblem> Problems);

    public static Binding Bind(ToolDefinition tool, JsonElement arguments)
    {
        var problems = new List<ToolProblem>();
        var given = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (arguments.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
        {
            problems.Add(new ToolProblem("arguments", "type", "arguments must be a JSON object of parameter names to values"));
            return new Binding(ExecuteMode, new ToolArguments(given), null, problems);
        }

        // Checked first: reading such a string or key throws, and every step below reads them.
        if (UnpairedSurrogates.Find(arguments, string.Empty, problems))
        {
            return new Binding(ExecuteMode, new ToolArguments(given), null, problems);
        }

        if (arguments.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in arguments.EnumerateObject())
            {
                if (!given.TryAdd(property.Name, property.Value))
                {
                    problems.Add(new ToolProblem(property.Name, "duplicate", $"'{property.Name}' is given more than once; give each argument once"));
                }
            }
        }

        return Bind(tool, given, problems);
    }

    /// <summary>Binds arguments already split by name (as an MCP request carries them): no JSON object to rebuild first.</summary>
    public static Binding Bind(ToolDefinition tool, IReadOnlyDictionary<string, JsonElement> arguments) => Bind(tool, arguments, []);

    private static Binding Bind(ToolDefinition tool, IReadOnlyDictionary<string, JsonElement> given, List<ToolProblem> problems)
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var unreadable = false;
        foreach (var (name, value) in given)
        {
            unreadable |= UnpairedSurrogates.Find(value, name, problems);
        }

        if (unreadable)
        {
            return new Binding(ExecuteMode, new ToolArguments(values), null, problems);
        }

        var mode = BindMode(tool, given, problems);
        foreach (var name in given.Keys)
        {
            if (name != ModeParameter && name != RequestBodyParameter && tool.Parameters.All(p => p.Name != name))
            {
                var advice = ArgumentSuggestions.For(tool, name) is { } suggestion ? $"{suggestion} ({Takes(tool)})" : Takes(tool);
                problems.Add(new ToolProblem(name, "unknown", $"'{name}' is not a parameter of {tool.Name}; {advice}"));
            }
            else if ((name == RequestBodyParameter || name == ModeParameter) && !tool.HasMode)
            {
                problems.Add(new ToolProblem(name, "unknown", $"{tool.Name} has no '{name}' parameter; {Takes(tool)}"));
            }
        }

        if (mode == SchemaMode)
        {
            return new Binding(mode, new ToolArguments(values), null, problems);
        }

        foreach (var parameter in tool.Parameters)
        {
            if (given.TryGetValue(parameter.Name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                if (Coerce(parameter, value, problems) is { } coerced)
                {
                    values[parameter.Name] = coerced;
                }
            }
            else if (parameter.Required)
            {
                problems.Add(new ToolProblem(parameter.Name, "required", $"'{parameter.Name}' is required to execute {tool.Name}: {parameter.Description.TrimEnd('.')}"));
            }
            else if (parameter.DefaultJson is { } fallback)
            {
                values[parameter.Name] = JsonDocument.Parse(fallback).RootElement.Clone();
            }
        }

        JsonElement? body = null;
        if (tool.HasMode)
        {
            body = BindBody(tool, given, problems);
        }

        return new Binding(mode, new ToolArguments(values), body, problems);
    }

    private static string BindMode(ToolDefinition tool, IReadOnlyDictionary<string, JsonElement> given, List<ToolProblem> problems)
    {
        if (!tool.HasMode)
        {
            return ExecuteMode;
        }

        if (!given.TryGetValue(ModeParameter, out var mode) || mode.ValueKind == JsonValueKind.Null)
        {
            problems.Add(new ToolProblem(ModeParameter, "required", $"'mode' is required: use \"{SchemaMode}\" to get the request body schema, then \"{ExecuteMode}\" with request_body to send it"));
            return ExecuteMode;
        }

        var text = mode.ValueKind == JsonValueKind.String ? mode.GetString() : null;
        if (text is SchemaMode or ExecuteMode)
        {
            return text;
        }

        problems.Add(new ToolProblem(ModeParameter, "enum", $"'mode' must be \"{SchemaMode}\" or \"{ExecuteMode}\", not {mode.GetRawText()}"));
        return ExecuteMode;
    }

    private static JsonElement? BindBody(ToolDefinition tool, IReadOnlyDictionary<string, JsonElement> given, List<ToolProblem> problems)
    {
        if (!given.TryGetValue(RequestBodyParameter, out var raw) || raw.ValueKind == JsonValueKind.Null
            || (raw.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(raw.GetString())))
        {
            if (tool.RequestBody!.Required)
            {
                problems.Add(new ToolProblem(RequestBodyParameter, "required", $"'request_body' is required to execute {tool.Name}; call it with mode=\"{SchemaMode}\" to get the schema it must follow"));
            }

            return null;
        }

        if (raw.ValueKind == JsonValueKind.String)
        {
            var text = raw.GetString()!;
            try
            {
                using var parsed = JsonDocument.Parse(text);
                var element = parsed.RootElement.Clone();
                if (UnpairedSurrogates.Find(element, RequestBodyParameter, problems))
                {
                    return null;
                }

                // Models sometimes double-encode: a JSON string holding the JSON object.
                if (element.ValueKind == JsonValueKind.String && element.GetString() is { } inner && inner.TrimStart().StartsWith('{'))
                {
                    using var unwrapped = JsonDocument.Parse(inner);
                    element = unwrapped.RootElement.Clone();
                    if (UnpairedSurrogates.Find(element, RequestBodyParameter, problems))
                    {
                        return null;
                    }
                }

                return RequireObject(element, problems);
            }
            catch (JsonException exception)
            {
                var where = exception.LineNumber is { } line
                    ? string.Create(CultureInfo.InvariantCulture, $" at line {line + 1}, position {exception.BytePositionInLine + 1}")
                    : string.Empty;
                problems.Add(new ToolProblem(RequestBodyParameter, "json", $"'request_body' is not valid JSON{where}: {FirstSentence(exception.Message)} Send a JSON object (or its JSON text)."));
                return null;
            }
        }

        return RequireObject(raw, problems);
    }

    private static JsonElement? RequireObject(JsonElement element, List<ToolProblem> problems)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return element;
        }

        problems.Add(new ToolProblem(RequestBodyParameter, "type", $"'request_body' must be a JSON object, not {element.ValueKind.ToString().ToLowerInvariant()}"));
        return null;
    }

    private static JsonElement? Coerce(ToolParameter parameter, JsonElement value, List<ToolProblem> problems)
    {
        JsonElement? result = parameter.Type switch
        {
            ToolParameterType.String => value.ValueKind == JsonValueKind.String ? value
                : value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var integral) ? JsonString(integral.ToString(CultureInfo.InvariantCulture)) : null,
            ToolParameterType.Integer => value.ValueKind == JsonValueKind.Number ? WholeNumber(value)
                : value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                    ? JsonDocument.Parse(number.ToString(CultureInfo.InvariantCulture)).RootElement.Clone() : null,
            ToolParameterType.Number => value.ValueKind == JsonValueKind.Number ? value : null,
            ToolParameterType.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value
                : value.ValueKind == JsonValueKind.String && bool.TryParse(value.GetString(), out var flag)
                    ? JsonDocument.Parse(flag ? "true" : "false").RootElement.Clone() : null,
            _ => null,
        };

        if (result is null)
        {
            problems.Add(new ToolProblem(parameter.Name, "type", $"'{parameter.Name}' must be {Article(parameter.Type)}, not {value.GetRawText()}"));
            return null;
        }

        if (parameter.Type == ToolParameterType.Integer && OutOfBounds(parameter, result.Value.GetInt64()) is { } bound)
        {
            problems.Add(new ToolProblem(parameter.Name, bound.Rule, $"'{parameter.Name}' must be {bound.Words}, not {value.GetRawText()}"));
            return null;
        }

        if (parameter.EnumValues is { Count: > 0 } allowed && (result.Value.ValueKind != JsonValueKind.String || !allowed.Contains(result.Value.GetString()!)))
        {
            problems.Add(new ToolProblem(parameter.Name, "enum", $"'{parameter.Name}' must be one of {string.Join(", ", allowed.Select(a => $"\"{a}\""))}, not {value.GetRawText()}"));
            return null;
        }

        return result;
    }

    // JSON Schema's "integer" is any number without a fractional part, so 12.0 and 1.2e1 are 12 (and Arcade's lax
    // pydantic input model takes them too); the value is rewritten as an integer for the request builder.
    private static JsonElement? WholeNumber(JsonElement value)
    {
        if (value.TryGetInt64(out _))
        {
            return value;
        }

        return value.TryGetDecimal(out var number) && number == decimal.Truncate(number) && number >= long.MinValue && number <= long.MaxValue
            ? JsonDocument.Parse(((long)number).ToString(CultureInfo.InvariantCulture)).RootElement.Clone()
            : null;
    }

    // Checked here because the request builder reads a bounded integer as its format (int32) and the API would reject
    // a value below the minimum anyway.
    private static (string Rule, string Words)? OutOfBounds(ToolParameter parameter, long value)
    {
        var (_, min, max) = ParameterSchemaLimits.Of(parameter);
        var range = (min, max) switch
        {
            ({ } lo, { } hi) => string.Create(CultureInfo.InvariantCulture, $"a whole number from {lo} to {hi}"),
            ({ } lo, null) => string.Create(CultureInfo.InvariantCulture, $"at least {lo}"),
            (null, { } hi) => string.Create(CultureInfo.InvariantCulture, $"at most {hi}"),
            _ => null,
        };
        return value < min ? ("minimum", range!) : value > max ? ("maximum", range!) : null;
    }

    private static string Takes(ToolDefinition tool)
    {
        var names = string.Join(", ", AcceptedNames(tool));
        return names.Length == 0 ? "it takes no arguments" : "it takes: " + names;
    }

    private static IEnumerable<string> AcceptedNames(ToolDefinition tool)
    {
        if (tool.HasMode)
        {
            yield return ModeParameter;
        }

        foreach (var parameter in tool.Parameters)
        {
            yield return parameter.Name;
        }

        if (tool.HasMode)
        {
            yield return RequestBodyParameter;
        }
    }

    private static JsonElement JsonString(string text) => JsonSerializer.SerializeToElement(text, ToolsJsonContext.Default.String);

    private static string Article(ToolParameterType type) => type switch
    {
        ToolParameterType.Integer => "an integer",
        ToolParameterType.Number => "a number",
        ToolParameterType.Boolean => "a boolean (true or false)",
        _ => "a string",
    };

    private static string FirstSentence(string message)
    {
        var builder = new StringBuilder(message);
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? builder.ToString(0, cut).Trim() : message.Trim();
    }
}
