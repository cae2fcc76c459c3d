using WsConformance.Protocol.Compression;

namespace WsConformance.Protocol.Tests.Compression;

/// <summary>Helpers that inflate whole messages, fed in chunks of a chosen size.</summary>
internal static class Inflation
{
    public static (InflateStatus Status, byte[] Message) InflateMessage(MessageInflater inflater, ReadOnlySpan<byte> compressed, int chunkSize, long limit = long.MaxValue)
    {
        var output = new List<byte>();
        var status = InflateStatus.Ok;
        for (var offset = 0; offset < compressed.Length && status == InflateStatus.Ok; offset += chunkSize)
        {
            var piece = compressed.Slice(offset, Math.Min(chunkSize, compressed.Length - offset));
            status = inflater.Inflate(piece, limit, chunk => output.AddRange(chunk.ToArray()));
        }

        if (status == InflateStatus.Ok)
        {
            status = inflater.EndMessage(limit, chunk => output.AddRange(chunk.ToArray()));
        }

        return (status, output.ToArray());
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
}
