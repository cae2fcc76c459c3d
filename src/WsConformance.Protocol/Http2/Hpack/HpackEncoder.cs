using System.Buffers;
using System.Text;

namespace WsConformance.Protocol.Http2.Hpack;

/// <summary>When <see cref="HpackEncoder"/> Huffman-codes a string literal.</summary>
public enum HuffmanPolicy
{
    /// <summary>Never: every string is sent as its octets.</summary>
    Never,

    /// <summary>Always, even when the code is longer than the octets.</summary>
    Always,

    /// <summary>When the code is not longer than the octets (what RFC 7541 Appendix C.4 and C.6 show).</summary>
    WhenNotLonger,
}

/// <summary>Whether <see cref="HpackEncoder"/> lets a field into the dynamic table (RFC 7541 §6.2).</summary>
public enum HpackIndexing
{
    /// <summary>Add it to the dynamic table (§6.2.1), or refer to an entry that matches it exactly.</summary>
    Incremental,

    /// <summary>Leave the dynamic table alone (§6.2.2), but refer to an entry that matches exactly.</summary>
    WithoutIndexing,

    /// <summary>Always a never-indexed literal (§6.2.3): for values such as credentials.</summary>
    NeverIndexed,
}

/// <summary>
/// Encodes header lists into conforming header blocks against one connection direction's dynamic table: a field that
/// is in a table is sent as its index, otherwise as a literal with the lowest matching name index (static table
/// first), so it writes RFC 7541 Appendix C byte for byte. For broken blocks, use <see cref="HpackWriter"/>.
/// </summary>
public sealed class HpackEncoder
{
    private int? _pendingSizeUpdate;

    /// <summary>An encoder whose table starts at <paramref name="maxTableSize"/> octets (the peer's SETTINGS_HEADER_TABLE_SIZE).</summary>
    public HpackEncoder(int maxTableSize = HpackDecoder.DefaultMaxTableSize, HuffmanPolicy huffman = HuffmanPolicy.WhenNotLonger)
    {
        DynamicTable = new HpackDynamicTable(maxTableSize);
        Huffman = huffman;
    }

    /// <summary>The dynamic table, as the blocks encoded so far left it (the peer's decoder holds the same).</summary>
    public HpackDynamicTable DynamicTable { get; }

    /// <summary>When strings are Huffman-coded.</summary>
    public HuffmanPolicy Huffman { get; set; }

    /// <summary>Changes the table's maximum size at the start of the next block, which then begins with a size update (§6.3).</summary>
    public void SetMaxTableSize(int maxSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSize);
        _pendingSizeUpdate = maxSize;
    }

    /// <summary>Encodes one header block; <paramref name="indexing"/> chooses per field (default: incremental).</summary>
    public byte[] Encode(IEnumerable<HeaderField> fields, Func<HeaderField, HpackIndexing>? indexing = null)
    {
        var block = new ArrayBufferWriter<byte>();
        Encode(block, fields, indexing);
        return block.WrittenSpan.ToArray();
    }

    /// <summary>Encodes one header block into <paramref name="destination"/>.</summary>
    public void Encode(IBufferWriter<byte> destination, IEnumerable<HeaderField> fields, Func<HeaderField, HpackIndexing>? indexing = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (_pendingSizeUpdate is { } maxSize)
        {
            HpackWriter.WriteTableSizeUpdate(destination, maxSize);
            DynamicTable.SetMaxSize(maxSize);
            _pendingSizeUpdate = null;
        }

        foreach (HeaderField field in fields)
        {
            EncodeField(destination, field, indexing?.Invoke(field) ?? HpackIndexing.Incremental);
        }
    }

    private void EncodeField(IBufferWriter<byte> destination, HeaderField field, HpackIndexing indexing)
    {
        if (indexing != HpackIndexing.NeverIndexed && IndexOf(field) is > 0 and int index)
        {
            HpackWriter.WriteIndexed(destination, index);
            return;
        }

        HpackRepresentation representation = indexing switch
        {
            HpackIndexing.Incremental => HpackRepresentation.LiteralWithIndexing,
            HpackIndexing.WithoutIndexing => HpackRepresentation.LiteralWithoutIndexing,
            _ => HpackRepresentation.LiteralNeverIndexed,
        };
        int nameIndex = IndexOfName(field.Name);
        HpackWriter.WriteLiteralPrefix(destination, representation, nameIndex);
        if (nameIndex == 0)
        {
            HpackWriter.WriteString(destination, field.Name, UseHuffman(field.Name));
        }

        HpackWriter.WriteString(destination, field.Value, UseHuffman(field.Value));
        if (representation == HpackRepresentation.LiteralWithIndexing)
        {
            DynamicTable.Add(field);
        }
    }

    private int IndexOf(HeaderField field) =>
        HpackStaticTable.IndexOf(field) is > 0 and int index ? index : DynamicIndex(DynamicTable.IndexOf(field));

    private int IndexOfName(string name) =>
        HpackStaticTable.IndexOfName(name) is > 0 and int index ? index : DynamicIndex(DynamicTable.IndexOfName(name));

    private static int DynamicIndex(int index) => index == 0 ? 0 : HpackStaticTable.Count + index;

    private bool UseHuffman(string value) => Huffman switch
    {
        HuffmanPolicy.Always => true,
        HuffmanPolicy.WhenNotLonger => HpackHuffman.GetEncodedLength(Encoding.Latin1.GetBytes(value)) <= value.Length,
        _ => false,
    };
}
