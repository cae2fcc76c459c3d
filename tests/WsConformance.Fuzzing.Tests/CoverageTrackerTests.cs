using WsConformance.Fuzzing.Coverage;

namespace WsConformance.Fuzzing.Tests;

public sealed class CoverageTrackerTests
{
    private const int Seed = 0xAF1;
    private const int Rounds = 400;

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(7, 8)]
    [InlineData(8, 16)]
    [InlineData(15, 16)]
    [InlineData(16, 32)]
    [InlineData(31, 32)]
    [InlineData(32, 64)]
    [InlineData(127, 64)]
    [InlineData(128, 128)]
    [InlineData(255, 128)]
    public void Hit_counts_fall_into_afls_buckets(int count, int bucket) =>
        Assert.Equal(bucket, CoverageTracker.BucketOf((byte)count));

    [Fact]
    public void Merging_finds_exactly_the_new_edges_and_buckets_of_a_scalar_model_lists_the_hit_entries_and_clears_the_map()
    {
        using CoverageMap map = CoverageMap.Allocate();
        var tracker = new CoverageTracker(map.Size);
        var seen = new byte[map.Size];
        int edges = 0;
        var random = new Random(Seed);
        var hits = new List<(int Entry, byte Count)>();
        int unchanged = 0;
        for (int round = 0; round < Rounds; round++)
        {
            // Sparse like a real run, with hot entries near each other and at both ends of the map; every other
            // round repeats the last one, which then finds nothing new.
            if (round % 2 == 0)
            {
                hits.Clear();
                for (int hit = random.Next(1, 300); hit > 0; hit--)
                {
                    int entry = random.Next(4) == 0 ? (random.Next(2) * (map.Size - 64)) + random.Next(64) : random.Next(map.Size);
                    hits.Add((entry, (byte)random.Next(1, 256)));
                }
            }

            foreach ((int entry, byte count) in hits)
            {
                map.Span[entry] = count;
            }

            bool expected = false;
            for (int entry = 0; entry < map.Size; entry++)
            {
                byte bucket = Reference(map.Span[entry]);
                if ((bucket & ~seen[entry]) != 0)
                {
                    edges += seen[entry] == 0 ? 1 : 0;
                    seen[entry] |= bucket;
                    expected = true;
                }
            }

            unchanged += expected ? 0 : 1;
            Assert.Equal(expected, tracker.MergeAndClear(map));
            Assert.Equal(edges, tracker.Edges);
            Assert.Equal(hits.Select(hit => hit.Entry).Distinct().Order(), tracker.LastRunEntries.ToArray());
            Assert.Equal(0, map.CountNonZero());
        }

        Assert.InRange(unchanged, Rounds / 2, Rounds - 1);
        Assert.False(tracker.MergeAndClear(map));
    }

    private static byte Reference(byte count) => count switch
    {
        0 => 0,
        1 => 1,
        2 => 2,
        3 => 4,
        <= 7 => 8,
        <= 15 => 16,
        <= 31 => 32,
        <= 127 => 64,
        _ => 128,
    };
}
