using System.Buffers;
using WsConformance.Protocol.Http2.Hpack;
using static WsConformance.Protocol.Tests.Decoding;

namespace WsConformance.Protocol.Tests.Http2.Hpack;

/// <summary>RFC 7541 Appendix C, byte for byte, in both directions.</summary>
public class HpackRfcExampleTests
{
    public static TheoryData<string> SequenceNames => HpackRfcExamples.SequenceNames;

    public static TheoryData<string> SingleFieldNames => HpackRfcExamples.SingleFieldNames;

    [Theory]
    [InlineData(10, 5, "0a")] // C.1.1
    [InlineData(1337, 5, "1f9a0a")] // C.1.2
    [InlineData(42, 8, "2a")] // C.1.3
    public void C1_integers_encode_and_decode_as_in_the_rfc(int value, int prefixBits, string hex)
    {
        var written = new ArrayBufferWriter<byte>();
        HpackInteger.Write(written, value, prefixBits, 0);

        Assert.Equal(Hex(hex), written.WrittenSpan.ToArray());
        Assert.Equal(HpackError.None, HpackInteger.TryDecode(Hex(hex), prefixBits, out int decoded, out int consumed));
        Assert.Equal((value, hex.Length / 2), (decoded, consumed));
    }

    [Theory]
    [MemberData(nameof(SequenceNames))]
    public void Sequences_decode_to_the_rfc_fields_and_dynamic_tables(string name)
    {
        RfcSequence sequence = HpackRfcExamples.Sequences[name];
        var decoder = new HpackDecoder(sequence.MaxTableSize);
        foreach (RfcBlock block in sequence.Blocks)
        {
            var fields = new List<HpackDecodedField>();

            HpackDecodeResult result = decoder.Decode(Hex(block.Hex), fields);

            Assert.True(result.Succeeded, $"{block.Section}: {result.Error} at {result.Offset}");
            Assert.Equal(block.Fields, fields.Select(field => field.Field));
            AssertTable(block, decoder.DynamicTable);
        }
    }

    [Theory]
    [MemberData(nameof(SequenceNames))]
    public void Sequences_encode_to_the_rfc_bytes(string name)
    {
        RfcSequence sequence = HpackRfcExamples.Sequences[name];
        var encoder = new HpackEncoder(sequence.MaxTableSize, sequence.Huffman);
        foreach (RfcBlock block in sequence.Blocks)
        {
            Assert.Equal(Hex(block.Hex), encoder.Encode(block.Fields));
            AssertTable(block, encoder.DynamicTable);
        }
    }

    [Theory]
    [MemberData(nameof(SingleFieldNames))]
    public void C2_single_fields_decode_and_encode_with_their_representation(string section)
    {
        RfcSingleField single = HpackRfcExamples.SingleFields[section];
        var decoder = new HpackDecoder();
        var fields = new List<HpackDecodedField>();

        Assert.True(decoder.Decode(Hex(single.Block.Hex), fields).Succeeded);

        Assert.Equal(new HpackDecodedField(single.Block.Fields[0], single.Representation), Assert.Single(fields));
        AssertTable(single.Block, decoder.DynamicTable);
        var encoder = new HpackEncoder(huffman: HuffmanPolicy.Never);
        Assert.Equal(Hex(single.Block.Hex), encoder.Encode(single.Block.Fields, _ => single.Indexing));
    }

    private static void AssertTable(RfcBlock block, HpackDynamicTable table)
    {
        Assert.Equal(block.TableAfter.Select(entry => entry.Entry), table.Entries());
        Assert.Equal(block.TableAfter.Select(entry => entry.Size), table.Entries().Select(entry => entry.Size));

        Assert.Equal(block.TableAfter.Sum(entry => entry.Size), table.Size);
    }
}
