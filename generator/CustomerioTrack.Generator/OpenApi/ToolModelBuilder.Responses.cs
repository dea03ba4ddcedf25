using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CustomerioTrack.Generator.Json;

namespace CustomerioTrack.Generator.OpenApi;

// Content and responses: the JSON media type of a body, and the success status codes.
internal sealed partial class ToolModelBuilder
{
    private static JsonValue? FindJsonMediaType(JsonValue? content)
    {
        if (content is not { IsObject: true })
        {
            return null;
        }

        foreach (var property in content.Properties)
        {
            if (string.Equals(property.Name, "application/json", StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        foreach (var property in content.Properties)
        {
            if (property.Name.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static IEnumerable<int> SuccessCodes(JsonValue? responses)
    {
        var codes = new SortedSet<int>();
        foreach (var property in responses?.ObjectProperties() ?? Enumerable.Empty<JsonProperty>())
        {
            if (int.TryParse(property.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                if (code >= 200 && code <= 299)
                {
                    codes.Add(code);
                }
            }
            else if (string.Equals(property.Name, "2XX", StringComparison.OrdinalIgnoreCase))
            {
                codes.Add(200);
            }
        }

        return codes;
    }
}
