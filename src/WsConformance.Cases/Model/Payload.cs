using System.Text;

namespace WsConformance.Cases.Model;

/// <summary>
/// Bytes a step sends or an expectation compares against. Large payloads are described, not stored:
/// a pattern repeated (and cut) to an exact length, as Autobahn's <c>payload_len</c> does.
/// </summary>
public abstract record PayloadSpec
{
    /// <summary>Total number of bytes this payload stands for.</summary>
    public abstract long Length { get; }

    /// <summary>Materialises the payload. Callers of multi-megabyte payloads call this once per case.</summary>
    public abstract byte[] ToBytes();

    /// <summary>The payload in consecutive pieces, without materialising all of it at once where possible.</summary>
    public virtual IEnumerable<ReadOnlyMemory<byte>> Pieces() => [ToBytes()];

    /// <summary>The empty payload.</summary>
    public static PayloadSpec Empty { get; } = new BytesPayload([]);

    public static PayloadSpec FromText(string text) => new BytesPayload(Encoding.UTF8.GetBytes(text));
}

/// <summary>Literal bytes (from <c>text:</c> or <c>hex:</c> in a case file).</summary>
public sealed record BytesPayload(byte[] Bytes) : PayloadSpec
{
    public override long Length => Bytes.Length;

    public override byte[] ToBytes() => Bytes;

    public bool Equals(BytesPayload? other) => other is not null && Bytes.AsSpan().SequenceEqual(other.Bytes);

    public override int GetHashCode() => Bytes.Length;
}

/// <summary><paramref name="Pattern"/> repeated and cut to exactly <paramref name="TotalLength"/> bytes.</summary>
public sealed record RepeatedPayload(byte[] Pattern, long TotalLength) : PayloadSpec
{
    public override long Length => TotalLength;

    public override byte[] ToBytes()
    {
        var bytes = new byte[TotalLength];
        if (Pattern.Length == 0)
        {
            return bytes;
        }

        for (var offset = 0; offset < bytes.Length; offset += Pattern.Length)
        {
            var count = (int)Math.Min(Pattern.Length, bytes.Length - offset);
            Pattern.AsSpan(0, count).CopyTo(bytes.AsSpan(offset));
        }

        return bytes;
    }

    /// <summary>Pieces of about <see cref="PieceSize"/> bytes that all reuse one buffer of whole patterns.</summary>
    public override IEnumerable<ReadOnlyMemory<byte>> Pieces()
    {
        if (Pattern.Length == 0 || TotalLength <= PieceSize)
        {
            yield return ToBytes();
            yield break;
        }

        var piece = new RepeatedPayload(Pattern, PieceSize / Pattern.Length * Pattern.Length).ToBytes();
        for (var offset = 0L; offset < TotalLength; offset += piece.Length)
        {
            yield return piece.AsMemory(0, (int)Math.Min(piece.Length, TotalLength - offset));
        }
    }

    private const int PieceSize = 1024 * 1024;

    public bool Equals(RepeatedPayload? other) =>
        other is not null && TotalLength == other.TotalLength && Pattern.AsSpan().SequenceEqual(other.Pattern);

    public override int GetHashCode() => HashCode.Combine(TotalLength, Pattern.Length);
}

/// <summary>
/// <paramref name="Inner"/> compressed as one permessage-deflate message (raw DEFLATE, 15-bit window, fresh
/// context, the 0x00 0x00 0xff 0xff tail removed: RFC 7692 §7.2.1), to be sent by hand in frames with RSV1.
/// A small payload of this kind can stand for gigabytes (a decompression bomb).
/// </summary>
public sealed record DeflatedPayload(PayloadSpec Inner) : PayloadSpec
{
    private byte[]? _compressed;

    public override long Length => ToBytes().Length;

    public override byte[] ToBytes()
    {
        if (_compressed is null)
        {
            using var deflater = new WsConformance.Protocol.Compression.MessageDeflater();
            _compressed = deflater.CompressPieces(Inner.Pieces());
        }

        return _compressed;
    }

    public bool Equals(DeflatedPayload? other) => other is not null && Inner.Equals(other.Inner);

    public override int GetHashCode() => Inner.GetHashCode();
}
