using static WsConformance.Protocol.Tests.Decoding;

namespace WsConformance.Protocol.Tests;

internal sealed record ExpectedFrame(bool Fin, byte Rsv, byte Opcode, bool Masked, uint MaskKey, ulong Length, LengthWidth Width, byte[] Payload);

internal sealed record ValidVector(Role Sender, byte NegotiatedRsv, byte[] Wire, ExpectedFrame[] Frames);

/// <summary>A wire prefix that stops inside a header (no frame) or inside a payload (remaining bytes > 0).</summary>
internal sealed record IncompleteVector(byte[] Wire, bool HeaderComplete, ulong PayloadRemaining);

internal sealed record InvalidVector(Role Sender, byte[] Wire, ViolationCode[] Expected);

/// <summary>Frame byte vectors split into Valid / Incomplete / Invalid, keyed by name so each is its own test case.</summary>
internal static class FrameVectors
{
    private const uint RfcKey = 0x37fa213d;
    private static readonly byte[] Hello = "Hello"u8.ToArray();
    private static readonly byte[] Bytes256 = Pattern(256);
    private static readonly byte[] Bytes65536 = Pattern(65536);
    private static readonly byte[] Bytes126 = Pattern(126);

    public static readonly Dictionary<string, ValidVector> Valid = new()
    {
        // FIN=1, RSV=0, Text(0x1) | MASK=0, len=5 | "Hello" (RFC 6455 §5.7)
        ["unmasked-text"] = new(Role.Server, 0, Hex("81 05 48656c6c6f"), [Frame(true, 0, 1, 5, Hello)]),
        // FIN=1, Text | MASK=1, len=5 | key 37fa213d | masked "Hello" (RFC 6455 §5.7)
        ["masked-text"] = new(Role.Client, 0, Hex("81 85 37fa213d 7f9f4d5158"), [Masked(true, 1, 5, Hello)]),
        // FIN=0, Text | len=3 "Hel" ; FIN=1, Continuation(0x0) | len=2 "lo" (RFC 6455 §5.7)
        ["fragmented-text"] = new(Role.Server, 0, Hex("01 03 48656c 80 02 6c6f"),
            [Frame(false, 0, 1, 3, "Hel"u8.ToArray()), Frame(true, 0, 0, 2, "lo"u8.ToArray())]),
        // FIN=1, Ping(0x9) | len=5 "Hello"
        ["unmasked-ping"] = new(Role.Server, 0, Hex("89 05 48656c6c6f"), [Frame(true, 0, 9, 5, Hello)]),
        // FIN=1, Pong(0xA) | MASK=1, len=5 | key | masked "Hello" (RFC 6455 §5.7)
        ["masked-pong"] = new(Role.Client, 0, Hex("8a 85 37fa213d 7f9f4d5158"), [Masked(true, 10, 5, Hello)]),
        // FIN=1, Binary(0x2) | len=126 -> 16-bit length 0x0100 = 256 | 256 bytes
        ["length-16"] = new(Role.Server, 0, [.. Hex("82 7e 0100"), .. Bytes256],
            [new ExpectedFrame(true, 0, 2, false, 0, 256, LengthWidth.Extended16, Bytes256)]),
        // FIN=1, Binary | len=127 -> 64-bit length 0x10000 = 65536 | 65536 bytes
        ["length-64"] = new(Role.Server, 0, [.. Hex("82 7f 0000000000010000"), .. Bytes65536],
            [new ExpectedFrame(true, 0, 2, false, 0, 65536, LengthWidth.Extended64, Bytes65536)]),
        // FIN=1, Text | len=0
        ["empty-text"] = new(Role.Server, 0, Hex("81 00"), [Frame(true, 0, 1, 0, [])]),
        // FIN=1, Close(0x8) | len=0
        ["empty-close"] = new(Role.Server, 0, Hex("88 00"), [Frame(true, 0, 8, 0, [])]),
        // FIN=1, Close | len=2 | code 0x03e8 = 1000
        ["close-1000"] = new(Role.Server, 0, Hex("88 02 03e8"), [Frame(true, 0, 8, 2, Hex("03e8"))]),
        // FIN=1, Close | MASK=1, len=5 | key 00000000 | code 1001 + "bye"
        ["masked-close-reason"] = new(Role.Client, 0, Hex("88 85 00000000 03e9627965"),
            [new ExpectedFrame(true, 0, 8, true, 0, 5, LengthWidth.Short7, Hex("03e9627965"))]),
        // FIN=0 Text "a" ; FIN=1 Ping len=0 ; FIN=1 Continuation "b": a ping interleaved in a fragmented message
        ["ping-inside-message"] = new(Role.Server, 0, Hex("01 01 61 89 00 80 01 62"),
            [Frame(false, 0, 1, 1, "a"u8.ToArray()), Frame(true, 0, 9, 0, []), Frame(true, 0, 0, 1, "b"u8.ToArray())]),
        // FIN=0 Text "ce" ; FIN=1 Continuation "ba": U+03BA split between two frames
        ["code-point-across-frames"] = new(Role.Server, 0, Hex("01 01 ce 80 01 ba"),
            [Frame(false, 0, 1, 1, Hex("ce")), Frame(true, 0, 0, 1, Hex("ba"))]),
        // FIN=1, RSV1, Text | len=7: permessage-deflate "Hello" (RFC 7692 §7.2.3.1), RSV1 negotiated; the
        // compressed bytes are not UTF-8, and the validator must not judge them as text.
        ["rsv1-negotiated"] = new(Role.Server, 0b100, Hex("c1 07 f248cdc9c90700"), [Frame(true, 4, 1, 7, Hex("f248cdc9c90700"))]),
    };

    public static readonly Dictionary<string, IncompleteVector> Incomplete = new()
    {
        // Only the first header byte (FIN=1, Text).
        ["first-byte-only"] = new(Hex("81"), false, 0),
        // 16-bit length announced (126) but only 1 of its 2 bytes present.
        ["half-16-bit-length"] = new(Hex("81 7e 01"), false, 0),
        // 64-bit length announced (127) but only 7 of its 8 bytes present.
        ["partial-64-bit-length"] = new(Hex("82 7f 00000000000001"), false, 0),
        // MASK=1 but only 3 of the 4 key bytes present.
        ["partial-mask-key"] = new(Hex("81 85 37fa21"), false, 0),
        // Complete header, len=5, 2 of 5 payload bytes present.
        ["partial-payload"] = new(Hex("81 05 4865"), true, 3),
        // Masked, len=5, key present, no payload yet.
        ["header-without-payload"] = new(Hex("81 85 37fa213d"), true, 5),
        // 64-bit length 2^63-1 with 1 payload byte.
        ["huge-declared-length"] = new(Hex("82 7f 7fffffffffffffff 00"), true, long.MaxValue - 1UL),
    };

    public static readonly Dictionary<string, InvalidVector> Invalid = new()
    {
        // FIN=1, Text | MASK=0, len=5 sent by a client.
        ["unmasked-client-frame"] = new(Role.Client, Hex("81 05 48656c6c6f"), [ViolationCode.UnmaskedClientFrame]),
        // FIN=1, Text | MASK=1 sent by a server.
        ["masked-server-frame"] = new(Role.Server, Hex("81 85 37fa213d 7f9f4d5158"), [ViolationCode.MaskedServerFrame]),
        // 0xc1 = FIN, RSV1, Text without a negotiated extension.
        ["rsv1"] = new(Role.Server, Hex("c1 05 48656c6c6f"), [ViolationCode.ReservedBitsSet]),
        // 0xa1 = FIN, RSV2, Text.
        ["rsv2"] = new(Role.Server, Hex("a1 00"), [ViolationCode.ReservedBitsSet]),
        // 0x91 = FIN, RSV3, Text.
        ["rsv3"] = new(Role.Server, Hex("91 00"), [ViolationCode.ReservedBitsSet]),
        // 0x83 = FIN, opcode 3 (reserved data opcode).
        ["opcode-3"] = new(Role.Server, Hex("83 00"), [ViolationCode.ReservedOpcode]),
        // 0x8b = FIN, opcode 11 (reserved control opcode).
        ["opcode-11"] = new(Role.Server, Hex("8b 00"), [ViolationCode.ReservedOpcode]),
        // FIN=1, Ping | len=126 (16-bit form) | 126 bytes: control frames carry at most 125.
        ["ping-126-bytes"] = new(Role.Server, [.. Hex("89 7e 007e"), .. Bytes126], [ViolationCode.ControlFrameTooLong]),
        // FIN=0, Ping | len=0.
        ["fragmented-ping"] = new(Role.Server, Hex("09 00"), [ViolationCode.FragmentedControlFrame]),
        // FIN=1, Binary | 64-bit length 0x8000000000000000 (MSB set), no payload yet.
        ["length-msb-set"] = new(Role.Server, Hex("82 7f 8000000000000000"), [ViolationCode.LengthMostSignificantBitSet]),
        // FIN=1, Binary | 16-bit form carrying 5 | 5 bytes.
        ["non-minimal-16"] = new(Role.Server, Hex("82 7e 0005 0102030405"), [ViolationCode.NonMinimalLength]),
        // FIN=1, Binary | 64-bit form carrying 5 | 5 bytes.
        ["non-minimal-64"] = new(Role.Server, Hex("82 7f 0000000000000005 0102030405"), [ViolationCode.NonMinimalLength]),
        // FIN=1, Continuation | len=1 with no message in progress.
        ["continuation-without-message"] = new(Role.Server, Hex("80 01 61"), [ViolationCode.ContinuationWithoutMessage]),
        // FIN=0 Text "a" ; FIN=1 Text "b": a new message inside a fragmented one.
        ["text-inside-message"] = new(Role.Server, Hex("01 01 61 81 01 62"), [ViolationCode.DataFrameInsideFragmentedMessage]),
        // FIN=1, Close | len=1 | 0x00.
        ["close-one-byte"] = new(Role.Server, Hex("88 01 00"), [ViolationCode.CloseBodyOneByte]),
        // FIN=1, Close | len=2 | 0x03e7 = 999.
        ["close-999"] = new(Role.Server, Hex("88 02 03e7"), [ViolationCode.InvalidCloseCode]),
        // FIN=1, Close | len=2 | 0x03ed = 1005 (MUST NOT be sent).
        ["close-1005"] = new(Role.Server, Hex("88 02 03ed"), [ViolationCode.InvalidCloseCode]),
        // FIN=1, Close | len=2 | 0x1388 = 5000.
        ["close-5000"] = new(Role.Server, Hex("88 02 1388"), [ViolationCode.InvalidCloseCode]),
        // FIN=1, Close | len=4 | 1000 + ff fe (invalid UTF-8 reason).
        ["close-reason-invalid-utf8"] = new(Role.Server, Hex("88 04 03e8 fffe"), [ViolationCode.InvalidCloseReasonUtf8]),
        // FIN=1, Text | len=1 | 0xff.
        ["text-invalid-byte"] = new(Role.Server, Hex("81 01 ff"), [ViolationCode.InvalidTextUtf8]),
        // FIN=1, Text | len=1 | 0xce: the message ends inside a code point.
        ["text-truncated-code-point"] = new(Role.Server, Hex("81 01 ce"), [ViolationCode.InvalidTextUtf8]),
        // FIN=1, Close | len=0 ; FIN=1, Text | len=0: data after Close.
        ["frame-after-close"] = new(Role.Server, Hex("88 00 81 00"), [ViolationCode.FrameAfterClose]),
    };

    public static TheoryData<string> ValidNames => Names(Valid.Keys);

    public static TheoryData<string> IncompleteNames => Names(Incomplete.Keys);

    public static TheoryData<string> InvalidNames => Names(Invalid.Keys);

    public static byte[] Pattern(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();

    private static ExpectedFrame Frame(bool fin, byte rsv, byte opcode, ulong length, byte[] payload) =>
        new(fin, rsv, opcode, false, 0, length, LengthWidth.Short7, payload);

    private static ExpectedFrame Masked(bool fin, byte opcode, ulong length, byte[] payload) =>
        new(fin, 0, opcode, true, RfcKey, length, LengthWidth.Short7, payload);

    private static TheoryData<string> Names(IEnumerable<string> names)
    {
        var data = new TheoryData<string>();
        foreach (string name in names)
        {
            data.Add(name);
        }

        return data;
    }
}
