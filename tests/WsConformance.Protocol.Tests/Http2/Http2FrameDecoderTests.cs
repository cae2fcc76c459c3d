using WsConformance.Protocol.Http2;
using static WsConformance.Protocol.Tests.Http2.Http2Decoding;

namespace WsConformance.Protocol.Tests.Http2;

public class Http2FrameDecoderTests
{
    public static TheoryData<string> ValidNames => Http2FrameVectors.ValidNames;

    public static TheoryData<string> IncompleteNames => Http2FrameVectors.IncompleteNames;

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Valid_vectors_decode_to_the_expected_frames(string name) =>
        AssertDecodes(Http2FrameVectors.Valid[name], chunkSize: int.MaxValue);

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Valid_vectors_decode_the_same_when_fed_one_byte_at_a_time(string name) =>
        AssertDecodes(Http2FrameVectors.Valid[name], chunkSize: 1);

    [Theory]
    [MemberData(nameof(IncompleteNames))]
    public void Incomplete_vectors_wait_for_more_data_whole_or_byte_by_byte(string name)
    {
        Http2IncompleteVector vector = Http2FrameVectors.Incomplete[name];
        foreach (int chunkSize in new[] { int.MaxValue, 1 })
        {
            Http2DecodeResult result = DecodeAll(vector.Wire, chunkSize);

            Assert.Empty(result.Frames);
            int expectedUnconsumed = vector.OversizedPayloadRemaining == 0 ? vector.Wire.Length : 0;
            Assert.Equal(expectedUnconsumed, result.UnconsumedBytes);
        }

        var decoder = new Http2FrameDecoder();
        int offset = 0;
        while (decoder.Decode(vector.Wire.AsSpan(offset), out int consumed, out _) != Http2DecodeStatus.NeedMoreData)
        {
            offset += consumed;
        }

        Assert.Equal(vector.OversizedPayloadRemaining, decoder.OversizedPayloadRemaining);
    }

    [Fact]
    public void Every_field_of_the_header_is_kept_as_sent()
    {
        // Length 0, type 0xfe, flags 0xa5, reserved bit set, stream 2^31-1.
        Assert.True(Http2FrameDecoder.TryReadHeader(Decoding.Hex("000000 fe a5 ffffffff"), out Http2FrameHeader header));

        Assert.Equal(new Http2FrameHeader(0, 0xfe, 0xa5, ReservedBit: true, StreamId: 0x7fffffff), header);
    }

    [Fact]
    public void The_largest_declared_length_is_read_as_24_bits()
    {
        Assert.True(Http2FrameDecoder.TryReadHeader(Decoding.Hex("ffffff 00 00 00000001"), out Http2FrameHeader header));

        Assert.Equal(Http2FrameHeader.MaxFrameSizeLimit, header.Length);
    }

    [Fact]
    public void An_oversized_frame_is_reported_on_its_header_and_its_payload_passed_through_without_buffering()
    {
        byte[] payload = FrameVectors.Pattern(100);
        byte[] wire = [.. Decoding.Hex("000064 00 00 00000001"), .. payload, .. Decoding.Hex("000000 04 01 00000000")];
        var decoder = new Http2FrameDecoder(maxFrameSize: 99);

        Assert.Equal(Http2DecodeStatus.FrameTooLarge, decoder.Decode(wire, out int consumed, out Http2Frame frame));
        Assert.Equal(Http2FrameHeader.Size, consumed);
        Assert.Equal(100, frame.Header.Length);
        Assert.Equal(Http2DecodeStatus.OversizedPayloadChunk, decoder.Decode(wire.AsSpan(9, 40), out consumed, out frame));
        Assert.Equal(40, consumed);
        Assert.False(frame.EndOfFrame);
        Assert.Equal(Http2DecodeStatus.OversizedPayloadChunk, decoder.Decode(wire.AsSpan(49), out consumed, out frame));
        Assert.Equal(60, consumed);
        Assert.True(frame.EndOfFrame);
        Assert.Equal(payload[40..], frame.Payload.ToArray());
        Assert.Equal(Http2DecodeStatus.Frame, decoder.Decode(wire.AsSpan(109), out _, out frame));
        Assert.Equal(Http2FrameTypes.Settings, frame.Header.Type);
    }

    [Fact]
    public void Raising_the_max_frame_size_between_frames_admits_larger_frames()
    {
        byte[] wire = [.. Decoding.Hex("004001 00 00 00000001"), .. FrameVectors.Pattern(16_385)];
        var decoder = new Http2FrameDecoder { MaxFrameSize = 16_385 };

        Assert.Equal(Http2DecodeStatus.Frame, decoder.Decode(wire, out int consumed, out _));
        Assert.Equal(wire.Length, consumed);
    }

    [Fact]
    public void Reset_forgets_an_oversized_frame_in_progress()
    {
        var decoder = new Http2FrameDecoder(maxFrameSize: 0);
        decoder.Decode(Decoding.Hex("000005 00 00 00000001"), out _, out _);

        decoder.Reset();

        Assert.Null(decoder.OversizedFrame);
        Assert.Equal(0, decoder.OversizedPayloadRemaining);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(Http2FrameHeader.MaxFrameSizeLimit + 1)]
    public void A_max_frame_size_outside_24_bits_is_a_caller_error(int maxFrameSize) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Http2FrameDecoder(maxFrameSize));

    private static void AssertDecodes(Http2ValidVector vector, int chunkSize)
    {
        Http2DecodeResult result = DecodeAll(vector.Wire, chunkSize);

        Assert.Equal(0, result.UnconsumedBytes);
        Assert.Equal(vector.Frames.Length, result.Frames.Count);
        int rawOffset = 0;
        for (int index = 0; index < vector.Frames.Length; index++)
        {
            ExpectedHttp2Frame expected = vector.Frames[index];
            DecodedHttp2Frame actual = result.Frames[index];
            Assert.Equal(new Http2FrameHeader(expected.Length, expected.Type, expected.Flags, false, expected.StreamId), actual.Header);
            Assert.Equal(expected.Payload, actual.Payload);
            Assert.Equal(vector.Wire[rawOffset..(rawOffset + actual.Raw.Length)], actual.Raw);
            rawOffset += actual.Raw.Length;
        }
    }
}
