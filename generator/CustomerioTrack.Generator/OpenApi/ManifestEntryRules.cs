using System.Collections.Generic;
using System.Globalization;
using CustomerioTrack.Generator.Json;
using CustomerioTrack.Generator.Model;

namespace CustomerioTrack.Generator.OpenApi;

/// <summary>
/// The keys and value types of a tool manifest entry (CIOTRK012). A misspelled key or a value of another JSON type is
/// otherwise read as absent, and the default it falls back to can be the opposite of what was written
/// (<c>"destructive": "true"</c> gives a POST tool no destructive hint).
/// </summary>
internal static class ManifestEntryRules
{
    private static readonly string[] EntryKeys =
        { "operationId", "name", "title", "description", "parameters", "annotations", "enabledByDefault", "flattenBody" };

    private static readonly string[] AnnotationKeys = { "readOnly", "destructive", "idempotent", "openWorld" };

    public static void Check(string operationId, JsonValue entry, List<DiagnosticInfo> diagnostics)
    {
        foreach (var property in entry.Properties)
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "operationId":
                    break;
                case "name" or "title" or "description":
                    Expect(value.IsString, property.Name, value, "a string");
                    break;
                case "enabledByDefault":
                    Expect(value.IsBoolean, property.Name, value, "true or false");
                    break;
                case "parameters" or "flattenBody":
                    if (Expect(value.IsObject, property.Name, value, "an object"))
                    {
                        foreach (var mapping in value.Properties)
                        {
                            Expect(mapping.Value.IsString, property.Name + "." + mapping.Name, mapping.Value, "a string (the tool parameter name)");
                        }
                    }

                    break;
                case "annotations":
                    if (Expect(value.IsObject, property.Name, value, "an object"))
                    {
                        foreach (var annotation in value.Properties)
                        {
                            if (System.Array.IndexOf(AnnotationKeys, annotation.Name) < 0)
                            {
                                Report(annotation.NameLocation, "unknown annotation '" + annotation.Name + "' (known: " + string.Join(", ", AnnotationKeys) + ")");
                            }
                            else
                            {
                                Expect(annotation.Value.IsBoolean, "annotations." + annotation.Name, annotation.Value, "true or false");
                            }
                        }
                    }

                    break;
                default:
                    Report(property.NameLocation, "unknown key '" + property.Name + "' (known: " + string.Join(", ", EntryKeys) + ")");
                    break;
            }
        }

        bool Expect(bool valid, string key, JsonValue value, string expected)
        {
            if (!valid)
            {
                Report(value.Location, "'" + key + "' must be " + expected + ", not " + KindName(value.Kind));
            }

            return valid;
        }

        void Report(LocationInfo location, string problem) => diagnostics.Add(DiagnosticInfo.Create(
            DiagnosticDescriptors.UnexpectedStructure,
            location,
            string.Format(CultureInfo.InvariantCulture, "Tool manifest entry '{0}': {1}; it is ignored", operationId, problem)));
    }

    private static string KindName(JsonKind kind) => kind switch
    {
        JsonKind.Object => "an object",
        JsonKind.Array => "an array",
        JsonKind.String => "a string",
        JsonKind.Number => "a number",
        JsonKind.True or JsonKind.False => "a boolean",
        _ => "null",
    };
}
