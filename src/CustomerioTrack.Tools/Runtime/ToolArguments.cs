using System.Globalization;
using System.Text.Json;

namespace CustomerioTrack.Tools;

/// <summary>Validated scalar arguments of one tool call, keyed by tool parameter name.</summary>
public sealed class ToolArguments
{
    private readonly IReadOnlyDictionary<string, JsonElement> _values;

    internal ToolArguments(IReadOnlyDictionary<string, JsonElement> values) => _values = values;

    /// <summary>True when the argument was given (or has a default).</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>A string argument.</summary>
    public string GetString(string name) => Get(name).GetString()!;

    /// <summary>A 32-bit integer argument.</summary>
    public int GetInt32(string name) => Get(name).GetInt32();

    /// <summary>A 64-bit integer argument.</summary>
    public long GetInt64(string name) => Get(name).GetInt64();

    /// <summary>A number argument.</summary>
    public double GetDouble(string name) => Get(name).GetDouble();

    /// <summary>A boolean argument.</summary>
    public bool GetBoolean(string name) => Get(name).GetBoolean();

    /// <summary>The raw JSON value of an argument.</summary>
    public JsonElement GetJson(string name) => Get(name);

    /// <summary>Every bound argument (given or defaulted), by parameter name.</summary>
    internal IEnumerable<KeyValuePair<string, JsonElement>> All => _values;

    private JsonElement Get(string name) =>
        _values.TryGetValue(name, out var value)
            ? value
            : throw new KeyNotFoundException(string.Create(CultureInfo.InvariantCulture, $"Argument '{name}' was not bound."));
}
