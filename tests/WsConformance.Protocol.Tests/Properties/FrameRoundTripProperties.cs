using FsCheck;
using FsCheck.Fluent;
using static WsConformance.Protocol.Tests.Decoding;

namespace WsConformance.Protocol.Tests.Properties;

public class FrameRoundTripProperties
{
    [Fact]
    public void Every_header_field_combination_survives_encode_then_decode()
    {
        Config config = Config.QuickThrowOnFailure.WithReplay(0x5eed_0001UL, 0x9e37_79b9UL).WithMaxTest(400);

        Check.One(config, Prop.ForAll(Generators.AnyFrame(Generators.PayloadLength).ToArbitrary(), spec =>
        {
            byte[] wire = FrameEncoder.Encode(spec);
            DecodedFrame frame = Assert.Single(DecodeAll(wire).Frames);
            FrameHeader h = frame.Header;
            LengthWidth expectedWidth = spec.LengthEncoding switch
            {
                LengthEncoding.Extended16 => LengthWidth.Extended16,
                LengthEncoding.Extended64 => LengthWidth.Extended64,
                _ => spec.Payload.Length <= 125 ? LengthWidth.Short7 : spec.Payload.Length <= 65535 ? LengthWidth.Extended16 : LengthWidth.Extended64,
            };

            return frame.Complete
                && (h.Fin, h.Rsv, h.Opcode, h.Masked, h.MaskKey) == (spec.Fin, spec.Rsv, spec.Opcode, spec.Masked, spec.MaskKey)
                && h.DeclaredLength == (ulong)spec.Payload.Length
                && h.Width == expectedWidth
                && h.HeaderLength == FrameEncoder.GetHeaderLength(spec)
                && h.IsMinimalLength == (spec.LengthEncoding == LengthEncoding.Minimal || IsMinimalAnyway(h))
                && frame.Payload.AsSpan().SequenceEqual(spec.Payload.Span);
        }));
    }

    [Fact]
    public void Decoding_never_depends_on_how_the_bytes_are_chunked()
    {
        Config config = Config.QuickThrowOnFailure.WithReplay(0x5eed_0002UL, 0x2545_f491UL).WithMaxTest(300);
        Gen<int> smallLengths = Gen.Frequency((4, Gen.Choose(0, 40)), (1, Gen.Elements(125, 126, 300)));
        Gen<byte[]> stream = Generators.AnyFrame(smallLengths).ArrayOf().Select(frames => frames.SelectMany(f => FrameEncoder.Encode(f)).ToArray());

        Check.One(config, Prop.ForAll(stream.ToArbitrary(), Generators.ChunkSizes.ToArbitrary(), (wire, sizes) =>
        {
            DecodeResult whole = DecodeValidated(wire, _ => int.MaxValue);
            DecodeResult chunked = DecodeValidated(wire, i => sizes[i % sizes.Length]);

            return whole.Frames.Count == chunked.Frames.Count
                && whole.Frames.Zip(chunked.Frames).All(p => p.First.Header == p.Second.Header && p.First.Payload.SequenceEqual(p.Second.Payload))
                && whole.Codes.SequenceEqual(chunked.Codes);
        }));
    }

    [Fact]
    public void Arbitrary_bytes_never_throw_or_stall_the_decoder_and_validator()
    {
        Config config = Config.QuickThrowOnFailure.WithReplay(0x5eed_0003UL, 0x6c07_8965UL).WithMaxTest(500);
        Gen<byte[]> noise = ArbMap.Default.GeneratorFor<byte>().ArrayOf();

        Check.One(config, Prop.ForAll(noise.ToArbitrary(), Generators.ChunkSizes.ToArbitrary(), (wire, sizes) =>
        {
            DecodeResult result = DecodeValidated(wire, i => sizes[i % sizes.Length]);
            long decodedBytes = result.Frames.Sum(f => (long)f.Header.HeaderLength + f.Payload.Length);
            return decodedBytes + result.UnconsumedBytes == wire.Length;
        }));
    }

    private static bool IsMinimalAnyway(FrameHeader h) =>
        h.Width == LengthWidth.Short7
        || (h.Width == LengthWidth.Extended16 && h.DeclaredLength > 125)
        || (h.Width == LengthWidth.Extended64 && h.DeclaredLength > 65535);

    private static DecodeResult DecodeValidated(byte[] wire, Func<int, int> chunkSizeAt) =>
        DecodeChunks(Split(wire, chunkSizeAt), new FrameValidator(new ValidationOptions(Role.Client)));
}
