using CustomerioTrack.Tools;

namespace CustomerioTrack.Sandbox;

/// <summary>Matches a method and raw path against the operations' path templates (from the tool definitions).</summary>
internal sealed class SandboxRouting
{
    private readonly List<(ToolDefinition Definition, string[] Segments)> _routes;

    public SandboxRouting(IEnumerable<ToolDefinition> definitions) =>
        _routes = definitions
            .Select(d => (d, d.PathTemplate.Trim('/').Split('/')))
            .ToList();

    /// <summary>The operation for a request, its path parameters (each segment percent-decoded on its own), and whether only the method was wrong.</summary>
    public (ToolDefinition? Definition, Dictionary<string, string> Parameters, bool MethodMismatch) Match(string method, string rawPath)
    {
        var segments = rawPath.Trim('/').Split('/');
        var methodMismatch = false;
        foreach (var (definition, template) in _routes)
        {
            if (template.Length != segments.Length)
            {
                continue;
            }

            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            var matched = true;
            for (var i = 0; i < template.Length && matched; i++)
            {
                if (template[i].StartsWith('{') && template[i].EndsWith('}'))
                {
                    var value = Uri.UnescapeDataString(segments[i]);
                    if (value.Length == 0)
                    {
                        matched = false;
                    }

                    parameters[template[i][1..^1]] = value;
                }
                else
                {
                    matched = string.Equals(template[i], segments[i], StringComparison.Ordinal);
                }
            }

            if (!matched)
            {
                continue;
            }

            if (string.Equals(definition.HttpMethod, method, StringComparison.OrdinalIgnoreCase))
            {
                return (definition, parameters, false);
            }

            methodMismatch = true;
        }

        return (null, [], methodMismatch);
    }
}
