using System.Globalization;
using System.Text;

namespace CustomerioTrack.Tools.Limits;

// The v1 path {identifier}: the 150-byte limit is the person id's, and Customer.io reads the kind from the value's shape.
public static partial class TrackLimits
{
    private const string PathIdentifierApiName = "identifier";

    /// <summary>
    /// Adds a problem when a v1 path <c>{identifier}</c> that reads as a person id is longer than
    /// <see cref="IdentifierMaxBytes"/>. A value with a <c>cio_</c> prefix is a cio_id and one with an <c>@</c> is an
    /// email: the id limit is not theirs.
    /// </summary>
    internal static void CheckPathIdentifier(ToolParameter parameter, ToolArguments arguments, List<ToolProblem> problems)
    {
        if (parameter.Location != ToolParameterLocation.Path || parameter.ApiName != PathIdentifierApiName
            || parameter.Type != ToolParameterType.String || !arguments.Has(parameter.Name))
        {
            return;
        }

        var value = arguments.GetString(parameter.Name);
        if (PathIdentifierProblem(parameter.Name, value) is { } problem)
        {
            problems.Add(problem);
        }

        // Customer.io decodes the path once and reads a value without '@' as an id: an email address the caller
        // encoded itself would name (or create) the person with the id "ann%40example.com".
        if (!value.Contains('@', StringComparison.Ordinal) && value.Contains("%40", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(new ToolProblem(parameter.Name, "percentEncoded",
                $"'{parameter.Name}' looks percent-encoded (%40 is '@'): give it as is, \"{Uri.UnescapeDataString(value)}\"; the tool encodes it for the path. Sent like this, Customer.io would read it as the person id \"{value}\", not an email address"));
        }
    }

    /// <summary>
    /// The problem with a v1 path <c>{identifier}</c> value (named <paramref name="field"/>) that reads as a person id
    /// longer than <see cref="IdentifierMaxBytes"/>; null otherwise. For hosts that see the raw path (the sandbox).
    /// </summary>
    public static ToolProblem? PathIdentifierProblem(string field, string value)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(value);
        if (value.StartsWith("cio_", StringComparison.Ordinal) || value.Contains('@', StringComparison.Ordinal))
        {
            return null;
        }

        var bytes = Encoding.UTF8.GetByteCount(value);
        return bytes > IdentifierMaxBytes
            ? new ToolProblem(field, "maxBytes", string.Create(CultureInfo.InvariantCulture,
                $"'{field}' is {bytes} bytes long (UTF-8) and reads as a person id (no '@', no cio_ prefix); Customer.io allows at most {IdentifierMaxBytes} bytes per person id"))
            : null;
    }
}
