using System.Text.Json;
using Xunit.Sdk;

namespace CustomerioTrack.Client.Tests.Support;

/// <summary>Structural JSON equality: same value kinds, same object members (order ignored), same array items in order, equal numbers.</summary>
public static class JsonAssert
{
    public static void Equal(string expectedJson, string? actualJson)
    {
        Assert.NotNull(actualJson);
        using var expected = JsonDocument.Parse(expectedJson);
        using var actual = JsonDocument.Parse(actualJson);
        var difference = FindDifference(expected.RootElement, actual.RootElement, "$");
        if (difference is not null)
        {
            throw new XunitException($"JSON differs at {difference}\nExpected: {expected.RootElement.GetRawText()}\nActual:   {actual.RootElement.GetRawText()}");
        }
    }

    public static bool DeepEquals(JsonElement expected, JsonElement actual) => FindDifference(expected, actual, "$") is null;

    /// <summary>The path of the first difference, or null when the two are structurally equal.</summary>
    public static string? FindDifference(JsonElement expected, JsonElement actual, string path)
    {
        if (expected.ValueKind != actual.ValueKind)
        {
            return $"{path}: expected {expected.ValueKind}, got {actual.ValueKind}";
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
            {
                var expectedMembers = Members(expected, path, out var duplicateE);
                if (duplicateE is not null)
                {
                    return duplicateE;
                }

                var actualMembers = Members(actual, path, out var duplicateA);
                if (duplicateA is not null)
                {
                    return duplicateA;
                }

                foreach (var name in expectedMembers.Keys)
                {
                    if (!actualMembers.ContainsKey(name))
                    {
                        return $"{path}: missing member \"{name}\"";
                    }
                }

                foreach (var name in actualMembers.Keys)
                {
                    if (!expectedMembers.ContainsKey(name))
                    {
                        return $"{path}: unexpected member \"{name}\"";
                    }
                }

                foreach (var (name, value) in expectedMembers)
                {
                    if (FindDifference(value, actualMembers[name], $"{path}.{name}") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            }

            case JsonValueKind.Array:
            {
                var e = expected.EnumerateArray().ToList();
                var a = actual.EnumerateArray().ToList();
                if (e.Count != a.Count)
                {
                    return $"{path}: expected {e.Count} items, got {a.Count}";
                }

                for (var i = 0; i < e.Count; i++)
                {
                    if (FindDifference(e[i], a[i], $"{path}[{i}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            }

            case JsonValueKind.String:
                return expected.GetString() == actual.GetString() ? null : $"{path}: expected \"{expected.GetString()}\", got \"{actual.GetString()}\"";

            case JsonValueKind.Number:
                var same = expected.TryGetDecimal(out var ed) && actual.TryGetDecimal(out var ad)
                    ? ed == ad
                    : expected.GetDouble().Equals(actual.GetDouble());
                return same ? null : $"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}";

            default:
                // True, False, Null: equal kinds are equal values.
                return null;
        }
    }

    private static Dictionary<string, JsonElement> Members(JsonElement element, string path, out string? duplicate)
    {
        duplicate = null;
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!members.TryAdd(property.Name, property.Value))
            {
                duplicate = $"{path}: duplicate member \"{property.Name}\"";
            }
        }

        return members;
    }
}
