using System.Text.Json;
using System.Text.RegularExpressions;

namespace CustomerioTrack.Tools.Tests;

/// <summary>What the tool texts tell a model must match what the tool does with its arguments.</summary>
public sealed partial class ToolDescriptionTests
{
    // A model that follows "percent-encode it" sends ann%40example.com, which the tool encodes again: another person.
    [Fact]
    public void No_text_asks_for_an_identifier_to_be_encoded_by_the_caller()
    {
        foreach (var definition in TrackTools.AllDefinitions)
        {
            foreach (var (where, text) in Texts(definition))
            {
                Assert.False(AsksToEncode().IsMatch(text), $"{definition.Name} {where}: \"{text}\"");
            }
        }
    }

    [Fact]
    public void Path_identifier_parameters_say_the_value_goes_as_is()
    {
        var identifiers = TrackTools.AllDefinitions
            .SelectMany(d => d.Parameters.Where(p => p.Location == ToolParameterLocation.Path && p.ApiName == "identifier").Select(p => (d.Name, p)))
            .ToList();
        Assert.Equal(7, identifiers.Count);
        Assert.All(identifiers, t => Assert.Contains("not percent-encoded", t.p.Description, StringComparison.Ordinal));
    }

    // The tools give every event without an id a fresh ULID; a model asked to pass one makes one up, and a made-up or
    // reused id makes Customer.io drop every later event that carries it.
    [Fact]
    public void No_text_asks_the_caller_to_supply_an_event_id()
    {
        foreach (var definition in TrackTools.AllDefinitions)
        {
            foreach (var (where, text) in Texts(definition))
            {
                Assert.False(AsksForEventId().IsMatch(text), $"{definition.Name} {where}: \"{text}\"");
            }
        }

        Assert.Contains("An event without an `id` is given a ULID", TrackTools.AllDefinitions.Single(d => d.Name == "SendCustomerEvent").Description, StringComparison.Ordinal);
    }

    // The API's parameter names differ from the tools' (id_type is identifier_type in one tool, identification_type in
    // another): a text quoting the API name sends the model after a parameter the tool does not take.
    [Fact]
    public void No_text_names_a_parameter_by_its_api_name_when_the_tool_renames_it()
    {
        var checkedNames = 0;
        foreach (var definition in TrackTools.AllDefinitions)
        {
            var taken = definition.Parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var renamed in definition.Parameters.Where(p => p.ApiName != p.Name && !taken.Contains(p.ApiName)))
            {
                checkedNames++;
                var pattern = renamed.ApiName.Contains('_', StringComparison.Ordinal)
                    ? new Regex($@"(?<![A-Za-z0-9_]){Regex.Escape(renamed.ApiName)}(?![A-Za-z0-9_])")
                    : new Regex($"`{Regex.Escape(renamed.ApiName)}`");
                foreach (var (where, text) in Texts(definition))
                {
                    Assert.False(pattern.IsMatch(text), $"{definition.Name} {where} names '{renamed.ApiName}', which this tool takes as '{renamed.Name}': \"{text}\"");
                }
            }
        }

        Assert.True(checkedNames >= 9, $"only {checkedNames} renamed parameters were checked");
    }

    private static IEnumerable<(string Where, string Text)> Texts(ToolDefinition definition)
    {
        yield return ("description", definition.Description);
        foreach (var parameter in definition.Parameters)
        {
            yield return ($"parameter {parameter.Name}", parameter.Description);
        }

        if (definition.RequestBody is { } body)
        {
            using var schema = JsonDocument.Parse(body.SchemaJson);
            foreach (var description in Descriptions(schema.RootElement))
            {
                yield return ("request body schema", description);
            }
        }
    }

    private static IEnumerable<string> Descriptions(JsonElement node)
    {
        if (node.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in node.EnumerateObject())
            {
                if (property.NameEquals("description") && property.Value.ValueKind == JsonValueKind.String)
                {
                    yield return property.Value.GetString()!;
                }
                else
                {
                    foreach (var inner in Descriptions(property.Value))
                    {
                        yield return inner;
                    }
                }
            }
        }
        else if (node.ValueKind == JsonValueKind.Array)
        {
            foreach (var inner in node.EnumerateArray().SelectMany(Descriptions))
            {
                yield return inner;
            }
        }
    }

    [GeneratedRegex(@"\b(pass|give|send|provide|include)\b[^.;]*\bULID\b", RegexOptions.IgnoreCase)]
    private static partial Regex AsksForEventId();

    [GeneratedRegex(@"\b(percent|url)[- ]?encode (it|the value|them)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AsksToEncode();
}
