using System.Text;

namespace WsConformance.Protocol.Http2.Hpack;

/// <summary>
/// Decodes header blocks (RFC 7541 §3) against one connection direction's dynamic table. A block is decoded whole
/// (HTTP/2 hands over a field block only once its END_HEADERS frame arrived), and every error is a value: the
/// decoder never throws on any input.
/// </summary>
/// <remarks>
/// After an error the dynamic table is in an undefined state, as it is for any HPACK peer: the connection ends with
/// COMPRESSION_ERROR (RFC 9113 §4.3), so the decoder is not used again.
/// </remarks>
public sealed class HpackDecoder
{
    /// <summary>SETTINGS_HEADER_TABLE_SIZE until this side announces otherwise (RFC 9113 §6.5.2).</summary>
    public const int DefaultMaxTableSize = 4_096;

    /// <summary>Strings this long or shorter are Huffman-decoded on the stack.</summary>
    private const int StackDecodeLimit = 256;

    private int _maxTableSizeLimit;
    private bool _sizeUpdateRequired;

    /// <summary>A decoder whose table starts at, and may never exceed, <paramref name="maxTableSizeLimit"/> octets.</summary>
    public HpackDecoder(int maxTableSizeLimit = DefaultMaxTableSize)
    {
        DynamicTable = new HpackDynamicTable(maxTableSizeLimit);
        _maxTableSizeLimit = maxTableSizeLimit;
    }

    /// <summary>The dynamic table, as the blocks decoded so far left it.</summary>
    public HpackDynamicTable DynamicTable { get; }

    /// <summary>
    /// The limit this side announced in SETTINGS_HEADER_TABLE_SIZE. Lowering it below the table's maximum size
    /// requires the next block to start with a size update (§4.2).
    /// </summary>
    public int MaxTableSizeLimit
    {
        get => _maxTableSizeLimit;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxTableSizeLimit = value;
            _sizeUpdateRequired |= value < DynamicTable.MaxSize;
        }
    }

    /// <summary>Decodes one whole header block, adding its fields to <paramref name="fields"/> in order.</summary>
    public HpackDecodeResult Decode(ReadOnlySpan<byte> block, ICollection<HpackDecodedField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        bool fieldSeen = false;
        for (int offset = 0; offset < block.Length;)
        {
            HpackError error = DecodeRepresentation(block[offset..], ref fieldSeen, fields, out int consumed);
            if (error != HpackError.None)
            {
                return new HpackDecodeResult(error, offset);
            }

            offset += consumed;
        }

        return _sizeUpdateRequired
            ? new HpackDecodeResult(HpackError.TableSizeUpdateMissing, block.Length)
            : new HpackDecodeResult(HpackError.None, block.Length);
    }

    private HpackError DecodeRepresentation(ReadOnlySpan<byte> input, ref bool fieldSeen, ICollection<HpackDecodedField> fields, out int consumed)
    {
        (HpackRepresentation? representation, int prefixBits) = HpackWriter.Classify(input[0]);
        HpackError error = HpackInteger.TryDecode(input, prefixBits, out int number, out consumed);
        if (error != HpackError.None)
        {
            return error;
        }

        if (representation is not { } kind)
        {
            return UpdateTableSize(number, fieldSeen);
        }

        if (_sizeUpdateRequired)
        {
            return HpackError.TableSizeUpdateMissing;
        }

        fieldSeen = true;
        error = kind == HpackRepresentation.Indexed
            ? Lookup(number, out HeaderField field)
            : ReadLiteral(input, number, ref consumed, out field);
        if (error != HpackError.None)
        {
            return error;
        }

        if (kind == HpackRepresentation.LiteralWithIndexing)
        {
            DynamicTable.Add(field);
        }

        fields.Add(new HpackDecodedField(field, kind));
        return HpackError.None;
    }

    private HpackError UpdateTableSize(int maxSize, bool fieldSeen)
    {
        if (fieldSeen)
        {
            return HpackError.TableSizeUpdateAfterField;
        }

        if (maxSize > _maxTableSizeLimit)
        {
            return HpackError.TableSizeUpdateAboveLimit;
        }

        DynamicTable.SetMaxSize(maxSize);
        _sizeUpdateRequired = false;
        return HpackError.None;
    }

    private HpackError ReadLiteral(ReadOnlySpan<byte> input, int nameIndex, ref int consumed, out HeaderField field)
    {
        field = default;
        string name;
        if (nameIndex == 0)
        {
            HpackError nameError = ReadString(input[consumed..], out name, out int nameLength);
            if (nameError != HpackError.None)
            {
                return nameError;
            }

            consumed += nameLength;
        }
        else
        {
            HpackError indexError = Lookup(nameIndex, out HeaderField named);
            if (indexError != HpackError.None)
            {
                return indexError;
            }

            name = named.Name;
        }

        HpackError valueError = ReadString(input[consumed..], out string value, out int valueLength);
        consumed += valueLength;
        field = new HeaderField(name, value);
        return valueError;
    }

    private HpackError Lookup(int index, out HeaderField field)
    {
        field = default;
        if (index == 0)
        {
            return HpackError.IndexZero;
        }

        if (index <= HpackStaticTable.Count)
        {
            field = HpackStaticTable.Get(index);
            return HpackError.None;
        }

        int dynamicIndex = index - HpackStaticTable.Count;
        if (dynamicIndex > DynamicTable.Count)
        {
            return HpackError.IndexOutOfRange;
        }

        field = DynamicTable[dynamicIndex];
        return HpackError.None;
    }

    private static HpackError ReadString(ReadOnlySpan<byte> input, out string value, out int consumed)
    {
        value = "";
        if (input.IsEmpty)
        {
            consumed = 0;
            return HpackError.Truncated;
        }

        (bool huffman, int prefixBits) = HpackWriter.ClassifyString(input[0]);
        HpackError error = HpackInteger.TryDecode(input, prefixBits, out int length, out int lengthOctets);
        if (error != HpackError.None)
        {
            consumed = lengthOctets;
            return error;
        }

        if (length > input.Length - lengthOctets)
        {
            consumed = lengthOctets;
            return HpackError.StringLongerThanInput;
        }

        consumed = lengthOctets + length;
        ReadOnlySpan<byte> octets = input.Slice(lengthOctets, length);
        return huffman ? DecodeHuffman(octets, out value) : Latin1(octets, out value);
    }

    private static HpackError DecodeHuffman(ReadOnlySpan<byte> encoded, out string value)
    {
        int maxLength = HpackHuffman.GetMaxDecodedLength(encoded.Length);
        Span<byte> decoded = maxLength <= StackDecodeLimit ? stackalloc byte[StackDecodeLimit] : new byte[maxLength];
        HpackError error = HpackHuffman.Decode(encoded, decoded, out int written);
        value = error == HpackError.None ? Encoding.Latin1.GetString(decoded[..written]) : "";
        return error;
    }

    private static HpackError Latin1(ReadOnlySpan<byte> octets, out string value)
    {
        value = Encoding.Latin1.GetString(octets);
        return HpackError.None;
    }
}
