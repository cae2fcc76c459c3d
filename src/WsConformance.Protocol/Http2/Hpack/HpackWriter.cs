using System.Buffers;
using System.Text;

namespace WsConformance.Protocol.Http2.Hpack;

/// <summary>
/// Writes single HPACK representations (RFC 7541 §5, §6) exactly as asked: indexes and sizes are not checked
/// against any table and a string's Huffman flag and length can lie, so broken header blocks can be built too.
/// <see cref="HpackEncoder"/> uses it to write conforming blocks.
/// </summary>
public static class HpackWriter
{
    private const byte IndexedPattern = 0x80;
    private const int IndexedPrefix = 7;
    private const byte WithIndexingPattern = 0x40;
    private const int WithIndexingPrefix = 6;
    private const byte SizeUpdatePattern = 0x20;
    private const int SizeUpdatePrefix = 5;
    private const byte NeverIndexedPattern = 0x10;
    private const byte WithoutIndexingPattern = 0x00;
    private const int LiteralPrefix = 4;
    private const byte HuffmanFlag = 0x80;
    private const int StringLengthPrefix = 7;

    /// <summary>An indexed field (§6.1); 0 or an index past the tables makes a broken block.</summary>
    public static void WriteIndexed(IBufferWriter<byte> destination, long index) =>
        HpackInteger.Write(destination, index, IndexedPrefix, IndexedPattern);

    /// <summary>A dynamic table size update (§6.3).</summary>
    public static void WriteTableSizeUpdate(IBufferWriter<byte> destination, long maxSize) =>
        HpackInteger.Write(destination, maxSize, SizeUpdatePrefix, SizeUpdatePattern);

    /// <summary>
    /// A literal field (§6.2): the name by <paramref name="nameIndex"/>, or, when it is 0, as the string
    /// <paramref name="name"/>; then the value. <paramref name="representation"/> must be a literal one.
    /// </summary>
    public static void WriteLiteral(
        IBufferWriter<byte> destination, HpackRepresentation representation, long nameIndex, string? name, string value, bool huffman)
    {
        WriteLiteralPrefix(destination, representation, nameIndex);
        if (nameIndex == 0)
        {
            ArgumentNullException.ThrowIfNull(name);
            WriteString(destination, name, huffman);
        }

        WriteString(destination, value, huffman);
    }

    /// <summary>
    /// The first octets of a literal field (§6.2): its pattern and the name index, 0 announcing a literal name.
    /// The name (if any) and value strings must follow.
    /// </summary>
    public static void WriteLiteralPrefix(IBufferWriter<byte> destination, HpackRepresentation representation, long nameIndex)
    {
        (byte pattern, int prefix) = representation switch
        {
            HpackRepresentation.LiteralWithIndexing => (WithIndexingPattern, WithIndexingPrefix),
            HpackRepresentation.LiteralWithoutIndexing => (WithoutIndexingPattern, LiteralPrefix),
            HpackRepresentation.LiteralNeverIndexed => (NeverIndexedPattern, LiteralPrefix),
            _ => throw new ArgumentOutOfRangeException(nameof(representation), representation, "An indexed field has no literal form."),
        };
        HpackInteger.Write(destination, nameIndex, prefix, pattern);
    }

    /// <summary>A string literal (§5.2) of the Latin-1 octets of <paramref name="value"/>, Huffman-coded or not.</summary>
    public static void WriteString(IBufferWriter<byte> destination, string value, bool huffman)
    {
        byte[] octets = Encoding.Latin1.GetBytes(value);
        if (!huffman)
        {
            WriteRawString(destination, octets, huffmanFlag: false);
            return;
        }

        int length = HpackHuffman.GetEncodedLength(octets);
        HpackInteger.Write(destination, length, StringLengthPrefix, HuffmanFlag);
        destination.Advance(HpackHuffman.Encode(octets, destination.GetSpan(length)));
    }

    /// <summary>
    /// A string literal of <paramref name="octets"/> as they are, under any Huffman flag, announcing
    /// <paramref name="declaredLength"/> (null = the octets' length): invalid Huffman data or a string longer than
    /// the block can be written this way.
    /// </summary>
    public static void WriteRawString(IBufferWriter<byte> destination, ReadOnlySpan<byte> octets, bool huffmanFlag, long? declaredLength = null)
    {
        HpackInteger.Write(destination, declaredLength ?? octets.Length, StringLengthPrefix, huffmanFlag ? HuffmanFlag : (byte)0);
        destination.Write(octets);
    }

    /// <summary>The first-octet pattern bits of a representation, as <see cref="HpackDecoder"/> tells them apart.</summary>
    internal static (HpackRepresentation? Representation, int PrefixBits) Classify(byte firstOctet) => firstOctet switch
    {
        >= IndexedPattern => (HpackRepresentation.Indexed, IndexedPrefix),
        >= WithIndexingPattern => (HpackRepresentation.LiteralWithIndexing, WithIndexingPrefix),
        >= SizeUpdatePattern => (null, SizeUpdatePrefix),
        >= NeverIndexedPattern => (HpackRepresentation.LiteralNeverIndexed, LiteralPrefix),
        _ => (HpackRepresentation.LiteralWithoutIndexing, LiteralPrefix),
    };

    /// <summary>Whether a string literal's first octet sets the Huffman flag, and its length's prefix size.</summary>
    internal static (bool Huffman, int PrefixBits) ClassifyString(byte firstOctet) =>
        ((firstOctet & HuffmanFlag) != 0, StringLengthPrefix);
}
