using System.Text.Json;
using System.Text.RegularExpressions;
using CsCheck;
using Microsoft.Kiota.Abstractions;

namespace CustomerioTrack.Tools.Tests;

/// <summary>
/// The tools expand their URL templates with <see cref="CompiledUrlTemplate"/>; these tests hold it to Kiota's own
/// expansion (<see cref="RequestInformation.URI"/>) on every template of the tools and of the generated client.
/// </summary>
public sealed partial class UrlTemplateEquivalenceTests
{
    // Fragments of the values that trouble URL building: reserved and unsafe ASCII, controls, percent triplets (valid
    // and not), non-ASCII, surrogate pairs and lone surrogates.
    private static readonly Gen<string> Values = Gen.OneOf(
            Gen.Char["/?#%.+@ &=;:~\\\"'<>[]{}|^`!$()*,-_"].Select(c => c.ToString()),
            Gen.Char.AlphaNumeric.Select(c => c.ToString()),
            Gen.Char["\u0000\u001f\u007f\u00e9\u00ff\u4f8b\u2028\uFF0E"].Select(c => c.ToString()),
            Gen.Int[0, 7].Select(i => new[] { "%41", "%2F", "%zz", "%4", "\ud83d\ude00", "\ud800", "\udc00", "a\ud800b" }[i]))
        .Array[0, 12]
        .Select(string.Concat);

    private static readonly string[] BaseUrlChoices =
    [
        "https://track.customer.io",
        "https://track-eu.customer.io",
        "http://127.0.0.1:8080",
        "http://localhost:9/proxy/track",
        "http://[::1]:5000/a%20b",
        "http://example.test/x+y;z=1",
    ];

    private static readonly Gen<string> BaseUrls = Gen.Int[0, BaseUrlChoices.Length - 1].Select(i => BaseUrlChoices[i]);

    [Fact]
    public void Every_template_expands_to_the_uri_kiota_builds()
    {
        var templates = Templates();
        Assert.Contains("{+baseurl}/api/v1/segments/{segment_id}/add_customers{?id_type*}", templates);
        Assert.True(templates.Count >= 15, string.Join(", ", templates));
        foreach (var template in templates)
        {
            var compiled = CompiledUrlTemplate.For(template);
            Assert.NotNull(compiled);
            var variables = Variables(template).Where(v => v != "baseurl").ToList();
            var valueOf = Gen.OneOf(
                Values.Select(v => (object?)v),
                Gen.Int.Select(v => (object?)v),
                Gen.Long.Select(v => (object?)v),
                Gen.Bool.Select(v => (object?)v),
                Gen.Const((object?)null));
            Gen.Select(BaseUrls, valueOf.Array[variables.Count], Gen.Bool.Array[variables.Count]).Sample((baseUrl, values, inQuery) =>
            {
                var kiota = new RequestInformation(Method.POST, template, new Dictionary<string, object>());
                var path = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
                var query = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < variables.Count; i++)
                {
                    // Kiota skips a query parameter without a value; a path parameter may hold null.
                    if (inQuery[i])
                    {
                        kiota.QueryParameters[variables[i]] = values[i]!;
                        query[variables[i]] = values[i]!;
                    }
                    else if (values[i] is not null)
                    {
                        kiota.PathParameters[variables[i]] = values[i]!;
                        path[variables[i]] = values[i]!;
                    }
                }

                kiota.PathParameters["baseurl"] = baseUrl;
                var ours = compiled!.Expand(baseUrl, path, query);
                Uri expected;
                try
                {
                    expected = kiota.URI;
                }
                catch (ArgumentException) when (values.OfType<string>().Any(HasLoneSurrogate))
                {
                    // Kiota refuses the value; the compiled template leaves it to Kiota to do so.
                    Assert.Null(ours);
                    return;
                }

                Assert.NotNull(ours);
                Assert.Equal(expected.OriginalString, ours!.OriginalString);
                Assert.Equal(expected.AbsoluteUri, ours.AbsoluteUri);
            }, iter: 400);
        }
    }

    [Theory]
    [InlineData("{+baseurl}/a{#fragment}")]
    [InlineData("{+baseurl}/a{/segments}")]
    [InlineData("{+baseurl}/a{.extension}")]
    [InlineData("{+baseurl}/a{;matrix}")]
    [InlineData("{+baseurl}/a{&more}")]
    [InlineData("{+baseurl}/a/{name:3}")]
    [InlineData("{+baseurl}/a%20b/{name}")]
    [InlineData("{+baseurl}/a/{name")]
    [InlineData("{+baseurl}/a/{}")]
    public void Templates_beyond_the_forms_the_tools_use_are_left_to_kiota(string template) =>
        Assert.Null(CompiledUrlTemplate.For(template));

    [Fact]
    public void Values_only_kiota_converts_are_left_to_it()
    {
        var compiled = CompiledUrlTemplate.For("{+baseurl}/a/{name}{?flag*}")!;
        var empty = new Dictionary<string, object>();
        Assert.Null(compiled.Expand("http://h", new Dictionary<string, object> { ["name"] = 1.5 }, empty));
        Assert.Null(compiled.Expand("http://h", new Dictionary<string, object> { ["name"] = DateTimeOffset.UnixEpoch }, empty));
        Assert.Null(compiled.Expand("http://h", empty, new Dictionary<string, object> { ["flag"] = new[] { "a", "b" } }));
        Assert.Null(compiled.Expand("http://h", new Dictionary<string, object> { ["name"] = "x" }, new Dictionary<string, object> { ["name"] = "y" }));
        Assert.Equal("http://h/a/x?flag=true", compiled.Expand("http://h", new Dictionary<string, object> { ["name"] = "x" }, new Dictionary<string, object> { ["flag"] = true })!.OriginalString);
    }

    private static bool HasLoneSurrogate(string value) =>
        System.Text.Unicode.Utf8.FromUtf16(value, new byte[value.Length * 3], out _, out _, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done;

    // The templates the tools build their requests from, and those of the generated client.
    private static List<string> Templates()
    {
        var templates = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var tool in TrackToolCatalog.CreateAll())
        {
            var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var parameter in tool.Definition.Parameters)
            {
                values[parameter.Name] = parameter.Type switch
                {
                    ToolParameterType.Integer => JsonSerializer.SerializeToElement(7),
                    ToolParameterType.Number => JsonSerializer.SerializeToElement(7.5),
                    ToolParameterType.Boolean => JsonSerializer.SerializeToElement(true),
                    _ => JsonSerializer.SerializeToElement("x"),
                };
            }

            templates.Add(tool.BuildRequest(new ToolArguments(values)).UrlTemplate!);
        }

        var generated = Path.Combine(RepositoryRoot(), "src", "CustomerioTrack.Client", "Generated");
        foreach (var file in Directory.EnumerateFiles(generated, "*.cs", SearchOption.AllDirectories))
        {
            foreach (Match match in ClientTemplate().Matches(File.ReadAllText(file)))
            {
                templates.Add(match.Groups[1].Value);
            }
        }

        return [.. templates];
    }

    private static IEnumerable<string> Variables(string template) =>
        ExpressionPattern().Matches(template).SelectMany(m => m.Groups[1].Value.Split(',')).Select(v => v.TrimEnd('*'));

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CustomerioTrack.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("CustomerioTrack.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("\"(\\{\\+baseurl\\}[^\"]*)\"")]
    private static partial Regex ClientTemplate();

    [GeneratedRegex("\\{[+?]?([^}]*)\\}")]
    private static partial Regex ExpressionPattern();
}
