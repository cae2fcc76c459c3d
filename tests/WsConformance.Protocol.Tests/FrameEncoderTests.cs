using static WsConformance.Protocol.Tests.Decoding;

namespace WsConformance.Protocol.Tests;

public class FrameEncoderTests
{
    private const uint RfcKey = 0x37fa213d;

    public static TheoryData<string, string> EncodedFrames => new()
    {
        // FIN=1, Text | MASK=0, len=5 | "Hello"
        { "81 05 48656c6c6f", nameof(UnmaskedHello) },
        // FIN=1, Text | MASK=1, len=5 | key 37fa213d | masked "Hello"
        { "81 85 37fa213d 7f9f4d5158", nameof(MaskedHello) },
        // FIN=0, RSV1+RSV3 (0x50), opcode 0xF | len=0
        { "5f 00", nameof(LyingBitsAndOpcode) },
        // FIN=1, Binary | 16-bit form for length 3 (non-minimal) | 010203
        { "82 7e 0003 010203", nameof(Forced16) },
        // FIN=1, Binary | 64-bit form for length 3 (non-minimal) | 010203
        { "82 7f 0000000000000003 010203", nameof(Forced64) },
        // FIN=1, Binary | declared length 2^63 with the MSB set, 64-bit form chosen minimally | 010203
        { "82 7f 8000000000000000 010203", nameof(DeclaredMsb) },
        // FIN=1, Text | declares 9 but carries 3 bytes
        { "81 09 010203", nameof(DeclaredLonger) },
    };

    private static FrameSpec UnmaskedHello => new(true, 0, Opcodes.Text, false, 0, "Hello"u8.ToArray());

    private static FrameSpec MaskedHello => new(true, 0, Opcodes.Text, true, RfcKey, "Hello"u8.ToArray());

    private static FrameSpec LyingBitsAndOpcode => new(false, 0b101, 0xF, false, 0, ReadOnlyMemory<byte>.Empty);

    private static FrameSpec Forced16 => new(true, 0, Opcodes.Binary, false, 0, Hex("010203"), LengthEncoding: LengthEncoding.Extended16);

    private static FrameSpec Forced64 => new(true, 0, Opcodes.Binary, false, 0, Hex("010203"), LengthEncoding: LengthEncoding.Extended64);

    private static FrameSpec DeclaredMsb => new(true, 0, Opcodes.Binary, false, 0, Hex("010203"), DeclaredLength: 1UL << 63);

    private static FrameSpec DeclaredLonger => new(true, 0, Opcodes.Text, false, 0, Hex("010203"), DeclaredLength: 9);

    [Theory]
    [MemberData(nameof(EncodedFrames))]
    public void Encodes_the_exact_bytes(string expectedHex, string specName)
    {
        FrameSpec spec = Spec(specName);
        byte[] expected = Hex(expectedHex);

        Assert.Equal(expected, FrameEncoder.Encode(spec));
        Assert.Equal(expected.Length, FrameEncoder.GetEncodedLength(spec));
        Assert.Equal(expected.Length - spec.Payload.Length, FrameEncoder.GetHeaderLength(spec));
    }

    [Theory]
    [InlineData(125, 2)]
    [InlineData(126, 4)]
    [InlineData(65535, 4)]
    [InlineData(65536, 10)]
    public void Minimal_encoding_picks_the_smallest_length_form(int length, int headerLength) =>
        Assert.Equal(headerLength, FrameEncoder.GetHeaderLength(new FrameSpec(true, 0, 2, false, 0, new byte[length])));

    [Fact]
    public void Write_returns_the_bytes_written_and_leaves_the_rest_alone()
    {
        byte[] destination = Enumerable.Repeat((byte)0xAA, 20).ToArray();

        int written = FrameEncoder.Write(destination, MaskedHello);

        Assert.Equal(11, written);
        Assert.All(destination[11..], b => Assert.Equal(0xAA, b));
    }

    [Fact]
    public void Write_does_not_mask_the_callers_payload()
    {
        byte[] payload = "Hello"u8.ToArray();

        FrameEncoder.Encode(new FrameSpec(true, 0, 1, true, RfcKey, payload));

        Assert.Equal("Hello"u8.ToArray(), payload);
    }

    [Fact]
    public void Close_writes_code_and_utf8_reason()
    {
        // FIN=1, Close | MASK=0, len=5 | 1000 | "κ" (ce ba) + "!"
        Assert.Equal(Hex("88 05 03e8 ceba21"), FrameEncoder.Close(1000, "κ!", null));
        // FIN=1, Close | MASK=1, len=2 | key 00000001 | 1001 masked: 03^00 e9^00
        Assert.Equal(Hex("88 82 00000001 03e9"), FrameEncoder.Close(1001, "", 1));
    }

    [Fact]
    public void Control_conveniences_write_final_frames()
    {
        Assert.Equal(Hex("88 01 00"), FrameEncoder.CloseWithBody(Hex("00"), null)); // FIN=1, Close, len=1
        Assert.Equal(Hex("89 02 6869"), FrameEncoder.Ping("hi"u8, null));          // FIN=1, Ping, "hi"
        Assert.Equal(Hex("8a 80 01020304"), FrameEncoder.Pong([], 0x01020304));   // FIN=1, Pong, MASK=1, len=0
    }

    [Fact]
    public void Fragment_splits_into_opcode_then_continuations_with_fin_on_the_last()
    {
        byte[] message = FrameVectors.Pattern(10);
        uint key = 100;

        IReadOnlyList<FrameSpec> frames = FrameEncoder.Fragment(Opcodes.Text, message, 4, () => key++);

        Assert.Equal([(false, 1, 4, 100u), (false, 0, 4, 101u), (true, 0, 2, 102u)],
            frames.Select(f => (f.Fin, (int)f.Opcode, f.Payload.Length, f.MaskKey)));
        Assert.All(frames, f => Assert.True(f.Masked));
        Assert.Equal(message, frames.SelectMany(f => f.Payload.ToArray()));
    }

    [Theory]
    [InlineData(10, 10)]
    [InlineData(10, 0)]
    [InlineData(0, 4)]
    public void Fragment_keeps_short_messages_in_one_unmasked_frame(int length, int fragmentSize)
    {
        FrameSpec frame = Assert.Single(FrameEncoder.Fragment(Opcodes.Binary, new byte[length], fragmentSize, null));

        Assert.Equal((true, Opcodes.Binary, false, length), (frame.Fin, frame.Opcode, frame.Masked, frame.Payload.Length));
    }

    [Fact]
    public void Impossible_specs_are_programming_errors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameEncoder.Encode(UnmaskedHello with { Rsv = 8 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameEncoder.Encode(UnmaskedHello with { Opcode = 16 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameEncoder.Encode(UnmaskedHello with { DeclaredLength = 65536, LengthEncoding = LengthEncoding.Extended16 }));
        Assert.Throws<ArgumentException>(() => FrameEncoder.Write(new byte[6], UnmaskedHello));
    }

    private static FrameSpec Spec(string name) => name switch
    {
        nameof(UnmaskedHello) => UnmaskedHello,
        nameof(MaskedHello) => MaskedHello,
        nameof(LyingBitsAndOpcode) => LyingBitsAndOpcode,
        nameof(Forced16) => Forced16,
        nameof(Forced64) => Forced64,
        nameof(DeclaredMsb) => DeclaredMsb,
        _ => DeclaredLonger,
    };
}
