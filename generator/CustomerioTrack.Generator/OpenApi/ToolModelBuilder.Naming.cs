using System.Text;

namespace CustomerioTrack.Generator.OpenApi;

// Names: operation ids to tool names, descriptions trimmed.
internal sealed partial class ToolModelBuilder
{
    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

    /// <summary><c>add_device</c> → <c>AddDevice</c>, <c>getRegion</c> → <c>GetRegion</c>.</summary>
    internal static string ToPascalCase(string operationId)
    {
        var builder = new StringBuilder(operationId.Length);
        var upperNext = true;
        foreach (var c in operationId)
        {
            if (!char.IsLetterOrDigit(c))
            {
                upperNext = true;
                continue;
            }

            builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
            upperNext = false;
        }

        if (builder.Length == 0 || char.IsDigit(builder[0]))
        {
            builder.Insert(0, "Operation");
        }

        return builder.ToString();
    }
}
