using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.Kiota.Serialization.Json;

namespace CustomerioTrack.Client.Serialization;

/// <summary>
/// The wire name of every defined value of an enum, taken once from Kiota's own writer so the names cannot drift from
/// what Kiota would send. Flags enums and undefined values are not cached: they go to Kiota's writer every time.
/// </summary>
internal static class EnumWireNames<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>
    where T : struct, Enum
{
    public static readonly FrozenDictionary<T, string> Names = Build();

    private static FrozenDictionary<T, string> Build()
    {
        if (typeof(T).IsDefined(typeof(FlagsAttribute), inherit: false))
        {
            return FrozenDictionary<T, string>.Empty;
        }

        var names = new Dictionary<T, string>();
        foreach (var value in Enum.GetValues<T>())
        {
            if (!names.ContainsKey(value))
            {
                names[value] = AsKiotaWritesIt(value);
            }
        }

        return names.ToFrozenDictionary();
    }

    private static string AsKiotaWritesIt(T value)
    {
        using var writer = new JsonSerializationWriter();
        writer.WriteEnumValue<T>(null, value);
        using var content = writer.GetSerializedContent();
        using var written = JsonDocument.Parse(content);
        return written.RootElement.GetString()!;
    }
}
