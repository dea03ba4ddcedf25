using System.Collections.Generic;
using CustomerioTrack.Generator.Json;
using CustomerioTrack.Generator.Model;

namespace CustomerioTrack.Generator.OpenApi;

// Path and query parameters a tool cannot carry (CIOTRK015).
internal sealed partial class ToolModelBuilder
{
    /// <summary>
    /// True when no path or query parameter is declared as an array or an object. A tool parameter holds one scalar and
    /// the URL template expands it as one value, so such a parameter would silently go out as a single string
    /// (<c>?ids=a%2Cb</c>, not <c>?ids=a&amp;ids=b</c>).
    /// </summary>
    private bool ParametersAreScalar(JsonProperty pathKey, string httpMethod, string operationId, List<ParameterInfo> parameters)
    {
        var scalar = true;
        foreach (var parameter in parameters)
        {
            if (DeclaredStructuredType(parameter.Schema is null ? null : _context.Resolve(parameter.Schema)) is not { } type)
            {
                continue;
            }

            scalar = false;
            _context.Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.NonScalarParameter,
                parameter.Declaration,
                operationId,
                httpMethod,
                pathKey.Name,
                parameter.In + " parameter '" + parameter.Name + "' is of type '" + type + "', but a tool parameter takes one string, integer, number or boolean, which would go out as a single value; declare a scalar type, or leave the parameter out"));
        }

        return scalar;
    }

    /// <summary><c>array</c> or <c>object</c> when that is the schema's declared <c>type</c> (a 3.1 type array: its first non-null member).</summary>
    private static string? DeclaredStructuredType(JsonValue? schema)
    {
        var type = schema?["type"];
        var declared = type?.AsString();
        if (type is { IsArray: true })
        {
            foreach (var item in type.Items)
            {
                if (item.AsString() is { } member && member != "null")
                {
                    declared = member;
                    break;
                }
            }
        }

        return declared is "array" or "object" ? declared : null;
    }
}
