using System.Collections.Generic;
using System.Linq;
using CustomerioTrack.Generator.Json;
using CustomerioTrack.Generator.Model;

namespace CustomerioTrack.Generator.OpenApi;

// Path template variables against declared `in: path` parameters (CIOTRK013).
internal sealed partial class ToolModelBuilder
{
    /// <summary>
    /// True when every <c>{variable}</c> of the path has an <c>in: path</c> parameter of that name and vice versa.
    /// Guessing either way would emit a tool that builds a wrong URL, and Kiota only logs the mismatch.
    /// </summary>
    private bool PathParametersMatchTemplate(string path, JsonProperty pathKey, string httpMethod, string operationId, List<ParameterInfo> parameters)
    {
        var variables = KiotaUrlTemplate.PathVariables(path).ToList();
        var declared = parameters.Where(p => p.In == "path").ToList();
        var matches = true;
        foreach (var variable in variables.Where(v => !declared.Any(p => p.Name == v)))
        {
            Report(pathKey.NameLocation, "path variable '{" + variable + "}' has no 'in: path' parameter named '" + variable + "'");
        }

        foreach (var parameter in declared.Where(p => !variables.Contains(p.Name)))
        {
            Report(parameter.Declaration, "'in: path' parameter '" + parameter.Name + "' is not a variable of the path template");
        }

        return matches;

        void Report(LocationInfo location, string problem)
        {
            matches = false;
            _context.Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.PathParameterMismatch,
                location,
                operationId,
                httpMethod,
                path,
                problem));
        }
    }
}
