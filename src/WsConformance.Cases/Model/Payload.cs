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

    public bool Equals(RepeatedPayload? other) =>
        other is not null && TotalLength == other.TotalLength && Pattern.AsSpan().SequenceEqual(other.Pattern);

    public override int GetHashCode() => HashCode.Combine(TotalLength, Pattern.Length);
}
