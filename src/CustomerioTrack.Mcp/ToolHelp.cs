using System.Text;
using CustomerioTrack.Tools;

namespace CustomerioTrack.Mcp;

/// <summary><c>call &lt;TOOL&gt; --help</c>: how to call one tool from the command line.</summary>
internal static class ToolHelp
{
    /// <summary>Any generated tool, including those off by default, so their help can say how to turn them on.</summary>
    public static ToolDefinition Find(string name) =>
        TrackTools.AllDefinitions.FirstOrDefault(d => d.Name == name)
        ?? TrackTools.AllDefinitions.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new UsageException($"Unknown tool '{name}'. Tools: {string.Join(", ", TrackTools.AllDefinitions.Select(d => d.Name))}.");

    public static string For(ToolDefinition tool)
    {
        var text = new StringBuilder();
        text.Append($"Usage: customerio-track-mcp call {tool.Name}");
        foreach (var parameter in tool.Parameters)
        {
            var value = parameter.Type == ToolParameterType.Boolean ? "" : $" <{parameter.Type.ToString().ToLowerInvariant()}>";
            text.Append(parameter.Required ? $" --{parameter.Name}{value}" : $" [--{parameter.Name}{value}]");
        }

        if (tool.HasMode)
        {
            text.Append(" --request-body JSON|@FILE|@- [--mode execute|get_request_schema]");
        }

        text.Append(" [options]\n\n");
        text.Append($"{tool.Title}: {tool.HttpMethod} {tool.PathTemplate}. Annotations: {CliApp.Hints(tool)}.\n");
        text.Append(tool.Description).Append('\n');
        if (!tool.EnabledByDefault)
        {
            text.Append($"\nOff by default: add --tools {tool.Name} (with any other tools you want) to expose and call it.\n");
        }

        text.Append("\nParameters:\n");
        if (tool.Parameters.Count == 0 && !tool.HasMode)
        {
            text.Append("  (none)\n");
        }

        foreach (var parameter in tool.Parameters)
        {
            var facts = new List<string> { parameter.Type.ToString().ToLowerInvariant(), parameter.Required ? "required" : "optional" };
            if (parameter.EnumValues is { Count: > 0 } values)
            {
                facts.Add("one of " + string.Join("|", values));
            }

            if (parameter.DefaultJson is { } defaultValue)
            {
                facts.Add("default " + defaultValue);
            }

            text.Append($"  --{parameter.Name} ({string.Join(", ", facts)})\n      {parameter.Description}\n");
        }

        if (tool.HasMode)
        {
            text.Append($"  --request-body (JSON, {(tool.RequestBody!.Required ? "required" : "optional")})\n");
            text.Append($"      The request body as JSON text, @FILE or @- (stdin). `customerio-track-mcp schema {tool.Name}` prints its JSON Schema.\n");
            text.Append("  --mode (execute (default) or get_request_schema)\n");
            text.Append("      get_request_schema prints the request body schema instead of calling the API.\n");
        }

        text.Append("\nOptions: --sandbox, --dry-run and the configuration variables, as in `customerio-track-mcp call --help`.\n");
        text.Append("\nExit codes: 0 success, 1 the tool or the API reported an error (the JSON says what), 2 bad usage.\n");
        return text.ToString();
    }
}
