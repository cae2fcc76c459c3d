using System.Security.Cryptography;

namespace WsConformance.Cases.Model;

/// <summary>
/// A corpus that messages are cut from (Autobahn 12.x/13.x). A text corpus is cut by characters (Unicode
/// code points), so a cut never splits a UTF-8 sequence and a message may have more bytes than characters;
/// a binary corpus is cut by bytes.
/// </summary>
public sealed class DataSet
{
    private readonly int[]? _characterStarts;

    /// <param name="name">A name for reports, e.g. <c>json</c> or a file name.</param>
    /// <param name="bytes">The corpus.</param>
    /// <param name="isText">Cut by characters (the bytes must be UTF-8) instead of bytes.</param>
    public DataSet(string name, byte[] bytes, bool isText)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Name = name;
        Bytes = bytes;
        IsText = isText;
        _characterStarts = isText ? CharacterStarts(bytes) : null;
    }

    public string Name { get; }

    public byte[] Bytes { get; }

    public bool IsText { get; }

    /// <summary>Number of characters (text) or bytes (binary) the corpus is cut in.</summary>
    public int UnitCount => _characterStarts is null ? Bytes.Length : _characterStarts.Length - 1;

    /// <summary>
    /// The <paramref name="index"/>-th message of <paramref name="size"/> units when the corpus is cut one message after
    /// the other, wrapping around at its end: units [index·size mod N, +size), as Autobahn's <c>payloadRXPtr</c> moves.
    /// </summary>
    /// <remarks>A slice that does not wrap around is a view of <see cref="Bytes"/>, not a copy.</remarks>
    public ReadOnlyMemory<byte> Slice(int index, int size)
    {
        if (size == 0 || UnitCount == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        var unit = (int)((long)index * size % UnitCount);
        if (size <= UnitCount - unit)
        {
            return Bytes.AsMemory(ByteOffset(unit), ByteOffset(unit + size) - ByteOffset(unit));
        }

        var output = new List<byte>(size);
        var remaining = size;
        while (remaining > 0)
        {
            var take = Math.Min(remaining, UnitCount - unit);
            output.AddRange(Bytes.AsSpan(ByteOffset(unit), ByteOffset(unit + take) - ByteOffset(unit)));
            remaining -= take;
            unit = 0;
        }

        return output.ToArray();
    }

    private int ByteOffset(int unit) => _characterStarts is null ? unit : _characterStarts[unit];

    /// <summary>Byte offsets where each character starts, plus the end.</summary>
    private static int[] CharacterStarts(byte[] utf8)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            throw new ArgumentException("A text data set must be valid UTF-8.", nameof(utf8));
        }

        var starts = new List<int>(utf8.Length + 1);
        for (var i = 0; i < utf8.Length; i++)
        {
            // Continuation bytes are 10xxxxxx; every other byte starts a character.
            if ((utf8[i] & 0xC0) != 0x80)
            {
                starts.Add(i);
            }
        }

        starts.Add(utf8.Length);
        return [.. starts];
    }
}

/// <summary>
/// Messages of <paramref name="Size"/> units cut one after the other from <paramref name="Data"/>; message
/// <c>i</c> of an <c>echo_rounds</c> step is <see cref="Slice"/>(i). The SHA-1 of each is kept once computed, so
/// echoes whose content is not kept can still be compared.
/// </summary>
public sealed record DataSlices(DataSet Data, int Size)
{
    private readonly Lock _gate = new();
    private byte[]?[] _digests = [];

    public ReadOnlyMemory<byte> Slice(int index) => Data.Slice(index, Size);

    /// <summary>SHA-1 of message <paramref name="index"/> (Autobahn compares echoes by SHA-1).</summary>
    public byte[] Sha1(int index)
    {
        lock (_gate)
        {
            if (index >= _digests.Length)
            {
                Array.Resize(ref _digests, Math.Max(index + 1, _digests.Length * 2));
            }

#pragma warning disable CA5350 // SHA-1 identifies content here (as in Autobahn's reports); it protects nothing.
            return _digests[index] ??= SHA1.HashData(Slice(index).Span);
#pragma warning restore CA5350
        }
    }

    public bool Equals(DataSlices? other) => other is not null && ReferenceEquals(Data, other.Data) && Size == other.Size;

    public override int GetHashCode() => HashCode.Combine(Data.Name, Size);
}
