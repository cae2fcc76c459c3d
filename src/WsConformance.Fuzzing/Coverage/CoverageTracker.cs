using System.Runtime.Intrinsics;

namespace WsConformance.Fuzzing.Coverage;

/// <summary>
/// Keeps the union of AFL hit-count buckets seen per edge and tells whether a run found something new. Hit
/// counts are bucketed like AFL (1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128+), so a loop running more often is new
/// coverage but 5 vs 6 iterations is not.
/// </summary>
public sealed unsafe class CoverageTracker
{
    private static readonly byte[] Buckets = BuildBuckets();
    private readonly byte[] _seen;

    /// <summary>A tracker for maps of <paramref name="mapSize"/> bytes.</summary>
    public CoverageTracker(int mapSize) => _seen = new byte[mapSize];

    /// <summary>Edges (map entries) ever hit.</summary>
    public int Edges { get; private set; }

    /// <summary>
    /// Merges the run's counts into the seen buckets and zeroes the map for the next run; true when an edge or
    /// a bucket was seen for the first time. Only non-zero 32-byte blocks are touched, so a sparse map costs a
    /// read-only sweep.
    /// </summary>
    public bool MergeAndClear(CoverageMap map)
    {
        bool found = false;
        byte* start = map.Pointer;
        int blocks = Math.Min(map.Size, _seen.Length) / Vector256<byte>.Count;
        for (int block = 0; block < blocks; block++)
        {
            byte* at = start + (block * Vector256<byte>.Count);
            if (Vector256.Load(at) != Vector256<byte>.Zero)
            {
                found |= MergeBlock(at, block * Vector256<byte>.Count);
            }
        }

        return found;
    }

    private bool MergeBlock(byte* at, int offset)
    {
        bool found = false;
        for (int index = 0; index < Vector256<byte>.Count; index++)
        {
            byte count = at[index];
            if (count == 0)
            {
                continue;
            }

            at[index] = 0;
            byte bucket = Buckets[count];
            byte seen = _seen[offset + index];
            if ((bucket & ~seen) != 0)
            {
                Edges += seen == 0 ? 1 : 0;
                _seen[offset + index] = (byte)(seen | bucket);
                found = true;
            }
        }

        return found;
    }

    private static byte[] BuildBuckets()
    {
        var buckets = new byte[256];
        for (int count = 1; count < 256; count++)
        {
            buckets[count] = count switch
            {
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

        return buckets;
    }
}
