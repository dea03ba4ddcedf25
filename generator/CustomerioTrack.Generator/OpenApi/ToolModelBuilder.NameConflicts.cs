using System.Collections.Generic;
using System.Linq;
using CustomerioTrack.Generator.Json;
using CustomerioTrack.Generator.Model;

namespace CustomerioTrack.Generator.OpenApi;

// Names that would make a tool build a wrong request or take an ambiguous argument (CIOTRK014).
internal sealed partial class ToolModelBuilder
{
    private const string BaseUrlVariable = "baseurl";

    /// <summary>
    /// True when every variable of the URL template is distinct. An RFC 6570 template has one namespace: a query
    /// parameter named like a path variable, or <c>baseurl</c> (Kiota's base URL variable), is expanded from the same
    /// value, so the path segment (or the base URL) also goes out in the query string, and giving both makes Kiota throw.
    /// The template is shared by every operation of the path item, so a query parameter of one breaks them all.
    /// </summary>
    private bool TemplateVariablesAreDistinct(JsonProperty pathKey, string httpMethod, string operationId, List<ParameterInfo> templateQuery)
    {
        var path = pathKey.Name;
        var distinct = true;
        var pathVariables = KiotaUrlTemplate.PathVariables(path).ToList();
        if (pathVariables.Contains(BaseUrlVariable))
        {
            Report("path variable '{" + BaseUrlVariable + "}' has the name of the base URL variable of Kiota's URL templates; rename it in the description (its tool name can stay, see the manifest's parameters)", null);
        }

        foreach (var query in templateQuery.GroupBy(p => p.Name).Select(g => g.First()))
        {
            if (query.Name == BaseUrlVariable)
            {
                Report("query parameter '" + BaseUrlVariable + "' has the name of the base URL variable of Kiota's URL templates, so the base URL would go out as its value", query.Declaration);
            }
            else if (pathVariables.Contains(query.Name))
            {
                Report("query parameter '" + query.Name + "' has the name of the path variable '{" + query.Name + "}' (of this path, shared by its operations); in one URL template they are one variable, so the path value would also go out as ?" + query.Name + "=", query.Declaration);
            }
        }

        return distinct;

        void Report(string problem, LocationInfo? location)
        {
            distinct = false;
            _context.Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.ParameterNameConflict,
                location ?? pathKey.NameLocation,
                operationId,
                httpMethod,
                path,
                problem));
        }
    }

    /// <summary>
    /// True when the tool's parameters have distinct names, none of them <c>mode</c> or <c>request_body</c> when the tool
    /// takes those: one argument cannot be two parameters, and the input schema cannot list a property twice.
    /// </summary>
    private bool ToolParameterNamesAreDistinct(JsonProperty pathKey, string httpMethod, string operationId, List<ParameterSpec> parameters, bool hasMode, ManifestEntry? entry)
    {
        var path = pathKey.Name;
        var distinct = true;
        var reserved = hasMode ? new[] { "mode", "request_body" } : new string[0];
        foreach (var group in parameters.GroupBy(p => p.Name).Where(g => g.Count() > 1 || reserved.Contains(g.Key)))
        {
            distinct = false;
            var sources = string.Join(", ", group.Select(p => p.Location.ToLowerInvariant() + " '" + p.ApiName + "'"));
            var problem = reserved.Contains(group.Key)
                ? "tool parameter '" + group.Key + "' (" + sources + ") has the name of the tool's own '" + group.Key + "' argument"
                : "tool parameter '" + group.Key + "' would stand for " + sources;
            _context.Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.ParameterNameConflict,
                entry?.Entry["parameters"]?.Location ?? entry?.Entry.Location ?? pathKey.NameLocation,
                operationId,
                httpMethod,
                path,
                problem + "; give each a distinct name in the tool manifest's parameters"));
        }

        return distinct;
    }

    private LocationInfo LocationOfPath(string path) =>
        _context.Root["paths"]!.Properties.First(p => p.Name == path).NameLocation;
}
