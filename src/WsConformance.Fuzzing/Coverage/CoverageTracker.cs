using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace WsConformance.Fuzzing.Coverage;

/// <summary>
/// Keeps the union of AFL hit-count buckets seen per edge and tells whether a run found something new. Hit
/// counts are bucketed like AFL (1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128+), so a loop running more often is new
/// coverage but 5 vs 6 iterations is not.
/// </summary>
/// <remarks>
/// This runs after every execution, so it reads as little as it can: the probes mark each 64-byte map chunk they
/// write in a summary (<see cref="CoverageMap.Touched"/>, 1 KiB for a 64 KiB map), and a run touches a few hundred
/// chunks. The summary is swept with vector compares, each chunk it names gives a bit per non-zero entry, and only
/// those entries are bucketed (one table lookup) and compared with the seen buckets; then the chunks and the
/// summary are zeroed with vector stores. Reading all 64 KiB instead cost about as much as the run itself.
/// </remarks>
public sealed unsafe class CoverageTracker
{
    private const int Chunk = 64;

    private readonly int _size;

    /// <summary>Seen buckets per map entry, on the pinned heap so the sweep can use a plain pointer.</summary>
    private readonly byte[] _seenBuckets;
    private readonly byte* _seen;
    private readonly int[] _lastRun;
    private int _lastRunCount;

    /// <summary>A tracker for maps of <paramref name="mapSize"/> bytes (a power of two, at least 64).</summary>
    public CoverageTracker(int mapSize)
    {
        if (mapSize < Chunk || (mapSize & (mapSize - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(mapSize), mapSize, $"The map size must be a power of two of at least {Chunk}.");
        }

        _size = mapSize;
        _seenBuckets = GC.AllocateArray<byte>(mapSize, pinned: true);
        _seen = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_seenBuckets));
        _lastRun = new int[mapSize];
    }

    /// <summary>Edges (map entries) ever hit.</summary>
    public int Edges { get; private set; }

    /// <summary>The map entries the last merged run hit, in map order (valid until the next merge).</summary>
    public ReadOnlySpan<int> LastRunEntries => _lastRun.AsSpan(0, _lastRunCount);

    /// <summary>AFL's bucket of each hit count (a single bit; 0 for no hit).</summary>
    private static ReadOnlySpan<byte> Buckets =>
    [
        0, 1, 2, 4, 8, 8, 8, 8, 16, 16, 16, 16, 16, 16, 16, 16,
        32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
        64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64,
        64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64,
        64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64,
        64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64,
        64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64,
        64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64,
        128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
        128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
        128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
        128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
        128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
        128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
        128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
        128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
    ];

    /// <summary>The AFL bucket of a hit count.</summary>
    public static byte BucketOf(byte count) => Buckets[count];

    /// <summary>
    /// Merges the run's counts into the seen buckets and zeroes the map and its summary for the next run; true when
    /// an edge or a bucket was seen for the first time. Only chunks marked in the summary are read, as the probes
    /// mark every chunk they count into.
    /// </summary>
    /// <remarks>
    /// Fully optimised from the first call: tiered compilation would run it unoptimised for the first second or
    /// so of a run (call counting waits while new code is still being compiled, which a fuzzer keeps doing).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool MergeAndClear(CoverageMap map)
    {
        // Locals rather than fields in the loop: this is the hottest loop of the engine.
        bool found = false;
        int newEdges = 0;
        int hit = 0;
        int[] lastRun = _lastRun;
        byte* seenStart = _seen;
        byte* start = map.Pointer;
        int chunks = Math.Min(map.Size, _size) / Chunk;
        for (int summaryOffset = 0; summaryOffset < map.TouchedSize; summaryOffset += Chunk)
        {
            byte* summary = map.Touched + summaryOffset;
            ulong touchedChunks = NonZeroEntries(summary);
            if (touchedChunks == 0)
            {
                continue;
            }

            ClearChunk(summary);
            do
            {
                int chunk = summaryOffset + BitOperations.TrailingZeroCount(touchedChunks);
                touchedChunks &= touchedChunks - 1;
                if (chunk >= chunks)
                {
                    break; // the summary's padding past a map smaller than 4 KiB
                }

                int offset = chunk * Chunk;
                byte* counts = start + offset;
                ulong touched = NonZeroEntries(counts);
                byte* seen = seenStart + offset;
                while (touched != 0)
                {
                    int index = BitOperations.TrailingZeroCount(touched);
                    lastRun[hit++] = offset + index;
                    byte bucket = Buckets[counts[index]];
                    byte before = seen[index];
                    if ((bucket & ~before) != 0)
                    {
                        newEdges += before == 0 ? 1 : 0;
                        seen[index] = (byte)(before | bucket);
                        found = true;
                    }

                    touched &= touched - 1;
                }

                ClearChunk(counts);
            }
            while (touchedChunks != 0);
        }

        _lastRunCount = hit;
        Edges += newEdges;
        return found;
    }

    /// <summary>One bit per non-zero byte of the 64 at <paramref name="at"/>.</summary>
    /// <remarks>Called for every touched chunk after every execution: it must be inlined.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong NonZeroEntries(byte* at)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            return ~Vector512.Equals(Vector512.Load(at), Vector512<byte>.Zero).ExtractMostSignificantBits();
        }

        if (Vector256.IsHardwareAccelerated)
        {
            ulong low = Vector256.Equals(Vector256.Load(at), Vector256<byte>.Zero).ExtractMostSignificantBits();
            ulong high = Vector256.Equals(Vector256.Load(at + 32), Vector256<byte>.Zero).ExtractMostSignificantBits();
            return ~(low | (high << 32));
        }

        ulong zero = 0;
        for (int part = 0; part < Chunk / 16; part++)
        {
            zero |= (ulong)Vector128.Equals(Vector128.Load(at + (16 * part)), Vector128<byte>.Zero).ExtractMostSignificantBits() << (16 * part);
        }

        return ~zero;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ClearChunk(byte* at)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512.Store(Vector512<byte>.Zero, at);
        }
        else
        {
            new Span<byte>(at, Chunk).Clear();
        }
    }
}
