using WsConformance.Protocol.Http2.Hpack;
using static WsConformance.Protocol.Tests.Decoding;

namespace WsConformance.Protocol.Tests.Http2.Hpack;

public class HpackDecoderTests
{
    public static TheoryData<string> ValidNames => HpackDecoderVectors.ValidNames;

    public static TheoryData<string> InvalidNames => HpackDecoderVectors.InvalidNames;

    public static TheoryData<string, int> RfcBlocks => HpackRfcExamples.AllBlocks;

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Valid_blocks_decode_to_the_expected_fields(string name)
    {
        HpackValidVector vector = HpackDecoderVectors.Valid[name];
        var decoder = new HpackDecoder();
        var fields = new List<HpackDecodedField>();

        HpackDecodeResult result = decoder.Decode(Hex(vector.Hex), fields);

        Assert.Equal(new HpackDecodeResult(HpackError.None, vector.Hex.Replace(" ", "", StringComparison.Ordinal).Length / 2), result);
        Assert.Equal(vector.Fields, fields);
        Assert.Equal(vector.TableMaxSizeAfter, decoder.DynamicTable.MaxSize);
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Invalid_blocks_report_the_error_and_where_its_representation_starts(string name)
    {
        HpackInvalidVector vector = HpackDecoderVectors.Invalid[name];

        HpackDecodeResult result = new HpackDecoder().Decode(Hex(vector.Hex), new List<HpackDecodedField>());

        Assert.Equal(new HpackDecodeResult(vector.Error, vector.Offset), result);
        Assert.StartsWith("RFC 7541 §", result.RfcSection, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RfcBlocks))]
    public void Every_truncation_of_an_rfc_block_is_a_shorter_valid_block_or_a_truncation_error(string sequenceName, int blockIndex)
    {
        RfcSequence sequence = HpackRfcExamples.Sequences[sequenceName];
        byte[] block = Hex(sequence.Blocks[blockIndex].Hex);
        int cutsInsideRepresentations = 0;
        for (int length = 0; length < block.Length; length++)
        {
            HpackDecoder decoder = DecoderAfter(sequence, blockIndex);
            var fields = new List<HpackDecodedField>();

            HpackDecodeResult result = decoder.Decode(block.AsSpan(0, length), fields);

            Assert.Equal(sequence.Blocks[blockIndex].Fields[..fields.Count], fields.Select(field => field.Field));
            if (!result.Succeeded)
            {
                Assert.Contains(result.Error, new[] { HpackError.Truncated, HpackError.StringLongerThanInput });
                Assert.InRange(result.Offset, 0, length - 1);
                cutsInsideRepresentations++;
            }
        }

        // Cutting at one of the block's representation boundaries leaves a valid block; every other cut must fail.
        Assert.Equal(block.Length - sequence.Blocks[blockIndex].Fields.Length, cutsInsideRepresentations);
    }

    [Fact]
    public void Lowering_the_limit_requires_a_size_update_at_the_start_of_the_next_block()
    {
        var decoder = new HpackDecoder { MaxTableSizeLimit = 100 };

        Assert.Equal(new HpackDecodeResult(HpackError.TableSizeUpdateMissing, 0), decoder.Decode(Hex("82"), new List<HpackDecodedField>()));
        var fresh = new HpackDecoder { MaxTableSizeLimit = 100 };
        Assert.True(fresh.Decode(Hex("3f 45 82"), new List<HpackDecodedField>()).Succeeded); // size update to 100, then a field
        Assert.Equal(100, fresh.DynamicTable.MaxSize);
    }

    [Fact]
    public void An_empty_block_after_a_lowered_limit_misses_its_size_update()
    {
        var decoder = new HpackDecoder { MaxTableSizeLimit = 0 };

        Assert.Equal(HpackError.TableSizeUpdateMissing, decoder.Decode([], new List<HpackDecodedField>()).Error);
    }

    [Fact]
    public void A_literal_with_indexing_larger_than_the_table_empties_it()
    {
        var decoder = new HpackDecoder(maxTableSizeLimit: 40);
        var fields = new List<HpackDecodedField>();

        // "a: b" (34 octets) fits; "cc: dd" (36) evicts it; "abcd: efgh" (40) fits exactly; a 41-octet entry empties the table.
        Assert.True(decoder.Decode(Hex("40 0161 0162 40 026363 026464"), fields).Succeeded);
        Assert.Equal(new HeaderField("cc", "dd"), Assert.Single(decoder.DynamicTable.Entries()));
        Assert.True(decoder.Decode(Hex("40 0461626364 0465666768"), fields).Succeeded);
        Assert.Equal(new HeaderField("abcd", "efgh"), Assert.Single(decoder.DynamicTable.Entries()));
        Assert.True(decoder.Decode(Hex("40 0461626364 056566676869"), fields).Succeeded);
        Assert.Empty(decoder.DynamicTable.Entries());
    }

    private static HpackDecoder DecoderAfter(RfcSequence sequence, int blockIndex)
    {
        var decoder = new HpackDecoder(sequence.MaxTableSize);
        foreach (RfcBlock earlier in sequence.Blocks[..blockIndex])
        {
            Assert.True(decoder.Decode(Hex(earlier.Hex), new List<HpackDecodedField>()).Succeeded);
        }

        return decoder;
    }
}
