using FsCheck;
using FsCheck.Fluent;
using WsConformance.PropertyFuzzing.Conversations;
using WsConformance.Protocol;

namespace WsConformance.PropertyFuzzing.Generation;

/// <summary>FsCheck generators of faults: a piece inserted between valid ones, or a change to one valid frame.</summary>
public static class FaultGenerators
{
    /// <summary>The tag of the pause after the invalid part of a text message (Autobahn 6.4.x's "B").</summary>
    public const string AfterInvalidTag = "B";

    private const int TaggedPauseMilliseconds = 15;

    /// <summary>Byte sequences invalid wherever they stand (surrogate, above U+10FFFF, overlong, lone continuation, F5–FF).</summary>
    private static readonly byte[][] InvalidSequences =
    [
        [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0xAF],
        [0xF0, 0x80, 0x80, 0xAF], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFE], [0xFF], [0x80], [0xBF], [0xC2, 0x41], [0xE2, 0x82, 0x41], [0xF5, 0x80, 0x80, 0x80],
    ];

    /// <summary>Starts of code points that a message must not end with.</summary>
    private static readonly byte[][] TruncatedSequences = [[0xCE], [0xE2, 0x82], [0xF0, 0x9F, 0x98]];

    /// <summary>Close codes that may not be sent (Autobahn 7.9) and some more of the same ranges.</summary>
    private static readonly int[] InvalidCloseCodes = [0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999];

    /// <summary>A piece that breaks a rule by itself, to insert between valid pieces.</summary>
    public static Gen<IReadOnlyList<ClientAction>> Inserted(FaultKind kind) => kind switch
    {
        FaultKind.ReservedOpcode => Single(ReservedOpcodeFrame),
        FaultKind.ControlFrameTooLong => Single(LongControlFrame),
        FaultKind.FragmentedControlFrame => FragmentedControl,
        FaultKind.OrphanContinuation => Single(from fin in Gen.Elements(true, false) from payload in SmallPayload
                                                from frame in FrameGenerators.Frame(Opcodes.Continuation, fin, payload) select frame),
        FaultKind.DataFrameInsideMessage => DataInsideMessage,
        FaultKind.InvalidUtf8 => InvalidText,
        FaultKind.LengthMostSignificantBit => Single(from opcode in Gen.Elements(Opcodes.Text, Opcodes.Binary) from payload in SmallPayload
                                                      from frame in FrameGenerators.Frame(opcode, true, payload)
                                                      select frame with { LengthMostSignificantBit = true, Chunking = Chunking.Together }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an inserted fault"),
    };

    /// <summary>RSV bits set on one frame.</summary>
    public static Gen<FrameAction> WithReservedBits(FrameAction frame) => Gen.Choose(1, 7).Select(rsv => frame with { Rsv = (byte)rsv });

    /// <summary>The MASK bit cleared on one frame.</summary>
    public static FrameAction Unmasked(FrameAction frame) => frame with { Masked = false, MaskKey = 0 };

    /// <summary>A Close body the server must reject: 1 byte, an invalid code, a reason that is not UTF-8, or 126+ bytes.</summary>
    public static Gen<CloseAction> BadClose { get; } = Gen.OneOf(
        Gen.Choose(0, 255).Select(b => new CloseAction([(byte)b])),
        from code in Gen.Frequency((3, Gen.Elements(InvalidCloseCodes)), (1, Gen.Choose(0, 999)), (1, Gen.Choose(1016, 2999)))
        select new CloseAction(CloseBody.Build((ushort)code, [])),
        from sequence in Gen.Elements(InvalidSequences)
        from prefix in Gen.Choose(0, 20)
        select new CloseAction(CloseBody.Build(CloseCodes.NormalClosure, [.. Payloads.Text(prefix, prefix), .. sequence])),
        from length in Gen.Choose(124, 200)
        select new CloseAction(CloseBody.Build(CloseCodes.NormalClosure, Payloads.Text(length, length))));

    /// <summary>A valid Close: no body, or a code that may be sent with a valid reason.</summary>
    public static Gen<CloseAction> ValidClose { get; } = Gen.Frequency(
        (1, Gen.Constant(new CloseAction([]))),
        (4, from code in Gen.Frequency((3, Gen.Elements(1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011)), (1, Gen.Choose(3000, 4999)))
            from reasonLength in Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Choose(1, 123)))
            from seed in FrameGenerators.Seed
            select new CloseAction(CloseBody.Build((ushort)code, Payloads.Text(reasonLength, seed)))));

    private static Gen<byte[]> SmallPayload { get; } =
        from size in Gen.Frequency((3, Gen.Choose(0, 16)), (1, Gen.Choose(17, 300)))
        from seed in FrameGenerators.Seed
        select Payloads.Binary(size, seed);

    private static Gen<FrameAction> ReservedOpcodeFrame { get; } =
        from opcode in Gen.Elements<byte>(3, 4, 5, 6, 7, 11, 12, 13, 14, 15)
        from payload in SmallPayload
        from frame in FrameGenerators.Frame(opcode, true, opcode >= 8 ? payload[..Math.Min(payload.Length, 125)] : payload)
        select frame;

    private static Gen<FrameAction> LongControlFrame { get; } =
        from opcode in Gen.Elements(Opcodes.Ping, Opcodes.Pong)
        from size in Gen.Frequency((3, Gen.Choose(126, 130)), (1, Gen.Choose(131, 1000)))
        from seed in FrameGenerators.Seed
        from frame in FrameGenerators.Frame(opcode, true, Payloads.Binary(size, seed))
        select frame;

    /// <summary>A ping or pong with FIN = 0, sometimes followed by the continuation that would complete it (Autobahn 5.1, 5.2).</summary>
    private static Gen<IReadOnlyList<ClientAction>> FragmentedControl { get; } =
        from opcode in Gen.Elements(Opcodes.Ping, Opcodes.Pong)
        from first in SmallPayload.Select(p => p[..Math.Min(p.Length, 125)])
        from head in FrameGenerators.Frame(opcode, false, first)
        from continued in Gen.Elements(true, false)
        from tail in FrameGenerators.Frame(Opcodes.Continuation, true, first)
        select (IReadOnlyList<ClientAction>)(continued ? [head, tail] : [head]);

    /// <summary>A fragmented message interrupted by a new text or binary frame (Autobahn 5.18).</summary>
    private static Gen<IReadOnlyList<ClientAction>> DataInsideMessage { get; } =
        from message in FrameGenerators.MessagePayload
        from cut in Gen.Choose(0, message.Payload.Length)
        from head in FrameGenerators.Frame(message.Opcode, false, message.Payload[..cut])
        from intruderOpcode in Gen.Elements(Opcodes.Text, Opcodes.Binary)
        from intruderFin in Gen.Elements(true, false)
        from intruder in FrameGenerators.Frame(intruderOpcode, intruderFin, message.Payload[cut..])
        select (IReadOnlyList<ClientAction>)[head, intruder];

    /// <summary>
    /// A text message made invalid at a random offset (or cut inside its last code point), fragmented at random so
    /// the invalid bytes often straddle frames; with more fragments to come, sometimes a tagged pause right after the
    /// frame that makes it invalid grades fail-fast (OK) against fail-at-end (NON-STRICT), as Autobahn 6.4.x does.
    /// </summary>
    private static Gen<IReadOnlyList<ClientAction>> InvalidText { get; } =
        from size in FrameGenerators.PayloadSize.Select(s => Math.Min(s, 20_000))
        from seed in FrameGenerators.Seed
        from truncated in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from sequence in Gen.Elements(truncated ? TruncatedSequences : InvalidSequences)
        from fraction in Gen.Choose(0, 100)
        let valid = Payloads.Text(size, seed)
        let at = truncated ? valid.Length : CharacterBoundary(valid, valid.Length * fraction / 100)
        let payload = (byte[])[.. valid[..at], .. sequence, .. valid[at..]]
        from actions in FrameGenerators.Fragmented(Opcodes.Text, payload)
        from tagged in Gen.Elements(true, false)
        select tagged ? WithPauseAfterInvalid(actions) : actions;

    private static Gen<IReadOnlyList<ClientAction>> Single(Gen<FrameAction> frame) => frame.Select(f => (IReadOnlyList<ClientAction>)[f]);

    private static int CharacterBoundary(byte[] text, int offset)
    {
        while (offset > 0 && offset < text.Length && (text[offset] & 0xC0) == 0x80)
        {
            offset--;
        }

        return offset;
    }

    /// <summary>Puts a tagged pause after the first frame whose bytes make the message invalid, if more fragments follow.</summary>
    private static IReadOnlyList<ClientAction> WithPauseAfterInvalid(IReadOnlyList<ClientAction> actions)
    {
        var validator = default(Utf8StreamValidator);
        for (var i = 0; i < actions.Count; i++)
        {
            if (actions[i] is not FrameAction { IsControl: false } frame)
            {
                continue;
            }

            if (validator.Feed(frame.Payload) == Utf8State.Invalid)
            {
                return frame.Fin ? actions : [.. actions.Take(i + 1), new PauseAction(TaggedPauseMilliseconds, AfterInvalidTag), .. actions.Skip(i + 1)];
            }
        }

        return actions;
    }
}
