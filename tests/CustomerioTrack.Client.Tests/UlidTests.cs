using System.Collections.Concurrent;

namespace CustomerioTrack.Client.Tests;

/// <summary>
/// Event ids are how Customer.io de-duplicates a retried event: two events must never share one, and the 80 random bits
/// must stay random although they are drawn from the CSPRNG in blocks.
/// </summary>
public sealed class UlidTests
{
    private const string Crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    [Fact]
    public void The_first_ten_characters_encode_the_millisecond_time()
    {
        // The example from the ULID specification's reference implementation.
        var id = Ulid.NewUlid(DateTimeOffset.FromUnixTimeMilliseconds(1469918176385));

        Assert.StartsWith("01ARYZ6S41", id, StringComparison.Ordinal);
        Assert.Equal(26, id.Length);
        Assert.True(Ulid.IsValid(id));
    }

    [Fact]
    public void Time_round_trips_through_the_prefix()
    {
        var time = new DateTimeOffset(2026, 11, 29, 5, 0, 0, 123, TimeSpan.Zero);

        Assert.Equal(time.ToUnixTimeMilliseconds(), (long)Decode(Ulid.NewUlid(time)[..10]));
    }

    [Fact]
    public void A_hundred_thousand_ids_from_one_thread_never_repeat_their_random_part()
    {
        // Far more ids than one block of drawn randomness holds: a block reused or handed out twice would repeat here.
        var time = DateTimeOffset.UnixEpoch.AddYears(50);
        var randomParts = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 100_000; i++)
        {
            Assert.True(randomParts.Add(Ulid.NewUlid(time)[10..]), $"id {i} repeated an earlier id's random part");
        }
    }

    [Fact]
    public async Task Ids_made_on_parallel_threads_never_repeat()
    {
        var seen = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var time = DateTimeOffset.UnixEpoch.AddYears(50);
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                Assert.True(seen.TryAdd(Ulid.NewUlid(time), true));
            }
        }));

        await Task.WhenAll(workers);
        Assert.Equal(80_000, seen.Count);
    }

    [Fact]
    public void Every_random_bit_is_set_in_about_half_of_the_ids()
    {
        // A zeroed, constant or reused block shows as bits that are always or never set.
        const int Ids = 20_000;
        var ones = new int[80];
        var time = DateTimeOffset.UnixEpoch.AddYears(50);
        for (var i = 0; i < Ids; i++)
        {
            var random = Decode(Ulid.NewUlid(time)[10..]);
            for (var bit = 0; bit < 80; bit++)
            {
                if (((random >> bit) & 1) == 1)
                {
                    ones[bit]++;
                }
            }
        }

        for (var bit = 0; bit < 80; bit++)
        {
            // Binomial(20000, 0.5): the standard deviation is about 71, so ±1000 is 14 standard deviations.
            Assert.InRange(ones[bit], Ids / 2 - 1000, Ids / 2 + 1000);
        }
    }

    private static UInt128 Decode(string text)
    {
        UInt128 value = 0;
        foreach (var c in text)
        {
            value = (value << 5) | (uint)Crockford.IndexOf(c, StringComparison.Ordinal);
        }

        return value;
    }
}
