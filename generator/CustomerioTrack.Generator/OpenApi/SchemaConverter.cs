using System;
using System.Collections.Generic;
using System.Linq;
using CustomerioTrack.Generator.Json;

namespace CustomerioTrack.Generator.OpenApi;

/// <summary>
/// Converts an OpenAPI (3.0 or 3.1) schema to a self-contained JSON Schema 2020-12 document: component references become
/// <c>#/$defs/...</c> (only reachable components are included), OpenAPI-only keywords and non-standard formats are
/// removed, 3.0 <c>nullable</c> and boolean <c>exclusiveMinimum/Maximum</c> are converted, everything else is kept in source order.
/// </summary>
internal sealed class SchemaConverter
{
    public const string SchemaDialect = "https://json-schema.org/draft/2020-12/schema";
    private const string ComponentPrefix = "#/components/schemas/";
    private const string DefsPrefix = "#/$defs/";

    private readonly DocumentContext _context;
    private readonly Dictionary<string, string?> _defs = new(StringComparer.Ordinal);
    private readonly Queue<string> _pending = new();

    private SchemaConverter(DocumentContext context) => _context = context;

    /// <summary>The body schema as a self-contained, minified JSON Schema 2020-12 document.</summary>
    public static string ConvertDocument(DocumentContext context, JsonValue? schema)
    {
        var converter = new SchemaConverter(context);
        var writer = new JsonWriter();
        if (schema is null || schema.Kind == JsonKind.True || !schema.IsObject)
        {
            writer.BeginObject();
            writer.PropertyName("$schema");
            writer.String(SchemaDialect);
            writer.EndObject();
            return writer.ToString();
        }

        converter.WriteSchema(writer, schema, isRoot: true);
        return writer.ToString();
    }

    private void WriteSchema(JsonWriter writer, JsonValue schema, bool isRoot)
    {
        if (!schema.IsObject)
        {
            writer.WriteValue(schema);
            return;
        }

        writer.BeginObject();
        if (isRoot)
        {
            writer.PropertyName("$schema");
            writer.String(SchemaDialect);
        }

        var nullable = schema.GetBoolean("nullable") == true;
        var exclusiveMinimum = schema["exclusiveMinimum"]?.AsBoolean();
        var exclusiveMaximum = schema["exclusiveMaximum"]?.AsBoolean();
        foreach (var property in schema.Properties)
        {
            var name = property.Name;
            var value = property.Value;
            if (JsonSchemaRules.OpenApiOnlyKeywords.Contains(name) || JsonSchemaRules.IsExtension(name))
            {
                continue;
            }

            if (isRoot && (name == "$schema" || name == "$defs"))
            {
                continue;
            }

            _context.CheckKeyword(name, value);

            switch (name)
            {
                case "$ref":
                    WriteReference(writer, value);
                    break;
                case "format":
                    if (value.AsString() is { } format && JsonSchemaRules.StandardFormats.Contains(format))
                    {
                        writer.PropertyName(name);
                        writer.String(format);
                    }

                    break;
                case "type":
                    writer.PropertyName(name);
                    WriteType(writer, value, nullable);
                    break;
                case "minimum" when exclusiveMinimum == true:
                    writer.PropertyName("exclusiveMinimum");
                    writer.WriteValue(value);
                    break;
                case "maximum" when exclusiveMaximum == true:
                    writer.PropertyName("exclusiveMaximum");
                    writer.WriteValue(value);
                    break;
                case "exclusiveMinimum" or "exclusiveMaximum" when value.IsBoolean:
                    break;
                default:
                    writer.PropertyName(name);
                    if (name == "pattern" && value.AsString() is { } pattern)
                    {
                        _context.CheckPattern(pattern, value.Location);
                    }

                    if (JsonSchemaRules.SchemaMapKeywords.Contains(name) && value.IsObject)
                    {
                        writer.BeginObject();
                        foreach (var entry in value.Properties)
                        {
                            if (name == "patternProperties")
                            {
                                _context.CheckPattern(entry.Name, entry.NameLocation);
                            }

                            writer.PropertyName(entry.Name);
                            WriteSchema(writer, entry.Value, isRoot: false);
                        }

                        writer.EndObject();
                    }
                    else if (JsonSchemaRules.SchemaArrayKeywords.Contains(name) && value.IsArray)
                    {
                        writer.BeginArray();
                        foreach (var item in value.Items)
                        {
                            WriteSchema(writer, item, isRoot: false);
                        }

                        writer.EndArray();
                    }
                    else if (JsonSchemaRules.SchemaKeywords.Contains(name))
                    {
                        if (value.IsArray)
                        {
                            writer.BeginArray();
                            foreach (var item in value.Items)
                            {
                                WriteSchema(writer, item, isRoot: false);
                            }

                            writer.EndArray();
                        }
                        else
                        {
                            WriteSchema(writer, value, isRoot: false);
                        }
                    }
                    else
                    {
                        writer.WriteValue(value);
                    }

                    break;
            }
        }

        if (isRoot)
        {
            WriteDefinitions(writer);
        }

        writer.EndObject();
    }

    private static void WriteType(JsonWriter writer, JsonValue type, bool nullable)
    {
        if (!nullable)
        {
            writer.WriteValue(type);
            return;
        }

        if (type.AsString() is { } single)
        {
            if (single == "null")
            {
                writer.String(single);
                return;
            }

            writer.BeginArray();
            writer.String(single);
            writer.String("null");
            writer.EndArray();
            return;
        }

        if (type.IsArray)
        {
            writer.BeginArray();
            var hasNull = false;
            foreach (var item in type.Items)
            {
                hasNull |= item.AsString() == "null";
                writer.WriteValue(item);
            }

            if (!hasNull)
            {
                writer.String("null");
            }

            writer.EndArray();
            return;
        }

        writer.WriteValue(type);
    }

    private void WriteReference(JsonWriter writer, JsonValue reference)
    {
        var pointer = reference.AsString();
        if (pointer is null || _context.ResolvePointer(pointer) is null)
        {
            _context.ReportUnresolvable(reference);
            return;
        }

        if (!pointer.StartsWith(ComponentPrefix, StringComparison.Ordinal))
        {
            // Only component schemas become $defs of the self-contained document.
            _context.ReportUnresolvable(
                reference,
                "points outside '" + ComponentPrefix + "'; a request body schema can reference only component schemas, which become its $defs");
            return;
        }

        var rest = pointer.Substring(ComponentPrefix.Length);
        var slash = rest.IndexOf('/');
        var escapedName = slash < 0 ? rest : rest.Substring(0, slash);
        var name = DocumentContext.UnescapePointerSegment(Uri.UnescapeDataString(escapedName));
        if (!_defs.ContainsKey(name))
        {
            _defs[name] = null;
            _pending.Enqueue(name);
        }

        writer.PropertyName("$ref");
        writer.String(DefsPrefix + rest);
    }

    private void WriteDefinitions(JsonWriter writer)
    {
        var components = _context.Root["components"]?["schemas"];
        while (_pending.Count > 0)
        {
            var name = _pending.Dequeue();
            var schema = components?[name];
            var defWriter = new JsonWriter();
            if (schema is null)
            {
                defWriter.Raw("{}");
            }
            else
            {
                WriteSchema(defWriter, schema, isRoot: false);
            }

            _defs[name] = defWriter.ToString();
        }

        if (_defs.Count == 0)
        {
            return;
        }

        writer.PropertyName("$defs");
        writer.BeginObject();
        foreach (var entry in _defs
            .OrderBy(d => _context.ComponentSchemaOrder.TryGetValue(d.Key, out var index) ? index : int.MaxValue)
            .ThenBy(d => d.Key, StringComparer.Ordinal))
        {
            writer.PropertyName(entry.Key);
            writer.Raw(entry.Value!);
        }

        writer.EndObject();
    }
}
