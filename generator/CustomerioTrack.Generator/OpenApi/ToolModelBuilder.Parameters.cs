using System.Collections.Generic;
using System.Linq;
using CustomerioTrack.Generator.Json;
using CustomerioTrack.Generator.Model;

namespace CustomerioTrack.Generator.OpenApi;

// Parameters: path-item and operation lists merged, each one typed, and the tool input schema built from them.
internal sealed partial class ToolModelBuilder
{
    private ParameterSpec BuildScalarParameter(
        string name,
        string apiName,
        string location,
        bool required,
        string? description,
        JsonValue? schemaValue,
        string fallbackDescription,
        out string? format)
    {
        var schema = schemaValue is null ? null : _context.Resolve(schemaValue);
        var type = ScalarType(schema);
        format = schema?.GetString("format");
        var text = Trimmed(description) ?? Trimmed(schema?.GetString("description")) ?? fallbackDescription;

        EquatableArray<string>? enumValues = null;
        if (schema?["enum"] is { IsArray: true } values)
        {
            enumValues = values.Items
                .Where(v => v.Kind != JsonKind.Null)
                .Select(v => v.IsString ? v.Text! : v.ToJson())
                .ToEquatableArray();
        }

        var defaultJson = schema?["default"]?.ToJson();

        var writer = new JsonWriter();
        writer.BeginObject();
        writer.PropertyName("type");
        writer.String(type);
        writer.PropertyName("description");
        writer.String(text);
        foreach (var property in schema?.Properties ?? EquatableArray<JsonProperty>.Empty)
        {
            if (!JsonSchemaRules.OpenApiOnlyKeywords.Contains(property.Name))
            {
                _context.CheckKeyword(property.Name, property.Value);
            }

            if (!JsonSchemaRules.ParameterKeywords.Contains(property.Name))
            {
                continue;
            }

            if (property.Name == "format" && !(property.Value.AsString() is { } f && JsonSchemaRules.StandardFormats.Contains(f)))
            {
                continue;
            }

            if (property.Name is "exclusiveMinimum" or "exclusiveMaximum" && property.Value.IsBoolean)
            {
                continue;
            }

            if (property.Name == "pattern" && property.Value.AsString() is { } pattern)
            {
                _context.CheckPattern(pattern, property.Value.Location);
            }

            writer.PropertyName(property.Name);
            writer.WriteValue(property.Value);
        }

        writer.EndObject();
        return new ParameterSpec(name, apiName, location, ToParameterType(type), required, text, enumValues, defaultJson, writer.ToString());
    }

    /// <summary>The JSON type of a scalar schema: 3.1 type arrays collapse to their non-null member.</summary>
    private string ScalarType(JsonValue? schema)
    {
        if (schema is null)
        {
            return "string";
        }

        var type = schema["type"];
        if (type?.AsString() is { } single && single != "null")
        {
            return Scalar(single);
        }

        if (type is { IsArray: true })
        {
            foreach (var item in type.Items)
            {
                if (item.AsString() is { } member && member != "null")
                {
                    return Scalar(member);
                }
            }
        }

        if (schema["enum"] is { IsArray: true, Items.Count: > 0 } values)
        {
            return values.Items[0].Kind switch
            {
                JsonKind.Number => values.Items[0].Text!.IndexOfAny(new[] { '.', 'e', 'E' }) >= 0 ? "number" : "integer",
                JsonKind.True or JsonKind.False => "boolean",
                _ => "string",
            };
        }

        foreach (var keyword in new[] { "oneOf", "anyOf", "allOf" })
        {
            foreach (var alternative in schema[keyword]?.ArrayItems() ?? Enumerable.Empty<JsonValue>())
            {
                var resolved = _context.Resolve(alternative);
                if (resolved?["type"] is not null)
                {
                    return ScalarType(resolved);
                }
            }
        }

        return "string";

        static string Scalar(string type) => type is "integer" or "number" or "boolean" ? type : "string";
    }

    private static string ToParameterType(string jsonType) => jsonType switch
    {
        "integer" => "Integer",
        "number" => "Number",
        "boolean" => "Boolean",
        _ => "String",
    };

    private static string Getter(string parameterType, string? format) => parameterType switch
    {
        "Integer" => format == "int64" ? "GetInt64" : "GetInt32",
        "Number" => "GetDouble",
        "Boolean" => "GetBoolean",
        _ => "GetString",
    };

    private static string BuildInputSchema(List<ParameterSpec> parameters, bool hasMode)
    {
        var writer = new JsonWriter();
        writer.BeginObject();
        writer.PropertyName("type");
        writer.String("object");
        writer.PropertyName("properties");
        writer.BeginObject();
        if (hasMode)
        {
            writer.PropertyName("mode");
            writer.Raw("{\"type\":\"string\",\"enum\":[\"get_request_schema\",\"execute\"],\"description\":\"get_request_schema returns the JSON Schema of request_body; execute validates and sends the request.\"}");
        }

        foreach (var parameter in parameters)
        {
            writer.PropertyName(parameter.Name);
            writer.Raw(parameter.SchemaJson);
        }

        if (hasMode)
        {
            writer.PropertyName("request_body");
            writer.Raw("{\"type\":[\"object\",\"string\"],\"description\":\"The JSON request body, as an object or a JSON string. Call with mode=get_request_schema first to learn its schema.\"}");
        }

        writer.EndObject();
        var required = hasMode ? new List<string> { "mode" } : parameters.Where(p => p.Required).Select(p => p.Name).ToList();
        if (required.Count > 0)
        {
            writer.PropertyName("required");
            writer.BeginArray();
            foreach (var name in required)
            {
                writer.String(name);
            }

            writer.EndArray();
        }

        writer.PropertyName("additionalProperties");
        writer.Boolean(false);
        writer.EndObject();
        return writer.ToString();
    }

    private List<ParameterInfo> ReadParameters(JsonValue? list)
    {
        var result = new List<ParameterInfo>();
        foreach (var item in list?.ArrayItems() ?? Enumerable.Empty<JsonValue>())
        {
            var parameter = _context.Resolve(item);
            if (parameter?.GetString("name") is not { } name || parameter.GetString("in") is not { } location)
            {
                continue;
            }

            if (location is not ("path" or "query"))
            {
                continue; // headers and cookies are not tool parameters
            }

            var schema = parameter["schema"];
            if (schema is null && parameter["content"] is { IsObject: true, Properties.Count: > 0 } content)
            {
                schema = content.Properties[0].Value["schema"];
            }

            var style = parameter.GetString("style");
            var explode = parameter.GetBoolean("explode") ?? (style is null or "form");
            result.Add(new ParameterInfo(
                name,
                location,
                parameter.GetBoolean("required") == true,
                parameter.GetString("description"),
                schema,
                explode,
                (item["$ref"] ?? parameter["name"]!).Location));
        }

        return result;
    }

    /// <summary>Operation parameters override path-item parameters with the same name and location.</summary>
    private static List<ParameterInfo> Merge(List<ParameterInfo> pathLevel, List<ParameterInfo> operationLevel)
    {
        var merged = new List<ParameterInfo>(pathLevel);
        foreach (var parameter in operationLevel)
        {
            var index = merged.FindIndex(p => p.Name == parameter.Name && p.In == parameter.In);
            if (index >= 0)
            {
                merged[index] = parameter;
            }
            else
            {
                merged.Add(parameter);
            }
        }

        return merged;
    }

    /// <param name="Declaration">Where the operation or path item declares it: its <c>$ref</c>, else its <c>name</c>.</param>
    private sealed record ParameterInfo(string Name, string In, bool Required, string? Description, JsonValue? Schema, bool Explode, LocationInfo Declaration);
}
