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
/// This runs after every execution, so it reads as little as it can: SharpFuzz's probes leave no note of where
/// they wrote, so the 64 KiB map is swept in 256-byte blocks (four vector loads OR-ed, one test), and a run
/// touches a few hundred of the 256 blocks' 64-byte chunks. Each non-zero chunk gives a bit per non-zero entry,
/// and only those entries are bucketed (one table lookup) and compared with the seen buckets; then the chunk is
/// zeroed with vector stores.
/// </remarks>
public sealed unsafe class CoverageTracker
{
    private const int Chunk = 64;

    /// <summary>Bytes tested at once for "anything hit here": four 64-byte chunks.</summary>
    private const int Block = 256;

    private readonly int _size;

    /// <summary>Seen buckets per map entry, on the pinned heap so the sweep can use a plain pointer.</summary>
    private readonly byte[] _seenBuckets;
    private readonly byte* _seen;
    private readonly int[] _lastRun;
    private int _lastRunCount;

    /// <summary>A tracker for maps of <paramref name="mapSize"/> bytes (a power of two, at least 256).</summary>
    public CoverageTracker(int mapSize)
    {
        if (mapSize < Block || (mapSize & (mapSize - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(mapSize), mapSize, $"The map size must be a power of two of at least {Block}.");
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
    /// Merges the run's counts into the seen buckets and zeroes the map for the next run; true when an edge or a
    /// bucket was seen for the first time.
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
        int size = Math.Min(map.Size, _size);
        for (int blockOffset = 0; blockOffset < size; blockOffset += Block)
        {
            if (IsZeroBlock(start + blockOffset))
            {
                continue;
            }

            for (int offset = blockOffset; offset < blockOffset + Block; offset += Chunk)
            {
                byte* counts = start + offset;
                ulong touched = NonZeroEntries(counts);
                if (touched == 0)
                {
                    continue;
                }

                byte* seen = seenStart + offset;
                do
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
                while (touched != 0);

                ClearChunk(counts);
            }
        }

        _lastRunCount = hit;
        Edges += newEdges;
        return found;
    }

    /// <summary>True when all <see cref="Block"/> bytes at <paramref name="at"/> are zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsZeroBlock(byte* at)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            return ((Vector512.Load(at) | Vector512.Load(at + 64)) | (Vector512.Load(at + 128) | Vector512.Load(at + 192))) == Vector512<byte>.Zero;
        }

        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<byte> any = Vector256<byte>.Zero;
            for (int part = 0; part < Block; part += 64)
            {
                any |= Vector256.Load(at + part) | Vector256.Load(at + part + 32);
            }

            return any == Vector256<byte>.Zero;
        }

        Vector128<byte> any128 = Vector128<byte>.Zero;
        for (int part = 0; part < Block; part += 16)
        {
            any128 |= Vector128.Load(at + part);
        }

        return any128 == Vector128<byte>.Zero;
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
