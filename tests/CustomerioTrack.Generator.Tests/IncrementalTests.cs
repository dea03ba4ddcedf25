using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using CustomerioTrack.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CustomerioTrack.Generator.Tests;

public sealed class IncrementalTests
{
    private static readonly string[] TrackingNames = typeof(TrackToolGenerator).Assembly
        .GetType("CustomerioTrack.Generator.TrackingNames", throwOnError: true)!
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    private static InputFile[] Files() =>
    [
        InputFile.OpenApi(RepositoryPaths.Fixture("small.openapi.json")),
        // One manifest entry for an unknown operation, so the diagnostics pipeline has output too.
        InputFile.Manifest(RepositoryPaths.Fixture("small.tools.json")
            .Replace("\"tools\": [", "\"tools\": [\n    { \"operationId\": \"noSuchOperation\" },", StringComparison.Ordinal)),
    ];

    [Fact]
    public void Second_run_with_an_unrelated_syntax_tree_is_fully_cached()
    {
        var compilation = GeneratorHarness.CreateCompilation();
        var driver = GeneratorHarness.CreateDriver(Files());
        driver = driver.RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();
        Assert.NotEmpty(first.GeneratedSources);

        var unrelated = CSharpSyntaxTree.ParseText("namespace Unrelated; internal static class Nothing { }", GeneratorHarness.ParseOptions);
        driver = driver.RunGenerators(compilation.AddSyntaxTrees(unrelated));
        var second = driver.GetRunResult().Results.Single();

        // Every named step ran on both runs.
        Assert.Equal(TrackingNames.Order(), first.TrackedSteps.Keys.Where(TrackingNames.Contains).Order());
        Assert.Equal(TrackingNames.Order(), second.TrackedSteps.Keys.Where(TrackingNames.Contains).Order());

        foreach (var name in TrackingNames)
        {
            foreach (var step in second.TrackedSteps[name])
            {
                foreach (var (_, reason) in step.Outputs)
                {
                    Assert.True(
                        reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                        $"Step '{name}' produced {reason} on the second run.");
                }
            }
        }

        foreach (var (_, reason) in second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs))
        {
            Assert.Equal(IncrementalStepRunReason.Cached, reason);
        }
    }

    [Fact]
    public void Changing_one_operation_regenerates_only_that_tool()
    {
        var files = Files();
        var texts = files.Select(f => (AdditionalText)new TestAdditionalText(f.Path, f.Text)).ToImmutableArray();
        var roles = files.ToDictionary(f => f.Path, f => f.Role, StringComparer.Ordinal);
        var compilation = GeneratorHarness.CreateCompilation();
        var driver = GeneratorHarness.CreateDriver(texts, roles).RunGenerators(compilation);

        var changed = files[0].Text.Replace("\"summary\": \"Set a flag\"", "\"summary\": \"Set one flag\"", StringComparison.Ordinal);
        Assert.NotEqual(files[0].Text, changed);
        driver = driver.ReplaceAdditionalText(texts[0], new TestAdditionalText(files[0].Path, changed)).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        var toolOutputs = result.TrackedSteps[Generator.TrackingNames.Tools].SelectMany(s => s.Outputs).ToList();
        Assert.Single(toolOutputs, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Equal(2, toolOutputs.Count(o => o.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached));
        Assert.Contains("Set one flag", result.GeneratedSources.Single(s => s.HintName == "SetWidgetFlagTool.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Pipeline_models_hold_no_symbols_syntax_compilations_or_locations()
    {
        var compilation = GeneratorHarness.CreateCompilation();
        var driver = GeneratorHarness.CreateDriver(Files()).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        foreach (var name in TrackingNames)
        {
            foreach (var step in result.TrackedSteps[name])
            {
                foreach (var (value, _) in step.Outputs)
                {
                    AssertNoForbiddenTypes(value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
                }
            }
        }
    }

    private static void AssertNoForbiddenTypes(object? value, string step, HashSet<object> visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
        {
            return;
        }

        Assert.False(value is Compilation, $"Step '{step}' holds a Compilation");
        Assert.False(value is ISymbol, $"Step '{step}' holds an ISymbol");
        Assert.False(value is SyntaxNode, $"Step '{step}' holds a SyntaxNode");
        Assert.False(value is Location, $"Step '{step}' holds a Location");
        Assert.False(value is SyntaxTree, $"Step '{step}' holds a SyntaxTree");

        if (value is DiagnosticDescriptor || !value.GetType().IsValueType && !visited.Add(value))
        {
            return;
        }

        if (value is IEnumerable enumerable)
        {
            foreach (var item in enumerable)
            {
                AssertNoForbiddenTypes(item, step, visited);
            }
        }

        for (var type = value.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                AssertNoForbiddenTypes(field.GetValue(value), step, visited);
            }
        }
    }
}
