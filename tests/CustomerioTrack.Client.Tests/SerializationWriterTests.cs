using System.Collections;
using System.Reflection;
using System.Text;
using CsCheck;
using CustomerioTrack.Client.Models;
using CustomerioTrack.Client.Serialization;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Serialization.Json;

namespace CustomerioTrack.Client.Tests;

/// <summary>
/// Our JSON writer must produce exactly Kiota's bytes (or Kiota's exception) for everything the generated models write:
/// every enum value, every model, and any additional data a caller can put in a model.
/// </summary>
public class SerializationWriterTests
{
    private static readonly Type[] ModelTypes = typeof(BatchRequest).Assembly.GetTypes()
        .Where(t => t.Namespace == typeof(BatchRequest).Namespace && t.IsClass && !t.IsAbstract && typeof(IParsable).IsAssignableFrom(t))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToArray();

    private static readonly Type[] EnumTypes = typeof(BatchRequest).Assembly.GetTypes()
        .Where(t => t.Namespace == typeof(BatchRequest).Namespace && t.IsEnum)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToArray();

    [Fact]
    public void The_generated_client_has_models_and_enums_to_compare()
    {
        Assert.True(ModelTypes.Length > 40, $"{ModelTypes.Length} model types");
        Assert.True(EnumTypes.Length > 20, $"{EnumTypes.Length} enum types");
    }

    [Fact]
    public void Every_value_of_every_generated_enum_is_written_as_kiota_writes_it()
    {
        var method = typeof(SerializationWriterTests).GetMethod(nameof(EnumOutputs), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var type in EnumTypes)
        {
            var (ours, kiota) = ((string, string))method.MakeGenericMethod(type).Invoke(null, null)!;
            Assert.Equal(kiota, ours);
            Assert.StartsWith("[\"", ours, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_generated_model_filled_in_is_written_as_kiota_writes_it()
    {
        foreach (var type in ModelTypes)
        {
            var model = (IParsable)Fill(type, depth: 0);
            var (ours, kiota) = (Write(new TrackJsonSerializationWriter(), model), Write(new JsonSerializationWriter(), model));
            Assert.True(kiota == ours, $"{type.Name}:\n kiota {kiota}\n ours  {ours}");
        }
    }

    [Fact]
    public void A_batch_of_mixed_items_is_written_as_kiota_writes_it()
    {
        var batch = new BatchRequest
        {
            Batch =
            [
                new EntityRequest { PersonIdentify = new PersonIdentify { Type = PersonType.Person, Action = PersonIdentify_action.Identify, Identifiers = new PersonIdentifiers { Id = "ann" }, Attributes = new PersonAttributes { AdditionalData = new Dictionary<string, object> { ["plan"] = "pro", ["seats"] = 5, ["ratio"] = 0.25 } } } },
                new EntityRequest { PersonEvent = new PersonEvent { Type = PersonType.Person, Action = PersonEvent_action.Event, Name = "purchase", Identifiers = new PersonIdentifiers { Email = "b@example.com" }, Timestamp = 1_700_000_000 } },
                new EntityRequest { ObjectDelete = new ObjectDelete { Type = ObjectType.Object, Action = ObjectDelete_action.Delete, Identifiers = new ObjectIdentifiers { ObjectTypeId = "1", ObjectId = "acme" } } },
            ],
        };

        var ours = Write(new TrackJsonSerializationWriter(), batch);
        Assert.Equal(Write(new JsonSerializationWriter(), batch), ours);
        Assert.Contains("\"action\":\"identify\"", ours, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"object\"", ours, StringComparison.Ordinal);
    }

    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.Char.AlphaNumeric,
        Gen.Char["\"\\/<>&'+\u0000\u001f\u007f\n\t é€日\u2028\ud83d\ude00"]).Array[0, 12].Select(c => new string(c));

    private static readonly Gen<object?> Value = Gen.OneOf<object?>(
        Text.Select(s => (object?)s),
        Gen.Bool.Select(b => (object?)b),
        Gen.Int.Select(i => (object?)i),
        Gen.Long.Select(l => (object?)l),
        Gen.Double.Select(d => (object?)d),
        Gen.OneOf(Gen.Const(double.NaN), Gen.Const(double.PositiveInfinity), Gen.Const(-0.0), Gen.Const(double.Epsilon), Gen.Const(double.MaxValue)).Select(d => (object?)d),
        Gen.Float.Select(f => (object?)f),
        Gen.Decimal.Select(m => (object?)m),
        Gen.Byte.Select(b => (object?)b),
        Gen.Guid.Select(g => (object?)g),
        Gen.DateTimeOffset.Select(d => (object?)d),
        Gen.Const(0).Select(_ => (object?)null),
        Text.List[0, 3].Select(l => (object?)l.Cast<object>().ToList()),
        Gen.Const<object?>(new PersonIdentifiers { Id = "nested", Email = "n@example.com" }));

    [Fact]
    public void Any_additional_data_is_written_as_kiota_writes_it_or_fails_as_kiota_fails()
    {
        Gen.Select(Text, Value).Array[0, 8].Sample(entries =>
        {
            var data = new Dictionary<string, object>();
            foreach (var (key, value) in entries)
            {
                data[key] = value!;
            }

            var model = new IdentifyRequest { Email = "a@example.com", AdditionalData = data };
            Assert.Equal(Outcome(new JsonSerializationWriter(), model), Outcome(new TrackJsonSerializationWriter(), model));
        }, iter: 3_000);
    }

    [Fact]
    public void Not_a_number_fails_exactly_as_with_kiota()
    {
        var model = new IdentifyRequest { AdditionalData = new Dictionary<string, object> { ["x"] = double.NaN } };
        var kiota = Outcome(new JsonSerializationWriter(), model);
        Assert.StartsWith("throws ", kiota, StringComparison.Ordinal);
        Assert.Equal(kiota, Outcome(new TrackJsonSerializationWriter(), model));
    }

    [Flags]
    public enum Channels
    {
        None = 0,
        Email = 1,
        Push = 2,
    }

    public enum Plain
    {
        FirstValue,
        Second,
    }

    [Fact]
    public void Flags_enums_and_undefined_values_keep_kiotas_handling()
    {
        Assert.Equal(EnumValue(new JsonSerializationWriter(), Channels.Email | Channels.Push), EnumValue(new TrackJsonSerializationWriter(), Channels.Email | Channels.Push));
        Assert.Equal(EnumValue(new JsonSerializationWriter(), Plain.FirstValue), EnumValue(new TrackJsonSerializationWriter(), Plain.FirstValue));
        var undefined = EnumValue(new JsonSerializationWriter(), (Plain)42);
        Assert.StartsWith("throws ", undefined, StringComparison.Ordinal);
        Assert.Equal(undefined, EnumValue(new TrackJsonSerializationWriter(), (Plain)42));
    }

    [Fact]
    public void The_factory_writes_json_only_and_the_client_uses_it()
    {
        var factory = new TrackJsonSerializationWriterFactory();
        Assert.IsType<TrackJsonSerializationWriter>(factory.GetSerializationWriter("application/json"));
        Assert.Throws<ArgumentOutOfRangeException>(() => factory.GetSerializationWriter("text/plain"));
        Assert.Throws<ArgumentException>(() => factory.GetSerializationWriter(""));

        var client = TrackClientFactory.Create(new TrackClientOptions { SiteId = "site", ApiKey = "key", BaseUrl = new Uri("http://127.0.0.1:9") });
        Assert.IsType<TrackJsonSerializationWriterFactory>(client.SerializationWriters);
    }

    private static (string Ours, string Kiota) EnumOutputs<T>()
        where T : struct, Enum
    {
        static string All(ISerializationWriter writer)
        {
            using (writer)
            {
                writer.WriteCollectionOfEnumValues<T>(null, Enum.GetValues<T>().Select(v => (T?)v).Append(null).ToList());
                return Read(writer);
            }
        }

        return (All(new TrackJsonSerializationWriter()), All(new JsonSerializationWriter()));
    }

    private static string EnumValue<T>(ISerializationWriter writer, T value)
        where T : struct, Enum
    {
        using (writer)
        {
            try
            {
                writer.WriteEnumValue<T>("v", value);
                return Read(writer);
            }
            catch (Exception exception)
            {
                return "throws " + exception.GetType().Name;
            }
        }
    }

    private static string Outcome(ISerializationWriter writer, IParsable model)
    {
        try
        {
            return Write(writer, model);
        }
        catch (Exception exception)
        {
            return "throws " + exception.GetType().Name;
        }
    }

    private static string Write(ISerializationWriter writer, IParsable model)
    {
        using (writer)
        {
            writer.WriteObjectValue(null, model);
            return Read(writer);
        }
    }

    private static string Read(ISerializationWriter writer)
    {
        using var content = writer.GetSerializedContent();
        using var reader = new StreamReader(content, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    // A model with every property set: strings, numbers, booleans, the last value of each enum, nested models and lists
    // two levels deep, and additional data of several kinds.
    private static object Fill(Type type, int depth)
    {
        var model = Activator.CreateInstance(type)!;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            if (SampleFor(property.PropertyType, property.Name, depth) is { } value)
            {
                property.SetValue(model, value);
            }
        }

        return model;
    }

    private static object? SampleFor(Type type, string name, int depth)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (name == "AdditionalData")
        {
            return new Dictionary<string, object>
            {
                ["text"] = "é \"quoted\" <b>",
                ["count"] = 3,
                ["big"] = 9_007_199_254_740_993L,
                ["ratio"] = 0.1,
                ["flag"] = true,
                ["nothing"] = null!,
                ["list"] = new List<object> { "a", 1 },
                ["when"] = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero),
            };
        }

        if (underlying == typeof(string))
        {
            return name + " ✓";
        }

        if (underlying.IsEnum)
        {
            return Enum.GetValues(underlying).GetValue(Enum.GetValues(underlying).Length - 1);
        }

        if (underlying == typeof(long))
        {
            return 1_700_000_000L;
        }

        if (underlying == typeof(int))
        {
            return 7;
        }

        if (underlying == typeof(bool))
        {
            return true;
        }

        if (underlying == typeof(double))
        {
            return 2.5;
        }

        if (depth < 2 && typeof(IParsable).IsAssignableFrom(underlying) && !underlying.IsAbstract)
        {
            return Fill(underlying, depth + 1);
        }

        if (depth < 2 && underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(List<>))
        {
            var element = underlying.GetGenericArguments()[0];
            var list = (IList)Activator.CreateInstance(underlying)!;
            if (SampleFor(element, name, depth + 1) is { } item)
            {
                list.Add(item);
            }

            return list;
        }

        return null;
    }
}
