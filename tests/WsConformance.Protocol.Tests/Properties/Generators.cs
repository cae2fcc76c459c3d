using FsCheck;
using FsCheck.Fluent;

namespace WsConformance.Protocol.Tests.Properties;

/// <summary>Generators shared by the property tests.</summary>
internal static class Generators
{
    /// <summary>Payload lengths around every boundary of the length forms, plus small random ones.</summary>
    public static Gen<int> PayloadLength { get; } = Gen.Frequency(
        (3, Gen.Choose(0, 300)),
        (2, Gen.Elements(0, 1, 124, 125, 126, 127, 65534, 65535, 65536, 65537)));

    public static Gen<uint> MaskKey { get; } = ArbMap.Default.GeneratorFor<uint>();

    /// <summary>Every header field combination: FIN, RSV 0-7, opcode 0-15, masking, all three length forms.</summary>
    public static Gen<FrameSpec> AnyFrame(Gen<int> payloadLength) =>
        from fin in ArbMap.Default.GeneratorFor<bool>()
        from rsv in Gen.Choose(0, 7)
        from opcode in Gen.Choose(0, 15)
        from masked in ArbMap.Default.GeneratorFor<bool>()
        from key in MaskKey
        from length in payloadLength
        from seed in Gen.Choose(0, int.MaxValue)
        from encoding in Gen.Elements(LengthEncoding.Minimal, LengthEncoding.Extended16, LengthEncoding.Extended64)
        let usable = encoding == LengthEncoding.Extended16 && length > ushort.MaxValue ? LengthEncoding.Extended64 : encoding
        select new FrameSpec(fin, (byte)rsv, (byte)opcode, masked, masked ? key : 0, RandomBytes(seed, length), LengthEncoding: usable);

    /// <summary>Byte strings that are often UTF-8-ish: valid scalars mixed with leads, continuations and junk.</summary>
    public static Gen<byte[]> Utf8ish { get; } = Utf8Piece.ListOf().Select(pieces => pieces.SelectMany(p => p).ToArray());

    /// <summary>Chunk sizes to cut a byte stream with (cycled).</summary>
    public static Gen<int[]> ChunkSizes { get; } =
        Gen.Frequency((3, Gen.Choose(1, 8)), (1, Gen.Choose(1, 300))).ArrayOf().Where(sizes => sizes.Length > 0);

    public static byte[] RandomBytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static Gen<byte[]> Utf8Piece => Gen.Frequency(
        (4, ValidScalar.Select(rune => Encode(rune))),
        (1, Gen.Choose(0x00, 0x7F).Select(b => new[] { (byte)b })),
        (2, Gen.Choose(0x80, 0xBF).Select(b => new[] { (byte)b })),
        (2, Gen.Choose(0xC0, 0xFF).Select(b => new[] { (byte)b })),
        (1, Gen.Elements<byte[]>([0xED, 0xA0], [0xF4, 0x90], [0xE0, 0x80], [0xF0, 0x80], [0xC0, 0xAF])));

    private static Gen<int> ValidScalar => Gen.Frequency(
        (3, Gen.Choose(0, 0x7F)),
        (2, Gen.Choose(0x80, 0x7FF)),
        (2, Gen.OneOf(Gen.Choose(0x800, 0xD7FF), Gen.Choose(0xE000, 0xFFFF))),
        (2, Gen.Choose(0x10000, 0x10FFFF)));

    private static byte[] Encode(int scalar)
    {
        var buffer = new byte[4];
        int written = new System.Text.Rune(scalar).EncodeToUtf8(buffer);
        return buffer[..written];
    }
}
