using WsConformance.Protocol.Http2.Hpack;

namespace WsConformance.Protocol.Tests.Http2.Hpack;

internal sealed record HpackValidVector(string Hex, HpackDecodedField[] Fields, int TableMaxSizeAfter = HpackDecoder.DefaultMaxTableSize);

internal sealed record HpackInvalidVector(string Hex, HpackError Error, int Offset);

/// <summary>Header blocks beyond the RFC's examples, split into valid and invalid; each decoded by a fresh decoder.</summary>
internal static class HpackDecoderVectors
{
    public static readonly Dictionary<string, HpackValidVector> Valid = new()
    {
        ["empty-block"] = new("", []),
        // Size update to 0, then :method GET.
        ["size-update-first"] = new("20 82", [Indexed(":method", "GET")], TableMaxSizeAfter: 0),
        // Two size updates at the start (0, then 4096 = 31 + 0x61 + 0x1f·128): the last one counts (§4.2).
        ["two-size-updates"] = new("20 3fe11f 82", [Indexed(":method", "GET")]),
        // Never indexed, name index 4 (:path), value "abc".
        ["never-indexed-static-name"] = new("14 03 616263", [new(new(":path", "abc"), HpackRepresentation.LiteralNeverIndexed)]),
        // Without indexing, literal name 0xff, value 0x80: any octet survives (Latin-1).
        ["any-octet"] = new("00 01ff 0180", [new(new("\u00ff", "\u0080"), HpackRepresentation.LiteralWithoutIndexing)]),
        // Huffman-coded empty name and value.
        ["huffman-empty-strings"] = new("00 80 80", [new(new("", ""), HpackRepresentation.LiteralWithoutIndexing)]),
        // Index 61, the last static entry (www-authenticate), in the 7-bit prefix.
        ["last-static-index"] = new("bd", [Indexed("www-authenticate", "")]),
        // Literal with indexing then a reference to it as index 62.
        ["reference-to-new-entry"] = new("40 0161 0162 be",
            [new(new("a", "b"), HpackRepresentation.LiteralWithIndexing), Indexed("a", "b")]),
    };

    public static readonly Dictionary<string, HpackInvalidVector> Invalid = new()
    {
        ["index-zero"] = new("80", HpackError.IndexZero, 0),
        // Index 62 while the dynamic table is empty.
        ["index-past-the-static-table"] = new("82 be", HpackError.IndexOutOfRange, 1),
        // Literal with indexing, name index 63 (6-bit prefix full, + 0).
        ["name-index-past-the-tables"] = new("7f00 0161", HpackError.IndexOutOfRange, 0),
        // 127 + 0x7f + 0x7f·2^7 + 0x7f·2^14 + 0x7f·2^21 + 0x0f·2^28 > 2^31 - 1.
        ["integer-overflow"] = new("ff ffffffff0f", HpackError.IntegerOverflow, 0),
        // A small value spread over six continuation octets (zeros with the continuation bit).
        ["integer-too-many-octets"] = new("ff 8080808080 00", HpackError.IntegerOverflow, 0),
        ["integer-truncated"] = new("ff 80", HpackError.Truncated, 0),
        // Literal name of 10 octets, only 2 present.
        ["string-longer-than-input"] = new("40 0a 6375", HpackError.StringLongerThanInput, 0),
        // Literal name "a" and no value at all.
        ["value-missing"] = new("40 0161", HpackError.Truncated, 0),
        // Huffman name of four 0xff octets: its first 30 bits are EOS.
        ["huffman-eos"] = new("40 84ffffffff 00", HpackError.HuffmanEndOfString, 0),
        // Huffman "a" (00011) followed by 11 bits of ones.
        ["huffman-padding-too-long"] = new("40 821fff 00", HpackError.HuffmanPaddingTooLong, 0),
        // Huffman "a" (00011) padded with zeros instead of ones.
        ["huffman-padding-not-eos"] = new("40 8118 00", HpackError.HuffmanPaddingNotEndOfString, 0),
        // Size update to 4097, above the 4096 limit.
        ["size-update-above-limit"] = new("3fe21f", HpackError.TableSizeUpdateAboveLimit, 0),
        ["size-update-after-a-field"] = new("82 20", HpackError.TableSizeUpdateAfterField, 1),
    };

    public static TheoryData<string> ValidNames => new(Valid.Keys);

    public static TheoryData<string> InvalidNames => new(Invalid.Keys);

    private static HpackDecodedField Indexed(string name, string value) => new(new(name, value), HpackRepresentation.Indexed);
}
