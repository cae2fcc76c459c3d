using System.Buffers;
using WsConformance.Protocol.Http2.Hpack;
using static WsConformance.Protocol.Tests.Decoding;

namespace WsConformance.Protocol.Tests.Http2.Hpack;

public class HpackEncoderTests
{
    private static readonly HeaderField[] Request =
    [
        new(":method", "CONNECT"), new(":protocol", "websocket"), new(":scheme", "https"), new(":path", "/chat?room=1"),
        new(":authority", "example.org:8443"), new("sec-websocket-version", "13"), new("authorization", "Bearer secret"),
        new("x-octets", "\u0000\u007f\u0080\u00ff"),
    ];

    /// <summary>Each lie written with <see cref="HpackWriter"/> is the invalid vector of the same name.</summary>
    public static TheoryData<string> LyingVectors => new(LiesByVector.Keys);

    private static Dictionary<string, Action<IBufferWriter<byte>>> LiesByVector => new()
    {
        ["index-zero"] = block => HpackWriter.WriteIndexed(block, 0),
        ["integer-overflow"] = block => HpackWriter.WriteIndexed(block, 127 + 0x7f + (0x7f << 7) + (0x7f << 14) + (0x7f << 21) + (0x0fL << 28)),
        ["string-longer-than-input"] = block =>
        {
            HpackWriter.WriteLiteralPrefix(block, HpackRepresentation.LiteralWithIndexing, 0);
            HpackWriter.WriteRawString(block, "cu"u8, huffmanFlag: false, declaredLength: 10);
        },
        ["huffman-padding-not-eos"] = block =>
        {
            HpackWriter.WriteLiteralPrefix(block, HpackRepresentation.LiteralWithIndexing, 0);
            HpackWriter.WriteRawString(block, [0x18], huffmanFlag: true);
            HpackWriter.WriteString(block, "", huffman: false);
        },
        ["size-update-above-limit"] = block => HpackWriter.WriteTableSizeUpdate(block, 4097),
        ["size-update-after-a-field"] = block =>
        {
            HpackWriter.WriteIndexed(block, 2);
            HpackWriter.WriteTableSizeUpdate(block, 0);
        },
    };

    [Theory]
    [MemberData(nameof(LyingVectors))]
    public void The_writer_writes_the_invalid_vectors_byte_for_byte(string name)
    {
        var block = new ArrayBufferWriter<byte>();

        LiesByVector[name](block);

        Assert.Equal(Hex(HpackDecoderVectors.Invalid[name].Hex), block.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData(HuffmanPolicy.Never, HpackIndexing.Incremental)]
    [InlineData(HuffmanPolicy.Always, HpackIndexing.Incremental)]
    [InlineData(HuffmanPolicy.WhenNotLonger, HpackIndexing.Incremental)]
    [InlineData(HuffmanPolicy.WhenNotLonger, HpackIndexing.WithoutIndexing)]
    [InlineData(HuffmanPolicy.Always, HpackIndexing.NeverIndexed)]
    public void Decoding_what_was_encoded_gives_the_fields_back_and_both_tables_agree(HuffmanPolicy huffman, HpackIndexing indexing)
    {
        var encoder = new HpackEncoder(maxTableSize: 256, huffman);
        var decoder = new HpackDecoder(maxTableSizeLimit: 256);
        for (int round = 0; round < 3; round++)
        {
            var fields = new List<HpackDecodedField>();

            Assert.True(decoder.Decode(encoder.Encode(Request, _ => indexing), fields).Succeeded);

            Assert.Equal(Request, fields.Select(field => field.Field));
            Assert.Equal(encoder.DynamicTable.Entries(), decoder.DynamicTable.Entries());
        }
    }

    [Fact]
    public void Sensitive_fields_go_never_indexed_even_when_they_are_in_a_table()
    {
        var encoder = new HpackEncoder();
        var decoder = new HpackDecoder();
        var fields = new List<HpackDecodedField>();
        HeaderField method = new(":method", "GET");

        byte[] block = encoder.Encode([method, Request[6]], field => field.Name == "authorization" || field == method ? HpackIndexing.NeverIndexed : HpackIndexing.Incremental);
        Assert.True(decoder.Decode(block, fields).Succeeded);

        Assert.All(fields, field => Assert.Equal(HpackRepresentation.LiteralNeverIndexed, field.Representation));
        Assert.Equal(0, encoder.DynamicTable.Count);
    }

    [Fact]
    public void A_new_table_size_is_announced_at_the_start_of_the_next_block_only()
    {
        var encoder = new HpackEncoder();
        var decoder = new HpackDecoder();
        encoder.SetMaxTableSize(100);

        byte[] first = encoder.Encode([new(":method", "GET")]);
        byte[] second = encoder.Encode([new(":method", "GET")]);

        Assert.Equal(Hex("3f45 82"), first); // size update to 100 (31 + 69), then index 2
        Assert.Equal(Hex("82"), second);
        Assert.True(decoder.Decode(first, new List<HpackDecodedField>()).Succeeded);
        Assert.Equal(100, decoder.DynamicTable.MaxSize);
    }

    [Fact]
    public void A_literal_needs_a_literal_representation()
    {
        var block = new ArrayBufferWriter<byte>();

        Assert.Throws<ArgumentOutOfRangeException>(() => HpackWriter.WriteLiteral(block, HpackRepresentation.Indexed, 1, null, "x", huffman: false));
    }
}
