using FsCheck;
using FsCheck.Fluent;
using WsConformance.Protocol.Http2;
using WsConformance.Protocol.Http2.Hpack;
using WsConformance.Protocol.Tests.Http2;
using static WsConformance.Protocol.Tests.Http2.Http2Decoding;

namespace WsConformance.Protocol.Tests.Properties;

public class Http2FrameProperties
{
    /// <summary>Any type (known ones more often), any flags, reserved bit and stream id, payloads of 0-300 octets.</summary>
    private static Gen<Http2FrameSpec> AnyFrame { get; } =
        from type in Gen.Frequency((3, Gen.Choose(0, 9)), (1, Gen.Choose(0, 255)))
        from flags in Gen.Frequency((3, Gen.Elements(0, 1, 4, 5, 8, 0x24, 0x2c)), (1, Gen.Choose(0, 255)))
        from streamId in Gen.Frequency((2, Gen.Choose(0, 3)), (1, Gen.Choose(0, int.MaxValue)))
        from reserved in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from length in Gen.Frequency((4, Gen.Choose(0, 12)), (1, Gen.Choose(0, 300)))
        from seed in Gen.Choose(0, int.MaxValue)
        select new Http2FrameSpec((byte)type, (byte)flags, (uint)streamId, Generators.RandomBytes(seed, length), reserved);

    [Fact]
    public void Every_header_field_and_payload_survives_encode_then_decode()
    {
        Config config = Config.QuickThrowOnFailure.WithReplay(0x5eed_2001UL, 0x9e37_79b9UL).WithMaxTest(400);

        Check.One(config, Prop.ForAll(AnyFrame.ToArbitrary(), spec =>
        {
            DecodedHttp2Frame frame = Assert.Single(DecodeAll(Http2FrameEncoder.Encode(spec), maxFrameSize: Http2FrameHeader.MaxFrameSizeLimit).Frames);

            return frame.Header == new Http2FrameHeader(spec.Payload.Length, spec.Type, spec.Flags, spec.ReservedBit, spec.StreamId)
                && frame.Payload.AsSpan().SequenceEqual(spec.Payload.Span);
        }));
    }

    [Fact]
    public void Frames_and_violations_never_depend_on_how_the_bytes_are_chunked()
    {
        Config config = Config.QuickThrowOnFailure.WithReplay(0x5eed_2002UL, 0x2545_f491UL).WithMaxTest(300);
        Gen<byte[]> stream = AnyFrame.ArrayOf().Select(frames => Http2FrameEncoder.Encode(frames));

        // A limit of 40 makes some frames oversized, so both decoder paths are compared.
        Check.One(config, Prop.ForAll(stream.ToArbitrary(), Generators.ChunkSizes.ToArbitrary(), (wire, sizes) =>
        {
            Http2DecodeResult whole = DecodeAll(wire, int.MaxValue, new Http2FrameValidator(), maxFrameSize: 40);
            Http2DecodeResult chunked = DecodeChunks(Decoding.Split(wire, i => sizes[i % sizes.Length]), new Http2FrameValidator(), maxFrameSize: 40);

            return whole.Frames.Count == chunked.Frames.Count
                && whole.Frames.Zip(chunked.Frames).All(pair => pair.First.Header == pair.Second.Header && pair.First.Raw.SequenceEqual(pair.Second.Raw))
                && whole.Violations.SequenceEqual(chunked.Violations);
        }));
    }

    [Fact]
    public void Arbitrary_bytes_never_throw_and_every_byte_is_accounted_for_in_order()
    {
        Config config = Config.QuickThrowOnFailure.WithReplay(0x5eed_2003UL, 0x6c07_8965UL).WithMaxTest(500);
        Gen<byte[]> noise = ArbMap.Default.GeneratorFor<byte>().ArrayOf();

        Check.One(config, Prop.ForAll(noise.ToArbitrary(), Generators.ChunkSizes.ToArbitrary(), Gen.Choose(0, 64).ToArbitrary(), (wire, sizes, maxFrameSize) =>
        {
            Http2DecodeResult result = DecodeChunks(Decoding.Split(wire, i => sizes[i % sizes.Length]), new Http2FrameValidator(), maxFrameSize);

            byte[] decoded = [.. result.Frames.SelectMany(frame => frame.Raw)];
            return decoded.Length + result.PartialFrameBytes + result.UnconsumedBytes == wire.Length
                && wire.AsSpan().StartsWith(decoded);
        }));
    }
}

public class HpackProperties
{
    /// <summary>Names from the static table or made up, values of any Latin-1 characters (any octet).</summary>
    private static Gen<HeaderField> AnyField { get; } =
        from name in Gen.Frequency(
            (2, Gen.Choose(1, HpackStaticTable.Count).Select(index => HpackStaticTable.Get(index).Name)),
            (1, Latin1Text(1, 12)))
        from value in Gen.Frequency((1, Gen.Constant("")), (4, Latin1Text(0, 40)))
        select new HeaderField(name, value);

    [Fact]
    public void Header_lists_come_back_from_encode_then_decode_and_both_tables_agree()
    {
        Config config = Config.QuickThrowOnFailure.WithReplay(0x5eed_2004UL, 0x9e37_79b9UL).WithMaxTest(200);
        Gen<HeaderField[][]> blocks = AnyField.ArrayOf().ArrayOf();
        Gen<HuffmanPolicy> huffman = Gen.Elements(HuffmanPolicy.Never, HuffmanPolicy.Always, HuffmanPolicy.WhenNotLonger);

        Check.One(config, Prop.ForAll(blocks.ToArbitrary(), huffman.ToArbitrary(), Gen.Choose(0, 600).ToArbitrary(), (lists, policy, tableSize) =>
        {
            var encoder = new HpackEncoder(tableSize, policy);
            var decoder = new HpackDecoder(tableSize);
            return lists.All(fields =>
            {
                var decoded = new List<HpackDecodedField>();
                bool succeeded = decoder.Decode(encoder.Encode(fields, IndexingByName), decoded).Succeeded;
                return succeeded
                    && decoded.Select(field => field.Field).SequenceEqual(fields)
                    && encoder.DynamicTable.Entries().SequenceEqual(decoder.DynamicTable.Entries());
            });
        }));
    }

    [Fact]
    public void Arbitrary_blocks_never_throw_and_fail_with_an_offset_inside_the_block()
    {
        Config config = Config.QuickThrowOnFailure.WithReplay(0x5eed_2005UL, 0x6c07_8965UL).WithMaxTest(1000);
        Gen<byte[]> noise = ArbMap.Default.GeneratorFor<byte>().ArrayOf();

        Check.One(config, Prop.ForAll(noise.ToArbitrary(), Gen.Choose(0, 4096).ToArbitrary(), (block, tableSize) =>
        {
            HpackDecodeResult result = new HpackDecoder(tableSize).Decode(block, new List<HpackDecodedField>());

            return result.Succeeded ? result.Offset == block.Length : result.Offset < block.Length;
        }));
    }

    /// <summary>Mixes the three indexings deterministically, by the name's length.</summary>
    private static HpackIndexing IndexingByName(HeaderField field) => (HpackIndexing)(field.Name.Length % 3);

    private static Gen<string> Latin1Text(int minLength, int maxLength) =>
        from length in Gen.Choose(minLength, maxLength)
        from chars in Gen.Frequency((4, Gen.Choose('a', 'z')), (1, Gen.Choose(0, 255))).ArrayOf(length)
        select new string([.. chars.Select(code => (char)code)]);
}
