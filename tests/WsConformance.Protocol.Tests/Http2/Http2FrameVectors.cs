using WsConformance.Protocol.Http2;
using static WsConformance.Protocol.Tests.Decoding;

namespace WsConformance.Protocol.Tests.Http2;

internal sealed record ExpectedHttp2Frame(int Length, byte Type, byte Flags, uint StreamId, byte[] Payload);

internal sealed record Http2ValidVector(byte[] Wire, ExpectedHttp2Frame[] Frames);

/// <summary>A wire prefix that stops before a frame is whole; an oversized frame's payload may have started.</summary>
internal sealed record Http2IncompleteVector(byte[] Wire, int OversizedPayloadRemaining);

/// <summary>A frame sequence breaking one rule: the codes reported, and the section, error and scope of the last one.</summary>
internal sealed record Http2InvalidVector(byte[] Wire, Http2ViolationCode[] Expected, string Section, Http2ErrorCode Error, Http2ErrorScope Scope);

/// <summary>
/// HTTP/2 frame byte vectors split into Valid / Incomplete / Invalid, keyed by name so each is its own test case.
/// Each wire is written as header (length, type, flags, stream) then payload.
/// </summary>
internal static class Http2FrameVectors
{
    private const Http2ErrorScope Connection = Http2ErrorScope.Connection;
    private const Http2ErrorScope Stream = Http2ErrorScope.Stream;
    private static readonly byte[] MaxSizePayload = FrameVectors.Pattern(Http2FrameHeader.DefaultMaxFrameSize);
    private static readonly byte[] OversizedPayload = FrameVectors.Pattern(Http2FrameHeader.DefaultMaxFrameSize + 1);

    public static readonly Dictionary<string, Http2ValidVector> Valid = new()
    {
        ["settings-empty"] = new(Hex("000000 04 00 00000000"), [Frame(0, 4, 0, 0, "")]),
        // SETTINGS_ENABLE_CONNECT_PROTOCOL (0x8) = 1, RFC 8441 §3.
        ["settings-enable-connect-protocol"] = new(Hex("000006 04 00 00000000 0008 00000001"), [Frame(6, 4, 0, 0, "0008 00000001")]),
        // MAX_CONCURRENT_STREAMS 100, INITIAL_WINDOW_SIZE 2^31-1, MAX_FRAME_SIZE 2^24-1: each at an end of its range.
        ["settings-at-limits"] = new(Hex("000012 04 00 00000000 0003 00000064 0004 7fffffff 0005 00ffffff"),
            [Frame(18, 4, 0, 0, "0003 00000064 0004 7fffffff 0005 00ffffff")]),
        // An unknown identifier MUST be ignored (§6.5.2).
        ["settings-unknown-id"] = new(Hex("000006 04 00 00000000 00ff 12345678"), [Frame(6, 4, 0, 0, "00ff 12345678")]),
        // ENABLE_CONNECT_PROTOCOL 0, then 1, then 1 again: enabling late and repeating are fine.
        ["settings-enable-connect-protocol-late"] = new(Hex("000006 04 00 00000000 0008 00000000 00000c 04 00 00000000 0008 00000001 0008 00000001"),
            [Frame(6, 4, 0, 0, "0008 00000000"), Frame(12, 4, 0, 0, "0008 00000001 0008 00000001")]),
        ["settings-ack"] = new(Hex("000000 04 01 00000000"), [Frame(0, 4, 1, 0, "")]),
        // HEADERS, END_STREAM | END_HEADERS, field block 0x82 (:method GET).
        ["headers"] = new(Hex("000001 01 05 00000001 82"), [Frame(1, 1, 5, 1, "82")]),
        // HEADERS, PADDED | PRIORITY | END_HEADERS: pad length 2, E + dependency 3, weight 15, block 0x82, 2 zero octets.
        ["headers-padded-with-priority"] = new(Hex("000009 01 2c 00000001 02 80000003 0f 82 0000"),
            [Frame(9, 1, 0x2c, 1, "02 80000003 0f 82 0000")]),
        // HEADERS without END_HEADERS, then CONTINUATION with END_HEADERS on the same stream.
        ["headers-then-continuation"] = new(Hex("000001 01 00 00000003 82 000001 09 04 00000003 84"),
            [Frame(1, 1, 0, 3, "82"), Frame(1, 9, 4, 3, "84")]),
        // PUSH_PROMISE, END_HEADERS: promised stream 2, block 0x82.
        ["push-promise"] = new(Hex("000005 05 04 00000001 00000002 82"), [Frame(5, 5, 4, 1, "00000002 82")]),
        // DATA, END_STREAM | PADDED: pad length 3, "hi", 3 zero octets.
        ["data-padded"] = new(Hex("000006 00 09 00000001 03 6869 000000"), [Frame(6, 0, 9, 1, "03 6869 000000")]),
        // DATA, PADDED, pad length 0: only the Pad Length octet.
        ["data-padded-zero"] = new(Hex("000001 00 08 00000001 00"), [Frame(1, 0, 8, 1, "00")]),
        ["data-empty-end-stream"] = new(Hex("000000 00 01 00000001"), [Frame(0, 0, 1, 1, "")]),
        ["data-max-frame-size"] = new([.. Hex("004000 00 00 00000001"), .. MaxSizePayload],
            [new ExpectedHttp2Frame(Http2FrameHeader.DefaultMaxFrameSize, 0, 0, 1, MaxSizePayload)]),
        ["window-update-connection"] = new(Hex("000004 08 00 00000000 0000ffff"), [Frame(4, 8, 0, 0, "0000ffff")]),
        ["window-update-stream"] = new(Hex("000004 08 00 00000001 7fffffff"), [Frame(4, 8, 0, 1, "7fffffff")]),
        // RST_STREAM CANCEL (0x8): RFC 8441 §5's TCP reset.
        ["rst-stream-cancel"] = new(Hex("000004 03 00 00000001 00000008"), [Frame(4, 3, 0, 1, "00000008")]),
        // GOAWAY: last stream 3, NO_ERROR, debug data "hi".
        ["goaway-with-debug-data"] = new(Hex("00000a 07 00 00000000 00000003 00000000 6869"), [Frame(10, 7, 0, 0, "00000003 00000000 6869")]),
        ["ping"] = new(Hex("000008 06 00 00000000 0102030405060708"), [Frame(8, 6, 0, 0, "0102030405060708")]),
        ["ping-ack"] = new(Hex("000008 06 01 00000000 0102030405060708"), [Frame(8, 6, 1, 0, "0102030405060708")]),
        ["priority"] = new(Hex("000005 02 00 00000003 00000001 0f"), [Frame(5, 2, 0, 3, "00000001 0f")]),
        // An unknown type (0xfa) with any flags is ignored (§5.5), even on stream 0.
        ["unknown-type"] = new(Hex("000003 fa ff 00000000 616263"), [Frame(3, 0xfa, 0xff, 0, "616263")]),
    };

    public static readonly Dictionary<string, Http2IncompleteVector> Incomplete = new()
    {
        ["eight-header-octets"] = new(Hex("000005 01 04 000000"), 0),
        ["header-without-payload"] = new(Hex("000005 01 04 00000001"), 0),
        ["half-a-ping"] = new(Hex("000008 06 00 00000000 01020304"), 0),
        // 16,385 declared: reported as too large at once, 10 payload octets passed through so far.
        ["oversized-data-started"] = new([.. Hex("004001 00 00 00000001"), .. OversizedPayload[..10]], OversizedPayload.Length - 10),
    };

    public static readonly Dictionary<string, Http2InvalidVector> Invalid = new()
    {
        ["settings-on-stream-1"] = ConnectionError(Hex("000000 04 00 00000001"), Http2ViolationCode.StreamIdMustBeZero, "6.5", Http2ErrorCode.ProtocolError),
        ["settings-ack-with-payload"] = ConnectionError(Hex("000006 04 01 00000000 0001 00001000"), Http2ViolationCode.SettingsAckWithPayload, "6.5", Http2ErrorCode.FrameSizeError),
        ["settings-length-7"] = ConnectionError(Hex("000007 04 00 00000000 0001 00001000 00"), Http2ViolationCode.SettingsLengthNotMultipleOf6, "6.5", Http2ErrorCode.FrameSizeError),
        ["settings-enable-push-2"] = ConnectionError(Hex("000006 04 00 00000000 0002 00000002"), Http2ViolationCode.InvalidSettingValue, "6.5.2", Http2ErrorCode.ProtocolError),
        ["settings-initial-window-2-pow-31"] = ConnectionError(Hex("000006 04 00 00000000 0004 80000000"), Http2ViolationCode.InvalidSettingValue, "6.5.2", Http2ErrorCode.FlowControlError),
        ["settings-max-frame-size-16383"] = ConnectionError(Hex("000006 04 00 00000000 0005 00003fff"), Http2ViolationCode.InvalidSettingValue, "6.5.2", Http2ErrorCode.ProtocolError),
        ["settings-max-frame-size-2-pow-24"] = ConnectionError(Hex("000006 04 00 00000000 0005 01000000"), Http2ViolationCode.InvalidSettingValue, "6.5.2", Http2ErrorCode.ProtocolError),
        ["settings-enable-connect-protocol-2"] = new(Hex("000006 04 00 00000000 0008 00000002"),
            [Http2ViolationCode.InvalidSettingValue], "RFC 8441 §3", Http2ErrorCode.ProtocolError, Connection),
        // ENABLE_CONNECT_PROTOCOL 1, then 0 in a later SETTINGS frame.
        ["settings-enable-connect-protocol-withdrawn"] = new(Hex("000006 04 00 00000000 0008 00000001 000006 04 00 00000000 0008 00000000"),
            [Http2ViolationCode.ConnectProtocolWithdrawn], "RFC 8441 §3", Http2ErrorCode.ProtocolError, Connection),
        ["ping-on-stream-1"] = ConnectionError(Hex("000008 06 00 00000001 0102030405060708"), Http2ViolationCode.StreamIdMustBeZero, "6.7", Http2ErrorCode.ProtocolError),
        ["ping-length-7"] = ConnectionError(Hex("000007 06 00 00000000 01020304050607"), Http2ViolationCode.WrongFixedLength, "6.7", Http2ErrorCode.FrameSizeError),
        ["goaway-on-stream-1"] = ConnectionError(Hex("000008 07 00 00000001 00000000 00000000"), Http2ViolationCode.StreamIdMustBeZero, "6.8", Http2ErrorCode.ProtocolError),
        ["goaway-length-7"] = new(Hex("000007 07 00 00000000 00000000 000000"),
            [Http2ViolationCode.FrameTooSmall], "RFC 9113 §4.2", Http2ErrorCode.FrameSizeError, Connection),
        ["window-update-0-on-connection"] = ConnectionError(Hex("000004 08 00 00000000 00000000"), Http2ViolationCode.WindowIncrementZero, "6.9", Http2ErrorCode.ProtocolError),
        ["window-update-0-on-stream"] = new(Hex("000004 08 00 00000001 00000000"),
            [Http2ViolationCode.WindowIncrementZero], "RFC 9113 §6.9", Http2ErrorCode.ProtocolError, Stream),
        // The reserved bit set and an increment of 0: the bit does not count towards the increment.
        ["window-update-0-with-reserved-bit"] = ConnectionError(Hex("000004 08 00 00000000 80000000"), Http2ViolationCode.WindowIncrementZero, "6.9", Http2ErrorCode.ProtocolError),
        ["window-update-length-3"] = ConnectionError(Hex("000003 08 00 00000000 000001"), Http2ViolationCode.WrongFixedLength, "6.9", Http2ErrorCode.FrameSizeError),
        ["rst-stream-on-stream-0"] = ConnectionError(Hex("000004 03 00 00000000 00000008"), Http2ViolationCode.StreamIdMustNotBeZero, "6.4", Http2ErrorCode.ProtocolError),
        ["rst-stream-length-5"] = ConnectionError(Hex("000005 03 00 00000001 00000008 00"), Http2ViolationCode.WrongFixedLength, "6.4", Http2ErrorCode.FrameSizeError),
        ["priority-length-4"] = new(Hex("000004 02 00 00000001 00000003"),
            [Http2ViolationCode.WrongFixedLength], "RFC 9113 §6.3", Http2ErrorCode.FrameSizeError, Stream),
        ["priority-on-itself"] = new(Hex("000005 02 00 00000003 00000003 0f"),
            [Http2ViolationCode.StreamDependsOnItself], "RFC 9113 §5.3.1", Http2ErrorCode.ProtocolError, Stream),
        ["priority-on-stream-0"] = ConnectionError(Hex("000005 02 00 00000000 00000001 0f"), Http2ViolationCode.StreamIdMustNotBeZero, "6.3", Http2ErrorCode.ProtocolError),
        ["data-on-stream-0"] = ConnectionError(Hex("000001 00 00 00000000 61"), Http2ViolationCode.StreamIdMustNotBeZero, "6.1", Http2ErrorCode.ProtocolError),
        // PADDED, pad length 3 but only 2 octets follow it.
        ["data-padding-longer-than-payload"] = ConnectionError(Hex("000003 00 08 00000001 03 0000"), Http2ViolationCode.PaddingTooLong, "6.1", Http2ErrorCode.ProtocolError),
        // PADDED with an empty payload: not even the Pad Length octet.
        ["data-padded-without-pad-length"] = new(Hex("000000 00 08 00000001"),
            [Http2ViolationCode.FrameTooSmall], "RFC 9113 §4.2", Http2ErrorCode.FrameSizeError, Stream),
        ["data-non-zero-padding"] = ConnectionError(Hex("000003 00 08 00000001 01 61 ff"), Http2ViolationCode.NonZeroPadding, "6.1", Http2ErrorCode.ProtocolError),
        ["headers-on-stream-0"] = ConnectionError(Hex("000001 01 04 00000000 82"), Http2ViolationCode.StreamIdMustNotBeZero, "6.2", Http2ErrorCode.ProtocolError),
        ["headers-padding-too-long"] = ConnectionError(Hex("000003 01 0c 00000001 03 8200"), Http2ViolationCode.PaddingTooLong, "6.2", Http2ErrorCode.ProtocolError),
        // PRIORITY flag with 4 payload octets: the priority fields need 5.
        ["headers-priority-too-short"] = new(Hex("000004 01 24 00000001 00000000"),
            [Http2ViolationCode.FrameTooSmall], "RFC 9113 §4.2", Http2ErrorCode.FrameSizeError, Connection),
        ["headers-depending-on-itself"] = new(Hex("000006 01 24 00000001 00000001 0f 82"),
            [Http2ViolationCode.StreamDependsOnItself], "RFC 9113 §5.3.1", Http2ErrorCode.ProtocolError, Stream),
        ["push-promise-too-short"] = new(Hex("000003 05 04 00000001 000002"),
            [Http2ViolationCode.FrameTooSmall], "RFC 9113 §4.2", Http2ErrorCode.FrameSizeError, Connection),
        ["continuation-without-headers"] = ConnectionError(Hex("000001 09 04 00000001 82"), Http2ViolationCode.ContinuationWithoutFieldBlock, "6.10", Http2ErrorCode.ProtocolError),
        ["continuation-on-another-stream"] = new(Hex("000001 01 00 00000001 82 000001 09 04 00000003 84"),
            [Http2ViolationCode.FrameInsideFieldBlock], "RFC 9113 §4.3", Http2ErrorCode.ProtocolError, Connection),
        ["data-inside-field-block"] = new(Hex("000001 01 00 00000001 82 000000 00 01 00000001"),
            [Http2ViolationCode.FrameInsideFieldBlock], "RFC 9113 §4.3", Http2ErrorCode.ProtocolError, Connection),
        ["reserved-bit"] = new(Hex("000000 04 01 80000000"),
            [Http2ViolationCode.ReservedBitSet], "RFC 9113 §4.1", Http2ErrorCode.NoError, Http2ErrorScope.Ignored),
        // PING with flag 0x02, which PING does not define.
        ["undefined-flag"] = new(Hex("000008 06 02 00000000 0102030405060708"),
            [Http2ViolationCode.UndefinedFlagsSet], "RFC 9113 §4.1", Http2ErrorCode.NoError, Http2ErrorScope.Ignored),
        ["oversized-data"] = new([.. Hex("004001 00 00 00000001"), .. OversizedPayload],
            [Http2ViolationCode.FrameTooLarge], "RFC 9113 §4.2", Http2ErrorCode.FrameSizeError, Stream),
        ["oversized-headers"] = new([.. Hex("004001 01 04 00000001"), .. OversizedPayload],
            [Http2ViolationCode.FrameTooLarge], "RFC 9113 §4.2", Http2ErrorCode.FrameSizeError, Connection),
    };

    public static TheoryData<string> ValidNames => new(Valid.Keys);

    public static TheoryData<string> IncompleteNames => new(Incomplete.Keys);

    public static TheoryData<string> InvalidNames => new(Invalid.Keys);

    private static ExpectedHttp2Frame Frame(int length, byte type, byte flags, uint streamId, string payloadHex) =>
        new(length, type, flags, streamId, Hex(payloadHex));

    private static Http2InvalidVector ConnectionError(byte[] wire, Http2ViolationCode code, string section, Http2ErrorCode error) =>
        new(wire, [code], "RFC 9113 §" + section, error, Connection);
}
