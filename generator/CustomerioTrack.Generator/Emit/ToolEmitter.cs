using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CustomerioTrack.Generator.Model;

namespace CustomerioTrack.Generator.Emit;

/// <summary>Emits the C# for one tool and for the catalog, per docs/ARCHITECTURE.md "Generated code contract".</summary>
internal static class ToolEmitter
{
    public const string Namespace = "CustomerioTrack.Tools";
    private const string ToolsNs = "global::CustomerioTrack.Tools.";
    private const string KiotaNs = "global::Microsoft.Kiota.Abstractions.";

    public static readonly string GeneratorVersion =
        typeof(ToolEmitter).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";

    private static string GeneratedCodeAttribute =>
        "[global::System.CodeDom.Compiler.GeneratedCode(\"CustomerioTrack.Generator\", \"" + GeneratorVersion + "\")]";

    public static string HintName(ToolSpec tool) => tool.Name + "Tool.g.cs";

    public static string EmitTool(ToolSpec tool)
    {
        var w = Header();
        var className = tool.Name + "Tool";
        w.WriteLine("/// <summary>" + CSharpLiterals.Xml(tool.Title) + " (operation <c>" + CSharpLiterals.Xml(tool.OperationId) + "</c>, <c>" + tool.HttpMethod + " " + CSharpLiterals.Xml(tool.PathTemplate) + "</c>).</summary>");
        w.WriteLine(GeneratedCodeAttribute);
        w.WriteLine("public sealed partial class " + className + " : " + ToolsNs + "TrackTool");
        w.OpenBlock();

        w.WriteLine("/// <summary>The tool's definition (the same instance the inherited <see cref=\"" + ToolsNs + "TrackTool.Definition\"/> returns).</summary>");
        w.WriteLine("public static new " + ToolsNs + "ToolDefinition Definition { get; } = new " + ToolsNs + "ToolDefinition(");
        w.Indentation++;
        w.WriteLine("Name: " + CSharpLiterals.String(tool.Name) + ",");
        w.WriteLine("OperationId: " + CSharpLiterals.String(tool.OperationId) + ",");
        w.WriteLine("Title: " + CSharpLiterals.String(tool.Title) + ",");
        w.WriteLine("Description: " + CSharpLiterals.String(tool.Description) + ",");
        w.WriteLine("HttpMethod: " + CSharpLiterals.String(tool.HttpMethod) + ",");
        w.WriteLine("PathTemplate: " + CSharpLiterals.String(tool.PathTemplate) + ",");
        w.WriteLine("RequiresAuthentication: " + CSharpLiterals.Bool(tool.RequiresAuthentication) + ",");
        w.WriteLine("Deprecated: " + CSharpLiterals.Bool(tool.Deprecated) + ",");
        w.WriteLine("EnabledByDefault: " + CSharpLiterals.Bool(tool.EnabledByDefault) + ",");
        w.WriteLine("Annotations: new " + ToolsNs + "ToolAnnotations(ReadOnly: " + CSharpLiterals.Bool(tool.ReadOnly)
            + ", Destructive: " + CSharpLiterals.Bool(tool.Destructive)
            + ", Idempotent: " + CSharpLiterals.Bool(tool.Idempotent)
            + ", OpenWorld: " + CSharpLiterals.Bool(tool.OpenWorld) + "),");
        if (tool.Parameters.Count == 0)
        {
            w.WriteLine("Parameters: global::System.Array.Empty<" + ToolsNs + "ToolParameter>(),");
        }
        else
        {
            w.WriteLine("Parameters: new " + ToolsNs + "ToolParameter[]");
            w.OpenBlock();
            foreach (var parameter in tool.Parameters)
            {
                WriteParameter(w, parameter);
            }

            w.CloseBlock(",");
        }

        if (tool.Body is { } body)
        {
            w.WriteLine("RequestBody: new " + ToolsNs + "ToolRequestBody(");
            w.Indentation++;
            w.WriteLine("Required: " + CSharpLiterals.Bool(body.Required) + ",");
            w.WriteLine("Flattened: " + CSharpLiterals.Bool(body.Flattened) + ",");
            w.WriteLine("SchemaJson: " + CSharpLiterals.String(body.SchemaJson) + "),");
            w.Indentation--;
        }
        else
        {
            w.WriteLine("RequestBody: null,");
        }

        w.WriteLine("InputSchemaJson: " + CSharpLiterals.String(tool.InputSchemaJson) + ",");
        w.WriteLine("SuccessStatusCodes: new int[] { " + string.Join(", ", tool.SuccessStatusCodes.Select(c => c.ToString(CultureInfo.InvariantCulture))) + " });");
        w.Indentation--;
        w.WriteLine();

        w.WriteLine("/// <summary>Creates the tool.</summary>");
        w.WriteLine("public " + className + "()");
        w.WriteLine("    : base(Definition)");
        w.OpenBlock();
        w.CloseBlock();
        w.WriteLine();

        w.WriteLine("/// <inheritdoc />");
        w.WriteLine("protected override " + KiotaNs + "RequestInformation CreateRequest(" + ToolsNs + "ToolArguments arguments)");
        w.OpenBlock();
        w.WriteLine("var request = new " + KiotaNs + "RequestInformation(");
        w.Indentation++;
        w.WriteLine(KiotaNs + "Method." + tool.HttpMethod + ",");
        w.WriteLine(CSharpLiterals.String(tool.UrlTemplate) + ",");
        w.WriteLine("new global::System.Collections.Generic.Dictionary<string, object>());");
        w.Indentation--;
        foreach (var argument in tool.PathArguments)
        {
            w.WriteLine("request.PathParameters[" + CSharpLiterals.String(argument.TemplateName) + "] = arguments." + argument.Getter + "(" + CSharpLiterals.String(argument.ToolParameterName) + ");");
        }

        w.WriteLine("return request;");
        w.CloseBlock();
        w.CloseBlock();
        return w.ToString();
    }

    public static string EmitCatalog(IReadOnlyList<ToolSpec> tools)
    {
        var w = Header();
        w.WriteLine("/// <summary>Every generated tool, including those not enabled by default.</summary>");
        w.WriteLine(GeneratedCodeAttribute);
        w.WriteLine("public static partial class TrackToolCatalog");
        w.OpenBlock();
        w.WriteLine("/// <summary>The definitions of all generated tools, ordered by name.</summary>");
        w.WriteLine("public static global::System.Collections.Generic.IReadOnlyList<" + ToolsNs + "ToolDefinition> Definitions { get; } = new " + ToolsNs + "ToolDefinition[]");
        w.OpenBlock();
        foreach (var tool in tools)
        {
            w.WriteLine(ToolsNs + tool.Name + "Tool.Definition,");
        }

        w.CloseBlock(";");
        w.WriteLine();
        w.WriteLine("/// <summary>Creates one instance of every generated tool, ordered by name.</summary>");
        w.WriteLine("public static global::System.Collections.Generic.IReadOnlyList<" + ToolsNs + "TrackTool> CreateAll() => new " + ToolsNs + "TrackTool[]");
        w.OpenBlock();
        foreach (var tool in tools)
        {
            w.WriteLine("new " + ToolsNs + tool.Name + "Tool(),");
        }

        w.CloseBlock(";");
        w.CloseBlock();
        return w.ToString();
    }

    private static void WriteParameter(SourceWriter w, ParameterSpec parameter)
    {
        w.WriteLine("new " + ToolsNs + "ToolParameter(");
        w.Indentation++;
        w.WriteLine("Name: " + CSharpLiterals.String(parameter.Name) + ",");
        w.WriteLine("ApiName: " + CSharpLiterals.String(parameter.ApiName) + ",");
        w.WriteLine("Location: " + ToolsNs + "ToolParameterLocation." + parameter.Location + ",");
        w.WriteLine("Type: " + ToolsNs + "ToolParameterType." + parameter.Type + ",");
        w.WriteLine("Required: " + CSharpLiterals.Bool(parameter.Required) + ",");
        w.WriteLine("Description: " + CSharpLiterals.String(parameter.Description) + ",");
        w.WriteLine("EnumValues: " + (parameter.EnumValues is { } values
            ? "new string[] { " + string.Join(", ", values.Select(CSharpLiterals.String)) + " }"
            : "null") + ",");
        w.WriteLine("DefaultJson: " + CSharpLiterals.String(parameter.DefaultJson) + ",");
        w.WriteLine("SchemaJson: " + CSharpLiterals.String(parameter.SchemaJson) + "),");
        w.Indentation--;
    }

    private static SourceWriter Header()
    {
        var w = new SourceWriter();
        w.WriteLine("// <auto-generated/>");
        w.WriteLine("// Generated by CustomerioTrack.Generator from the OpenAPI description and the tool manifest. Do not edit.");
        w.WriteLine("#nullable enable");
        w.WriteLine();
        w.WriteLine("namespace " + Namespace + ";");
        w.WriteLine();
        return w;
    }
}
