using System.Collections.Concurrent;
using WsConformance.Cases.Model;

namespace WsConformance.Engine.Running;

/// <summary>
/// Compressed data-set slices, shared by every case of a run. Under client_no_context_takeover the harness
/// resets its deflater before every message, so a slice compresses to the same bytes whatever came before, and
/// sections 12/13 send the same slices many times (every 13.x sub-section repeats 12.1's messages; rows 10 and
/// 15–18 share theirs). Compressing each only once keeps the harness's CPU well below the server's. The cache
/// stops growing at <see cref="MaxBytes"/>.
/// </summary>
internal static class CompressedSliceCache
{
    private const long MaxBytes = 256L * 1024 * 1024;

    private static readonly ConcurrentDictionary<Key, byte[]> Entries = new();
    private static long _bytes;

    /// <summary>The compressed slice, from the cache or from <paramref name="compress"/> (then kept while there is room).</summary>
    public static ReadOnlyMemory<byte> GetOrCompress(DataSlices slices, int index, int windowBits, int level, Func<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>> compress)
    {
        var key = new Key(slices.Data, slices.Size, index, windowBits, level);
        if (Entries.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var compressed = compress(slices.Slice(index));
        if (Interlocked.Read(ref _bytes) + compressed.Length <= MaxBytes && Entries.TryAdd(key, compressed.ToArray()))
        {
            Interlocked.Add(ref _bytes, compressed.Length);
        }

        return compressed;
    }

    private readonly record struct Key(DataSet Data, int Size, int Index, int WindowBits, int Level);
}
