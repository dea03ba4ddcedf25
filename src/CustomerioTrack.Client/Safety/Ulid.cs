using System.Buffers.Binary;
using System.Security.Cryptography;

namespace CustomerioTrack.Client;

/// <summary>Generates ULIDs (26 Crockford base32 characters: 48-bit millisecond time, 80 random bits), the format Customer.io uses to de-duplicate events.</summary>
public static class Ulid
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int RandomBytes = 10;

    // One call to the system CSPRNG costs about 2 µs on Linux (measured: docs/benchmarks.md), more than the rest
    // of an event's id handling; drawing 64 ids' worth at once keeps the bits cryptographic at a fraction of the cost.
    private const int IdsPerDraw = 64;

    [ThreadStatic]
    private static byte[]? t_entropy;

    [ThreadStatic]
    private static int t_taken;

    /// <summary>A new ULID for the current time.</summary>
    public static string NewUlid() => NewUlid(DateTimeOffset.UtcNow);

    /// <summary>A new ULID for a given time.</summary>
    public static string NewUlid(DateTimeOffset time)
    {
        Span<byte> bytes = stackalloc byte[16];
        var milliseconds = (ulong)time.ToUnixTimeMilliseconds();
        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)(milliseconds & 0xFF);
            milliseconds >>= 8;
        }

        TakeRandom(bytes[6..]);
        Span<char> text = stackalloc char[26];
        // 128 bits as 26 five-bit groups, most significant first (the first group holds 3 bits).
        var value = new UInt128(BinaryPrimitives.ReadUInt64BigEndian(bytes[..8]), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
        for (var i = 25; i >= 0; i--)
        {
            text[i] = Alphabet[(int)(value & 0x1F)];
            value >>= 5;
        }

        return new string(text);
    }

    private static void TakeRandom(Span<byte> destination)
    {
        var entropy = t_entropy;
        if (entropy is null || t_taken == entropy.Length)
        {
            entropy = t_entropy ??= new byte[RandomBytes * IdsPerDraw];
            RandomNumberGenerator.Fill(entropy);
            t_taken = 0;
        }

        var taken = entropy.AsSpan(t_taken, RandomBytes);
        taken.CopyTo(destination);
        // Handed out once: never reused, and not left behind in memory.
        taken.Clear();
        t_taken += RandomBytes;
    }

    /// <summary>True for a 26-character Crockford base32 string that fits in 128 bits.</summary>
    public static bool IsValid(string? value) =>
        value is { Length: 26 } && value[0] <= '7' && value.All(c => Alphabet.Contains(char.ToUpperInvariant(c), StringComparison.Ordinal));
}
