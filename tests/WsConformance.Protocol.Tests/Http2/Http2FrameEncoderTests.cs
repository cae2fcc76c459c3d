using WsConformance.Protocol.Http2;
using static WsConformance.Protocol.Tests.Decoding;

namespace WsConformance.Protocol.Tests.Http2;

public class Http2FrameEncoderTests
{
    private static readonly byte[] Hi = "hi"u8.ToArray();

    /// <summary>Each builder writes exactly the bytes of the valid vector of the same name.</summary>
    public static TheoryData<string> BuiltVectors => new(BuildersByVector.Keys);

    /// <summary>Each lie writes exactly the bytes of the invalid vector of the same name.</summary>
    public static TheoryData<string> LyingVectors => new(LiesByVector.Keys);

    private static Dictionary<string, Func<byte[]>> BuildersByVector => new()
    {
        ["settings-empty"] = () => Encode(Http2Frames.Settings()),
        ["settings-enable-connect-protocol"] = () => Encode(Http2Frames.Settings(new Http2Setting(Http2SettingIds.EnableConnectProtocol, 1))),
        ["settings-ack"] = () => Encode(Http2Frames.SettingsAck()),
        ["headers"] = () => Encode(Http2Frames.Headers(1, [0x82], endStream: true)),
        ["headers-padded-with-priority"] = () => Encode(Http2Frames.Headers(
            1, [0x82], priority: new Http2Priority(3, 15, Exclusive: true), padding: new Http2Padding(2))),
        ["headers-then-continuation"] = () => Http2FrameEncoder.Encode(
            Http2Frames.Headers(3, [0x82], endHeaders: false), Http2Frames.Continuation(3, [0x84])),
        ["data-padded"] = () => Encode(Http2Frames.Data(1, Hi, endStream: true, padding: new Http2Padding(3))),
        ["data-padded-zero"] = () => Encode(Http2Frames.Data(1, [], padding: new Http2Padding(0))),
        ["data-empty-end-stream"] = () => Encode(Http2Frames.Data(1, [], endStream: true)),
        ["window-update-connection"] = () => Encode(Http2Frames.WindowUpdate(0, 65_535)),
        ["window-update-stream"] = () => Encode(Http2Frames.WindowUpdate(1, int.MaxValue)),
        ["rst-stream-cancel"] = () => Encode(Http2Frames.RstStream(1, Http2ErrorCode.Cancel)),
        ["goaway-with-debug-data"] = () => Encode(Http2Frames.GoAway(3, Http2ErrorCode.NoError, Hi)),
        ["ping"] = () => Encode(Http2Frames.Ping(0x0102030405060708)),
        ["ping-ack"] = () => Encode(Http2Frames.Ping(0x0102030405060708, ack: true)),
        ["priority"] = () => Encode(Http2Frames.Priority(3, new Http2Priority(1, 15))),
        ["unknown-type"] = () => Encode(new Http2FrameSpec(0xfa, 0xff, 0, "abc"u8.ToArray())),
    };

    private static Dictionary<string, Func<byte[]>> LiesByVector => new()
    {
        ["settings-on-stream-1"] = () => Encode(Http2Frames.Settings() with { StreamId = 1 }),
        ["settings-enable-connect-protocol-2"] = () => Encode(Http2Frames.Settings(new Http2Setting(Http2SettingIds.EnableConnectProtocol, 2))),
        ["ping-length-7"] = () => Encode(Http2Frames.Ping(0x0102030405060708) with { Payload = Hex("01020304050607") }),
        ["window-update-0-on-stream"] = () => Encode(Http2Frames.WindowUpdate(1, 0)),
        ["window-update-0-with-reserved-bit"] = () => Encode(Http2Frames.WindowUpdate(0, 0x8000_0000)),
        ["rst-stream-on-stream-0"] = () => Encode(Http2Frames.RstStream(0, Http2ErrorCode.Cancel)),
        ["priority-on-itself"] = () => Encode(Http2Frames.Priority(3, new Http2Priority(3, 15))),
        ["data-on-stream-0"] = () => Encode(Http2Frames.Data(0, "a"u8)),
        // Pad Length 3 announced, 2 octets of padding written.
        ["data-padding-longer-than-payload"] = () => Encode(Http2Frames.Data(1, [], padding: new Http2Padding(2, DeclaredLength: 3))),
        ["data-non-zero-padding"] = () => Encode(Http2Frames.Data(1, "a"u8, padding: new Http2Padding(1, Fill: 0xff))),
        ["data-padded-without-pad-length"] = () => Encode(Http2Frames.Data(1, [], padding: new Http2Padding(0)) with { Payload = ReadOnlyMemory<byte>.Empty }),
        ["continuation-without-headers"] = () => Encode(Http2Frames.Continuation(1, [0x82])),
        ["reserved-bit"] = () => Encode(Http2Frames.SettingsAck() with { ReservedBit = true }),
        ["undefined-flag"] = () => Encode(Http2Frames.Ping(0x0102030405060708) with { Flags = 0x02 }),
    };

    [Theory]
    [MemberData(nameof(BuiltVectors))]
    public void Builders_write_the_valid_vectors_byte_for_byte(string name) =>
        Assert.Equal(Http2FrameVectors.Valid[name].Wire, BuildersByVector[name]());

    [Theory]
    [MemberData(nameof(LyingVectors))]
    public void Lies_write_the_invalid_vectors_byte_for_byte(string name) =>
        Assert.Equal(Http2FrameVectors.Invalid[name].Wire, LiesByVector[name]());

    [Fact]
    public void A_declared_length_other_than_the_payload_is_written_as_given()
    {
        byte[] wire = Encode(Http2Frames.Ping(0) with { DeclaredLength = 0xabcdef });

        Assert.Equal(Hex("abcdef 06 00 00000000"), wire[..9]);
        Assert.Equal(9 + 8, wire.Length);
    }

    [Fact]
    public void Decoding_what_was_encoded_gives_every_field_back()
    {
        var spec = new Http2FrameSpec(0x42, 0x99, 0x7fff_fffe, "payload"u8.ToArray(), ReservedBit: true);

        Assert.True(Http2FrameDecoder.TryReadHeader(Encode(spec), out Http2FrameHeader header));

        Assert.Equal(new Http2FrameHeader(7, 0x42, 0x99, true, 0x7fff_fffe), header);
    }

    [Fact]
    public void Values_the_wire_cannot_carry_are_caller_errors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Encode(Http2Frames.Data(0x8000_0000, [])));
        Assert.Throws<ArgumentOutOfRangeException>(() => Encode(Http2Frames.Data(1, []) with { DeclaredLength = 1 << 24 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Http2Frames.Data(1, [], padding: new Http2Padding(256)));
        Assert.Throws<ArgumentException>(() => Http2FrameEncoder.Write(new byte[9], Http2Frames.Ping(0)));
    }

    private static byte[] Encode(Http2FrameSpec spec) => Http2FrameEncoder.Encode(spec);
}

public class Http2PrefaceTests
{
    [Fact]
    public void The_client_preface_is_the_rfc_string()
    {
        Assert.Equal("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray(), Http2Preface.Client.ToArray());
        Assert.Equal(Http2Preface.Length, Http2Preface.Client.Length);
    }

    [Theory]
    [InlineData("", PrefaceMatch.NeedMoreData)]
    [InlineData("PRI * HTTP/2.0\r\n", PrefaceMatch.NeedMoreData)]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", PrefaceMatch.Complete)]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\x04", PrefaceMatch.Complete)]
    [InlineData("GET / HTTP/1.1\r\n", PrefaceMatch.Mismatch)]
    [InlineData("PRI * HTTP/2.1", PrefaceMatch.Mismatch)]
    public void Match_tells_complete_incomplete_and_wrong_prefaces_apart(string received, PrefaceMatch expected) =>
        Assert.Equal(expected, Http2Preface.Match(System.Text.Encoding.Latin1.GetBytes(received)));
}
