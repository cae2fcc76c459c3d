using static WsConformance.Protocol.Tests.Decoding;

namespace WsConformance.Protocol.Tests;

public class FrameDecoderTests
{
    public static TheoryData<string> ValidNames => FrameVectors.ValidNames;

    public static TheoryData<string> IncompleteNames => FrameVectors.IncompleteNames;

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Valid_vectors_decode_to_the_expected_frames(string name) =>
        AssertDecodes(FrameVectors.Valid[name], chunkSize: int.MaxValue);

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Valid_vectors_decode_the_same_when_fed_one_byte_at_a_time(string name) =>
        AssertDecodes(FrameVectors.Valid[name], chunkSize: 1);

    [Theory]
    [MemberData(nameof(IncompleteNames))]
    public void Incomplete_vectors_wait_for_more_data(string name)
    {
        IncompleteVector vector = FrameVectors.Incomplete[name];
        var decoder = new FrameDecoder();
        byte[] wire = [.. vector.Wire];

        DecodeStatus status = decoder.Decode(wire, out int consumed, out FrameHeader header, out _, out _);

        if (!vector.HeaderComplete)
        {
            Assert.Equal(DecodeStatus.NeedMoreData, status);
            Assert.Equal(0, consumed);
            Assert.Null(decoder.CurrentFrame);
            return;
        }

        Assert.Equal(DecodeStatus.FrameStarted, status);
        DecodeStatus next = decoder.Decode(wire.AsSpan(consumed), out int payloadConsumed, out _, out Span<byte> payload, out bool end);
        if (wire.Length > header.HeaderLength)
        {
            Assert.Equal(DecodeStatus.PayloadChunk, next);
            Assert.Equal(wire.Length - header.HeaderLength, payloadConsumed);
            Assert.False(end);
            next = decoder.Decode(Span<byte>.Empty, out payloadConsumed, out _, out payload, out _);
        }

        Assert.Equal(DecodeStatus.NeedMoreData, next);
        Assert.Equal(0, payloadConsumed);
        Assert.Equal(vector.PayloadRemaining, decoder.PayloadRemaining);
        Assert.Equal(header, decoder.CurrentFrame);
    }

    [Theory]
    [MemberData(nameof(IncompleteNames))]
    public void Incomplete_vectors_fed_one_byte_at_a_time_leave_the_same_state(string name)
    {
        IncompleteVector vector = FrameVectors.Incomplete[name];

        DecodeResult result = DecodeAll(vector.Wire, chunkSize: 1);

        if (vector.HeaderComplete)
        {
            DecodedFrame frame = Assert.Single(result.Frames);
            Assert.False(frame.Complete);
            Assert.Equal((ulong)frame.Payload.Length + vector.PayloadRemaining, frame.Header.DeclaredLength);
        }
        else
        {
            Assert.Empty(result.Frames);
            Assert.Equal(vector.Wire.Length, result.UnconsumedBytes);
        }
    }

    [Fact]
    public void A_declared_length_of_2_pow_63_minus_1_allocates_nothing_and_only_slices_the_input()
    {
        // FIN=1, Binary | 64-bit length 0x7fffffffffffffff | then 4096 payload bytes arrive.
        byte[] header = Hex("82 7f 7fffffffffffffff");
        byte[] payloadBuffer = FrameVectors.Pattern(4096);
        DecodeHugeFrame(new FrameDecoder(), header, payloadBuffer); // warm up (JIT, statics) so the measurement sees only decoding
        var decoder = new FrameDecoder();

        long before = GC.GetAllocatedBytesForCurrentThread();
        (FrameHeader started, bool sliceOfInput, ulong remaining) = DecodeHugeFrame(decoder, header, payloadBuffer);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal((ulong)long.MaxValue, started.DeclaredLength);
        Assert.Equal(LengthWidth.Extended64, started.Width);
        Assert.True(sliceOfInput);
        Assert.Equal((ulong)long.MaxValue - 4096, remaining);
    }

    [Fact]
    public void A_zero_length_frame_yields_one_empty_final_chunk_without_consuming()
    {
        var decoder = new FrameDecoder();
        byte[] wire = Hex("81 00 81 00"); // two empty final text frames

        Assert.Equal(DecodeStatus.FrameStarted, decoder.Decode(wire, out int consumed, out _, out _, out _));
        Assert.Equal(2, consumed);
        Assert.Equal(DecodeStatus.PayloadChunk, decoder.Decode(wire.AsSpan(2), out consumed, out _, out Span<byte> payload, out bool end));
        Assert.Equal(0, consumed);
        Assert.True(payload.IsEmpty);
        Assert.True(end);
        Assert.Null(decoder.CurrentFrame);
        Assert.Equal(DecodeStatus.FrameStarted, decoder.Decode(wire.AsSpan(2), out consumed, out _, out _, out _));
    }

    [Fact]
    public void Payload_is_unmasked_in_place_in_the_callers_buffer()
    {
        byte[] wire = Hex("81 85 37fa213d 7f9f4d5158");
        var decoder = new FrameDecoder();
        decoder.Decode(wire, out int consumed, out _, out _, out _);

        decoder.Decode(wire.AsSpan(consumed), out _, out _, out _, out _);

        Assert.Equal("Hello"u8.ToArray(), wire[6..]);
    }

    [Fact]
    public void Reset_forgets_the_frame_in_progress()
    {
        var decoder = new FrameDecoder();
        decoder.Decode(Hex("81 05"), out _, out _, out _, out _);

        decoder.Reset();

        Assert.Null(decoder.CurrentFrame);
        Assert.Equal(0UL, decoder.PayloadRemaining);
    }

    private static (FrameHeader Header, bool SliceOfInput, ulong Remaining) DecodeHugeFrame(FrameDecoder decoder, byte[] header, byte[] payloadBuffer)
    {
        decoder.Decode(header, out _, out FrameHeader started, out _, out _);
        decoder.Decode(payloadBuffer, out _, out _, out Span<byte> payload, out _);
        bool slice = payload.Length == payloadBuffer.Length && payload.Overlaps(payloadBuffer);
        return (started, slice, decoder.PayloadRemaining);
    }

    private static void AssertDecodes(ValidVector vector, int chunkSize)
    {
        DecodeResult result = DecodeAll(vector.Wire, chunkSize);

        Assert.Equal(0, result.UnconsumedBytes);
        Assert.Equal(vector.Frames.Length, result.Frames.Count);
        foreach ((ExpectedFrame expected, DecodedFrame actual) in vector.Frames.Zip(result.Frames))
        {
            Assert.True(actual.Complete);
            FrameHeader h = actual.Header;
            Assert.Equal(
                (expected.Fin, expected.Rsv, expected.Opcode, expected.Masked, expected.MaskKey, expected.Length, expected.Width),
                (h.Fin, h.Rsv, h.Opcode, h.Masked, h.MaskKey, h.DeclaredLength, h.Width));
            Assert.Equal(expected.Payload, actual.Payload);
        }
    }
}
