using WsConformance.Cases;
using WsConformance.Cases.Model;
using WsConformance.Engine.Running;

namespace WsConformance.Engine.Tests.Running;

/// <summary>
/// The run-wide cache of compressed slices: a slice is compressed once for all the cases that send it, and held only
/// until the last of them has passed it, so a run's memory follows how far apart its readers are, not its size.
/// </summary>
public sealed class CompressedSliceCacheTests
{
    private const int Rounds = 3;
    private static readonly CompressionVariant Window12 = new(12, 1);

    /// <summary>Three messages cut from the json data set in <paramref name="size"/>-character slices.</summary>
    private static CaseDefinition SlicedCase(string id, int size = 16) => Assert.Single(CatalogLoader.Parse($$"""
        section: test
        title: T
        cases:
          - id: {{id}}
            title: t
            rfc: { document: RFC 7692, section: "7", level: MUST, text: "x" }
            bulk: true
            steps: [ { echo_rounds: { count: {{Rounds}}, type: text, slices: { data: json, size: {{size}} } } } ]
            expect: { OK: [] }
            close: { by: harness, codes: [1000], clean: optional }
        """, "test.yaml").Cases);

    private static EchoRoundsStep RoundsOf(CaseDefinition definition) => Assert.Single(definition.Steps.OfType<EchoRoundsStep>());

    /// <summary>Stands in for the deflater: counts calls and returns the slice itself as "compressed" bytes.</summary>
    private sealed class CountingCompressor
    {
        public int Calls { get; private set; }

        public ReadOnlyMemory<byte> Compress(ReadOnlyMemory<byte> slice)
        {
            Calls++;
            return slice.ToArray();
        }
    }

    [Fact]
    public void Readers_of_the_same_slices_compress_each_once_and_the_last_reader_releases_them()
    {
        var (first, second) = (SlicedCase("a"), SlicedCase("b"));
        var cache = new CompressedSliceCache([first, second]);
        var compressor = new CountingCompressor();
        using var leaseA = cache.Lease(first);
        using var leaseB = cache.Lease(second);

        var fromA = Enumerable.Range(0, Rounds).Select(i => leaseA.GetOrCompress(RoundsOf(first), i, Window12, compressor.Compress).ToArray()).ToList();
        var heldBetween = cache.Bytes;
        var fromB = Enumerable.Range(0, Rounds).Select(i => leaseB.GetOrCompress(RoundsOf(second), i, Window12, compressor.Compress).ToArray()).ToList();

        Assert.Equal(Rounds, compressor.Calls);
        Assert.Equal(fromA, fromB);
        Assert.Equal(fromA.Sum(bytes => bytes.Length), heldBetween);
        Assert.Equal(0, cache.Bytes);
    }

    [Fact]
    public void Slices_only_one_case_sends_are_never_kept()
    {
        var only = SlicedCase("a");
        var cache = new CompressedSliceCache([only, SlicedCase("c", size: 64)]);
        var compressor = new CountingCompressor();
        using var lease = cache.Lease(only);

        lease.GetOrCompress(RoundsOf(only), 0, Window12, compressor.Compress);

        Assert.Equal(1, compressor.Calls);
        Assert.Equal(0, cache.Bytes);
    }

    [Fact]
    public void A_case_that_ends_early_releases_the_slices_it_did_not_read()
    {
        var (reader, quitter) = (SlicedCase("a"), SlicedCase("b"));
        var cache = new CompressedSliceCache([reader, quitter]);
        var compressor = new CountingCompressor();
        using var readerLease = cache.Lease(reader);
        var quitterLease = cache.Lease(quitter);

        readerLease.GetOrCompress(RoundsOf(reader), 0, Window12, compressor.Compress);
        Assert.True(cache.Bytes > 0);
        quitterLease.Dispose();

        Assert.Equal(0, cache.Bytes);
    }

    [Fact]
    public void A_slice_compressed_with_another_window_is_not_shared()
    {
        var (first, second) = (SlicedCase("a"), SlicedCase("b"));
        var cache = new CompressedSliceCache([first, second]);
        var compressor = new CountingCompressor();
        using var leaseA = cache.Lease(first);
        using var leaseB = cache.Lease(second);

        leaseA.GetOrCompress(RoundsOf(first), 0, Window12, compressor.Compress);
        leaseB.GetOrCompress(RoundsOf(second), 0, Window12 with { WindowBits = 9 }, compressor.Compress);

        Assert.Equal(2, compressor.Calls);
        Assert.Equal(0, cache.Bytes);
    }

    /// <summary>
    /// A served client may run a case again, or a second agent may: the counts made for one pass then run out
    /// early, which may cost a recompression but never yields another round's slice or keeps bytes no one reads.
    /// </summary>
    [Fact]
    public void Cases_run_again_or_out_of_order_always_get_their_own_slices_and_release_them()
    {
        var (first, second) = (SlicedCase("a"), SlicedCase("b"));
        var cache = new CompressedSliceCache([first, second]);
        var compressor = new CountingCompressor();
        (CaseDefinition Case, int[] Order)[] runs = [(first, [0, 1, 2]), (first, [2, 1, 0]), (second, [1, 0, 2]), (first, [0, 2, 1])];

        foreach (var (definition, order) in runs)
        {
            using var lease = cache.Lease(definition);
            foreach (var round in order)
            {
                var sent = lease.GetOrCompress(RoundsOf(definition), round, Window12, compressor.Compress);
                Assert.Equal(RoundsOf(definition).Slices!.Slice(round).ToArray(), sent.ToArray());
            }
        }

        Assert.Equal(0, cache.Bytes);
    }

    [Fact]
    public void Nothing_is_kept_beyond_the_budget()
    {
        var (first, second) = (SlicedCase("a"), SlicedCase("b"));
        var firstSlice = RoundsOf(first).Slices!.Slice(0).Length;
        var cache = new CompressedSliceCache([first, second], maxBytes: firstSlice);
        var compressor = new CountingCompressor();
        using var leaseA = cache.Lease(first);

        for (var round = 0; round < Rounds; round++)
        {
            leaseA.GetOrCompress(RoundsOf(first), round, Window12, compressor.Compress);
        }

        Assert.Equal(firstSlice, cache.Bytes);
    }
}
