using WsConformance.Cases.Model;

namespace WsConformance.Engine.Running;

/// <summary>
/// Compressed data-set slices shared by the cases of one run. The harness compresses every slice on its own, without
/// back references, whatever the agreement, so a slice compresses to the same bytes for a given
/// <see cref="CompressionVariant"/> whatever came before, and sections 12/13 send the same slices many times (every
/// 13.x sub-section repeats 12.1's messages; rows 10 and 15–18 share theirs). Compressing each only once keeps the
/// harness's CPU well below the peer's.
/// </summary>
/// <remarks>
/// Memory stays low because the cache knows its readers in advance: every <c>echo_rounds</c> step of the run reads
/// its slices in order, once. A slice is kept only when another reader still has to pass it, and dropped as soon as
/// the last one has (a reader that stops early, or never compresses, passes its remaining slices when its case ends).
/// So slices live only between the fastest and the slowest reader of their family, and a family used by one case
/// alone is never kept. <see cref="MaxBytes"/> bounds the worst case (readers far apart).
/// Reader counts that turn out wrong cost sharing or memory, never correctness: a slice is only ever found under its
/// own data set, size, index and variant; readers beyond the count find nothing kept and compress themselves, and
/// slices whose readers never come stay (within <see cref="MaxBytes"/>) until the cache is dropped.
/// </remarks>
internal sealed class CompressedSliceCache
{
    /// <summary>The most compressed bytes held at once; past it, slices are compressed without being kept.</summary>
    public const long MaxBytes = 128L * 1024 * 1024;

    private readonly Dictionary<DataSlices, SliceFamily> _families = [];
    private readonly Lock _gate = new();
    private readonly long _maxBytes;
    private long _bytes;

    /// <param name="cases">Every case the run will run, once per target it runs against.</param>
    public CompressedSliceCache(IEnumerable<CaseDefinition> cases, long maxBytes = MaxBytes)
    {
        _maxBytes = maxBytes;
        foreach (var rounds in cases.SelectMany(SlicedRounds))
        {
            if (!_families.TryGetValue(rounds.Slices!, out var family))
            {
                _families[rounds.Slices!] = family = new SliceFamily();
            }

            family.AddReader(rounds.Count);
        }
    }

    /// <summary>Compressed bytes held now.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>A case's access to the cache; dispose it when the case ends, whatever happened.</summary>
    public SliceCacheLease Lease(CaseDefinition definition) => new(this, SlicedRounds(definition));

    /// <summary>The <c>echo_rounds</c> steps of a case that cut their messages from a data set.</summary>
    private static IEnumerable<EchoRoundsStep> SlicedRounds(CaseDefinition definition) =>
        definition.Steps.OfType<EchoRoundsStep>().Where(rounds => rounds.Slices is not null);

    /// <summary>
    /// Slice <paramref name="index"/> compressed with <paramref name="variant"/>: kept if another reader will pass it,
    /// else compressed by <paramref name="compress"/> (whose result may live in the caller's deflater buffer).
    /// The caller's reader has passed the slice afterwards.
    /// </summary>
    internal ReadOnlyMemory<byte> GetOrCompress(DataSlices slices, int index, CompressionVariant variant, Func<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>> compress)
    {
        var family = _families.GetValueOrDefault(slices);
        if (family is null)
        {
            return compress(slices.Slice(index));
        }

        lock (_gate)
        {
            if (family.TryGet(variant, index, out var cached))
            {
                Pass(family, index);
                return cached;
            }
        }

        var compressed = compress(slices.Slice(index));
        lock (_gate)
        {
            if (family.ReadersLeft(index) > 1 && _bytes + compressed.Length <= _maxBytes && family.TryAdd(variant, index, compressed.ToArray()))
            {
                _bytes += compressed.Length;
            }

            Pass(family, index);
        }

        return compressed;
    }

    /// <summary>A reader ended before slice <paramref name="end"/>: it passes the rest without reading them.</summary>
    internal void PassRange(DataSlices slices, int start, int end)
    {
        if (!_families.TryGetValue(slices, out var family))
        {
            return;
        }

        lock (_gate)
        {
            for (var index = start; index < end; index++)
            {
                Pass(family, index);
            }
        }
    }

    private void Pass(SliceFamily family, int index) => _bytes -= family.Pass(index);

    /// <summary>The slices of one data set and size: how many readers have yet to pass each, and the compressed ones kept.</summary>
    private sealed class SliceFamily
    {
        private readonly Dictionary<CompressionVariant, byte[]?[]> _variants = [];
        private int[] _readersLeft = [];

        public void AddReader(int count)
        {
            if (count > _readersLeft.Length)
            {
                Array.Resize(ref _readersLeft, count);
            }

            for (var index = 0; index < count; index++)
            {
                _readersLeft[index]++;
            }
        }

        public int ReadersLeft(int index) => index < _readersLeft.Length ? _readersLeft[index] : 0;

        public bool TryGet(CompressionVariant variant, int index, out byte[] compressed)
        {
            compressed = _variants.GetValueOrDefault(variant) is { } slices && index < slices.Length ? slices[index]! : null!;
            return compressed is not null;
        }

        public bool TryAdd(CompressionVariant variant, int index, byte[] compressed)
        {
            if (!_variants.TryGetValue(variant, out var slices))
            {
                _variants[variant] = slices = new byte[]?[_readersLeft.Length];
            }

            if (slices[index] is not null)
            {
                return false;
            }

            slices[index] = compressed;
            return true;
        }

        /// <summary>One reader passed slice <paramref name="index"/>; returns the bytes released when it was the last.</summary>
        public long Pass(int index)
        {
            if (index >= _readersLeft.Length || --_readersLeft[index] > 0)
            {
                return 0;
            }

            long released = 0;
            foreach (var slices in _variants.Values)
            {
                released += slices[index]?.Length ?? 0;
                slices[index] = null;
            }

            return released;
        }
    }
}
