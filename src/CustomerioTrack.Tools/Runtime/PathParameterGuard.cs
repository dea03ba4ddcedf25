using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CustomerioTrack.Tools;

/// <summary>
/// Rejects path values that could not name one resource: empty, blank, control characters, dot segments, over-long.
/// Everything else is percent-encoded as a single segment by the URL template, so '/', '?', '#' and '%' stay data.
/// </summary>
internal static class PathParameterGuard
{
    public static void Check(ToolParameter parameter, ToolArguments arguments, List<ToolProblem> problems)
    {
        if (parameter.Location != ToolParameterLocation.Path || parameter.Type != ToolParameterType.String || !arguments.Has(parameter.Name))
        {
            return;
        }

        var value = arguments.GetString(parameter.Name);
        var name = parameter.Name;
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add(new ToolProblem(name, "minLength", $"'{name}' must not be empty or blank: {parameter.Description.TrimEnd('.')}"));
            return;
        }

        var controlAt = value.AsSpan().IndexOfAnyInRange('\0', '\u001f');
        if (controlAt < 0)
        {
            controlAt = value.AsSpan().IndexOfAnyInRange('\u007f', '\u009f');
        }

        if (controlAt >= 0)
        {
            var control = value[controlAt];
            problems.Add(new ToolProblem(name, "pattern", string.Create(CultureInfo.InvariantCulture, $"'{name}' contains the control character U+{(int)control:X4}; remove it")));
        }

        if (value is "." or "..")
        {
            problems.Add(new ToolProblem(name, "pattern", $"'{name}' cannot be \"{value}\": it would name a different path"));
        }

        if (value.Trim().Length != value.Length)
        {
            problems.Add(new ToolProblem(name, "pattern", $"'{name}' has leading or trailing whitespace; send the identifier exactly as stored"));
        }

        if (ParameterSchemaLimits.Of(parameter).MaxLength is { } max)
        {
            var bytes = Encoding.UTF8.GetByteCount(value);
            if (bytes > max)
            {
                problems.Add(new ToolProblem(name, "maxLength", string.Create(CultureInfo.InvariantCulture, $"'{name}' is {bytes} bytes long (UTF-8); Customer.io allows at most {max} bytes")));
            }
        }
    }
}
