namespace WsConformance.Protocol.Http2.Hpack;

/// <summary>
/// Why a header block could not be decoded (RFC 7541). Every one is a decoding error, which HTTP/2 treats as a
/// connection error of type COMPRESSION_ERROR (RFC 9113 §4.3).
/// </summary>
public enum HpackError
{
    /// <summary>No error.</summary>
    None,

    /// <summary>The block ends inside an integer or before a representation's string (§5.1, §6).</summary>
    Truncated,

    /// <summary>An integer beyond this decoder's limits, in value or in octets (§5.1, §7.4).</summary>
    IntegerOverflow,

    /// <summary>A string literal declares more octets than the block has left (§5.2).</summary>
    StringLongerThanInput,

    /// <summary>Index 0, which no table entry has (§6.1).</summary>
    IndexZero,

    /// <summary>An index beyond the static and dynamic tables (§2.3.3).</summary>
    IndexOutOfRange,

    /// <summary>A Huffman-coded string contains the EOS symbol (§5.2).</summary>
    HuffmanEndOfString,

    /// <summary>Huffman padding longer than 7 bits (§5.2).</summary>
    HuffmanPaddingTooLong,

    /// <summary>Huffman padding that is not the most significant bits of EOS, i.e. not all ones (§5.2).</summary>
    HuffmanPaddingNotEndOfString,

    /// <summary>A dynamic table size update above the limit the decoder's protocol set (§6.3).</summary>
    TableSizeUpdateAboveLimit,

    /// <summary>A dynamic table size update after the first field representation of a block (§4.2).</summary>
    TableSizeUpdateAfterField,

    /// <summary>The limit was lowered below the table's size, but the next block does not start with an update (§4.2).</summary>
    TableSizeUpdateMissing,
}

/// <summary>The outcome of decoding one header block.</summary>
/// <param name="Error">What went wrong, or <see cref="HpackError.None"/>.</param>
/// <param name="Offset">Where in the block the failing representation starts (the block's length on success).</param>
public readonly record struct HpackDecodeResult(HpackError Error, int Offset)
{
    /// <summary>True when the whole block was decoded.</summary>
    public bool Succeeded => Error == HpackError.None;

    /// <summary>The section of RFC 7541 the error breaks, e.g. "RFC 7541 §5.2"; empty on success.</summary>
    public string RfcSection => Error switch
    {
        HpackError.None => "",
        HpackError.Truncated or HpackError.IntegerOverflow => "RFC 7541 §5.1",
        HpackError.IndexZero => "RFC 7541 §6.1",
        HpackError.IndexOutOfRange => "RFC 7541 §2.3.3",
        HpackError.TableSizeUpdateAboveLimit => "RFC 7541 §6.3",
        HpackError.TableSizeUpdateAfterField or HpackError.TableSizeUpdateMissing => "RFC 7541 §4.2",
        _ => "RFC 7541 §5.2",
    };
}
