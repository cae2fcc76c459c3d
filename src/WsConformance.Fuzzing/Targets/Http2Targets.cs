using WsConformance.Protocol.Http2;
using WsConformance.Protocol.Http2.Hpack;

namespace WsConformance.Fuzzing.Targets;

/// <summary>Fuzz targets for the HTTP/2 frame codec and HPACK in WsConformance.Protocol (RFC 8441 groundwork).</summary>
public static class Http2Targets
{
    private const string Protocol = "WsConformance.Protocol";

    /// <summary>The first input octet picks the decoder's limit: 0 is the default 16,384, 1-255 a tiny one that short inputs exceed.</summary>
    private const int DefaultMaxFrameSizeSelector = 0;

    /// <summary>The first input octet times this is the HPACK table size limit (0 to 4,080).</summary>
    private const int TableSizeStep = 16;

    /// <summary>
    /// Http2FrameDecoder + Http2FrameValidator on a frame stream (after one octet choosing the max frame size).
    /// Oracles: nothing throws, the decoder keeps its contract, feeding in 1-7 byte chunks gives the same frames and
    /// violations as feeding at once, and every whole frame re-encodes to exactly the bytes it was decoded from.
    /// </summary>
    [FuzzTarget("h2-frames", Description = "Http2FrameDecoder + Http2FrameValidator; whole vs. chunked agree, encode(decode(x)) == x", Instrument = Protocol)]
    public static void Frames(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        int maxFrameSize = input[0] == DefaultMaxFrameSizeSelector ? Http2FrameHeader.DefaultMaxFrameSize : input[0];
        ReadOnlySpan<byte> stream = input[1..];
        Http2StreamDigest whole = Http2StreamDigest.Decode(stream, Math.Max(stream.Length, 1), maxFrameSize);
        int chunkSize = 1 + (input.Length % 7);
        Http2StreamDigest chunked = Http2StreamDigest.Decode(stream, chunkSize, maxFrameSize);
        if (whole != chunked)
        {
            throw new FuzzFindingException($"Decoding at once gave {whole} but in {chunkSize}-byte chunks gave {chunked}.");
        }
    }

    /// <summary>
    /// HpackDecoder on one header block (after one octet choosing the table size limit). Oracles: nothing throws; a
    /// truncation of the block decodes a prefix of its fields and then stops at the same error or a truncation error;
    /// and the fields of a decoded block, encoded again and decoded by a fresh decoder, come back the same.
    /// </summary>
    [FuzzTarget("hpack", Description = "HpackDecoder: truncations stop cleanly, decode(encode(fields)) == fields", Instrument = Protocol)]
    public static void Hpack(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        int tableSize = input[0] * TableSizeStep;
        ReadOnlySpan<byte> block = input[1..];
        (HpackDecodeResult result, List<HpackDecodedField> fields) = DecodeBlock(block, tableSize);
        CheckTruncation(block, block.Length / 2, tableSize, result, fields);
        if (result.Succeeded)
        {
            CheckReEncoding(fields, tableSize, (HuffmanPolicy)(input.Length % 3));
        }
    }

    private static void CheckTruncation(ReadOnlySpan<byte> block, int cut, int tableSize, HpackDecodeResult whole, List<HpackDecodedField> wholeFields)
    {
        (HpackDecodeResult result, List<HpackDecodedField> fields) = DecodeBlock(block[..cut], tableSize);
        bool prefix = fields.Count <= wholeFields.Count && fields.SequenceEqual(wholeFields.Take(fields.Count));
        bool cleanStop = result.Succeeded || result == whole
            || result.Error is HpackError.Truncated or HpackError.StringLongerThanInput;
        if (!prefix || !cleanStop)
        {
            throw new FuzzFindingException(
                $"The first {cut} octets gave {result} with {fields.Count} fields; the whole block gave {whole} with {wholeFields.Count}.");
        }
    }

    private static void CheckReEncoding(List<HpackDecodedField> decoded, int tableSize, HuffmanPolicy huffman)
    {
        HeaderField[] fields = [.. decoded.Select(field => field.Field)];
        byte[] block = new HpackEncoder(tableSize, huffman).Encode(fields, IndexingOf(decoded));
        (HpackDecodeResult result, List<HpackDecodedField> again) = DecodeBlock(block, tableSize);
        if (!result.Succeeded || !again.Select(field => field.Field).SequenceEqual(fields))
        {
            throw new FuzzFindingException($"Re-encoding {fields.Length} decoded fields ({huffman}) and decoding them gave {result} with {again.Count} fields.");
        }
    }

    /// <summary>Keeps each field's indexing, so never-indexed fields stay never-indexed.</summary>
    private static Func<HeaderField, HpackIndexing> IndexingOf(List<HpackDecodedField> decoded)
    {
        int next = 0;
        return _ => decoded[next++].Representation switch
        {
            HpackRepresentation.LiteralNeverIndexed => HpackIndexing.NeverIndexed,
            HpackRepresentation.LiteralWithoutIndexing => HpackIndexing.WithoutIndexing,
            _ => HpackIndexing.Incremental,
        };
    }

    private static (HpackDecodeResult Result, List<HpackDecodedField> Fields) DecodeBlock(ReadOnlySpan<byte> block, int tableSize)
    {
        var fields = new List<HpackDecodedField>();
        HpackDecodeResult result = new HpackDecoder(tableSize).Decode(block, fields);
        return (result, fields);
    }
}
