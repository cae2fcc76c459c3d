using WsConformance.Cases.Model;

namespace WsConformance.Engine.Running;

/// <summary>
/// Everything that changes a slice's compressed bytes: our side's window bits and the zlib level. Nothing else
/// does: slices are always compressed on their own, without back references (<see cref="StepExecutor"/>), so
/// context takeover and the role we play (beyond which side's window bits apply) leave the bytes unchanged.
/// </summary>
internal readonly record struct CompressionVariant(int WindowBits, int Level);

/// <summary>
/// One case's readers of a <see cref="CompressedSliceCache"/>: each <c>echo_rounds</c> step reads its slices in
/// order; disposing passes whatever a step did not read, so slices no one else needs are released.
/// </summary>
internal sealed class SliceCacheLease : IDisposable
{
    private readonly CompressedSliceCache _cache;
    private readonly Dictionary<EchoRoundsStep, int> _nextIndex = new(ReferenceEqualityComparer.Instance);

    public SliceCacheLease(CompressedSliceCache cache, IEnumerable<EchoRoundsStep> readers)
    {
        _cache = cache;
        foreach (var rounds in readers)
        {
            _nextIndex[rounds] = 0;
        }
    }

    /// <summary>Round <paramref name="index"/>'s compressed slice for <paramref name="rounds"/> (see <see cref="CompressedSliceCache.GetOrCompress"/>).</summary>
    public ReadOnlyMemory<byte> GetOrCompress(EchoRoundsStep rounds, int index, CompressionVariant variant, Func<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>> compress)
    {
        if (!_nextIndex.TryGetValue(rounds, out var next) || index < next)
        {
            return compress(rounds.Slices!.Slice(index));
        }

        _cache.PassRange(rounds.Slices!, next, index);
        _nextIndex[rounds] = index + 1;
        return _cache.GetOrCompress(rounds.Slices!, index, variant, compress);
    }

    public void Dispose()
    {
        foreach (var (rounds, next) in _nextIndex)
        {
            _cache.PassRange(rounds.Slices!, next, rounds.Count);
        }

        _nextIndex.Clear();
    }
}
