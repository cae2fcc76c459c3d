using System.Runtime.CompilerServices;

namespace WsConformance.Protocol;

/// <summary>The sentences the codec's violations are described with; filled in only when a detail is read.</summary>
internal enum DetailTemplate : byte
{
    FrameAfterClose,
    ReservedBitsSet,
    ReservedOpcode,
    UnmaskedClientFrame,
    MaskedServerFrame,
    LengthMostSignificantBitSet,
    NonMinimalLength,
    FrameTooLarge,
    ControlFrameTooLong,
    FragmentedControlFrame,
    ContinuationWithoutMessage,
    DataFrameInsideFragmentedMessage,
    MessageTooLarge,
    TextInvalidByte,
    TextEndsInsideCodePoint,
    CloseBodyOneByte,
    InvalidCloseCode,
    ReasonInvalidByte,
    ReasonEndsInsideCodePoint,
}

/// <summary>
/// The violations <see cref="FrameValidator"/> and <see cref="CloseBody"/> report. A validator sees every frame of
/// a connection (or every input of a fuzzer), so a violation only records the values its sentence needs.
/// </summary>
/// <remarks>
/// There is deliberately no static state here (no cached instances, no cached delegates): code that runs once
/// per process would make an instrumented codec's coverage depend on what ran before, and fuzzing needs the same
/// input to give the same edges every time.
/// </remarks>
internal static class FrameViolations
{
    public static Violation FrameAfterClose(byte opcode) =>
        new(ViolationCode.FrameAfterClose, "5.5.1", DetailTemplate.FrameAfterClose, opcode);

    public static Violation ReservedBitsSet(int rsv) =>
        new(ViolationCode.ReservedBitsSet, "5.2", DetailTemplate.ReservedBitsSet, (ulong)rsv);

    public static Violation ReservedOpcode(byte opcode) =>
        new(ViolationCode.ReservedOpcode, "5.2", DetailTemplate.ReservedOpcode, opcode);

    public static Violation UnmaskedClientFrame() =>
        new(ViolationCode.UnmaskedClientFrame, "5.1", DetailTemplate.UnmaskedClientFrame);

    public static Violation MaskedServerFrame(uint key) =>
        new(ViolationCode.MaskedServerFrame, "5.1", DetailTemplate.MaskedServerFrame, key);

    public static Violation LengthMostSignificantBitSet(ulong length) =>
        new(ViolationCode.LengthMostSignificantBitSet, "5.2", DetailTemplate.LengthMostSignificantBitSet, length);

    public static Violation NonMinimalLength(ulong length, LengthWidth width) =>
        new(ViolationCode.NonMinimalLength, "5.2", DetailTemplate.NonMinimalLength, length, (ulong)width, ViolationSeverity.Note);

    public static Violation FrameTooLarge(ulong length, long limit) =>
        new(ViolationCode.FrameTooLarge, "10.4", DetailTemplate.FrameTooLarge, length, (ulong)limit);

    public static Violation ControlFrameTooLong(byte opcode, ulong length) =>
        new(ViolationCode.ControlFrameTooLong, "5.5", DetailTemplate.ControlFrameTooLong, opcode, length);

    public static Violation FragmentedControlFrame(byte opcode) =>
        new(ViolationCode.FragmentedControlFrame, "5.5", DetailTemplate.FragmentedControlFrame, opcode);

    public static Violation ContinuationWithoutMessage() =>
        new(ViolationCode.ContinuationWithoutMessage, "5.4", DetailTemplate.ContinuationWithoutMessage);

    public static Violation DataFrameInsideFragmentedMessage(byte opcode, byte messageOpcode) =>
        new(ViolationCode.DataFrameInsideFragmentedMessage, "5.4", DetailTemplate.DataFrameInsideFragmentedMessage, opcode, messageOpcode);

    public static Violation MessageTooLarge(ulong length, long limit) =>
        new(ViolationCode.MessageTooLarge, "10.4", DetailTemplate.MessageTooLarge, length, (ulong)limit);

    public static Violation InvalidTextUtf8(long offset) =>
        new(ViolationCode.InvalidTextUtf8, "8.1", DetailTemplate.TextInvalidByte, (ulong)offset);

    public static Violation TextEndsInsideCodePoint(long offset) =>
        new(ViolationCode.InvalidTextUtf8, "8.1", DetailTemplate.TextEndsInsideCodePoint, (ulong)offset);

    public static Violation CloseBodyOneByte(byte value) =>
        new(ViolationCode.CloseBodyOneByte, "5.5.1", DetailTemplate.CloseBodyOneByte, value);

    public static Violation InvalidCloseCode(ushort code) =>
        new(ViolationCode.InvalidCloseCode, "7.4", DetailTemplate.InvalidCloseCode, code);

    public static Violation InvalidCloseReasonUtf8(long offset) =>
        new(ViolationCode.InvalidCloseReasonUtf8, "5.5.1", DetailTemplate.ReasonInvalidByte, (ulong)offset);

    public static Violation CloseReasonEndsInsideCodePoint() =>
        new(ViolationCode.InvalidCloseReasonUtf8, "5.5.1", DetailTemplate.ReasonEndsInsideCodePoint);

    /// <summary>The sentence of <paramref name="template"/> with its values.</summary>
    public static string Describe(DetailTemplate template, ulong first, ulong second) => template switch
    {
        DetailTemplate.FrameAfterClose => $"A {Opcodes.Name((byte)first)} frame followed the Close frame; nothing may be sent after Close.",
        DetailTemplate.ReservedBitsSet => $"RSV bits {RsvNames((int)first)} are set but no extension negotiated them.",
        DetailTemplate.ReservedOpcode => $"Opcode 0x{first:X} is reserved.",
        DetailTemplate.UnmaskedClientFrame => "A client frame is not masked; a client MUST mask all frames it sends (§5.3).",
        DetailTemplate.MaskedServerFrame => $"A server frame is masked (key 0x{first:x8}); a server MUST NOT mask frames.",
        DetailTemplate.LengthMostSignificantBitSet => $"The 64-bit length 0x{first:x16} has its most significant bit set.",
        DetailTemplate.NonMinimalLength => $"Length {first} is sent in the {second}-bit form; the minimal number of bytes MUST be used.",
        DetailTemplate.FrameTooLarge => $"The frame declares {first} payload bytes; the limit is {(long)second}.",
        DetailTemplate.ControlFrameTooLong => $"A {Opcodes.Name((byte)first)} frame declares {second} bytes; control frames carry at most 125.",
        DetailTemplate.FragmentedControlFrame => $"A {Opcodes.Name((byte)first)} frame has FIN = 0; control frames MUST NOT be fragmented.",
        DetailTemplate.ContinuationWithoutMessage => "A continuation frame arrived but no fragmented message is in progress.",
        DetailTemplate.DataFrameInsideFragmentedMessage =>
            $"A {Opcodes.Name((byte)first)} frame arrived inside a fragmented {Opcodes.Name((byte)second)} message; a continuation frame was expected.",
        DetailTemplate.MessageTooLarge => $"The message reaches {first} payload bytes; the limit is {(long)second}.",
        DetailTemplate.TextInvalidByte => $"The text message is not valid UTF-8: invalid byte at offset {first} of the message.",
        DetailTemplate.TextEndsInsideCodePoint => $"The text message is not valid UTF-8: it ends inside a code point at offset {first}.",
        DetailTemplate.CloseBodyOneByte => $"Close body of 1 byte (0x{first:x2}): a non-empty body MUST start with a 2-byte status code.",
        DetailTemplate.InvalidCloseCode => $"Close code {first} may not be sent in a Close frame.",
        DetailTemplate.ReasonInvalidByte => $"Close reason is not valid UTF-8: invalid byte at offset {first} of the reason.",
        DetailTemplate.ReasonEndsInsideCodePoint => "Close reason is not valid UTF-8: the reason ends inside a code point.",
        _ => throw new ArgumentOutOfRangeException(nameof(template), template, "Unknown detail template."),
    };

    private static string RsvNames(int rsv) => string.Join("+",
        new[] { (0b100, "RSV1"), (0b010, "RSV2"), (0b001, "RSV3") }.Where(bit => (rsv & bit.Item1) != 0).Select(bit => bit.Item2));
}

/// <summary>
/// Collects the violations of one validator call: nothing is allocated when there are none (the common case on
/// a conforming stream), and one exactly-sized array when there are.
/// </summary>
internal struct ViolationList
{
    private const int InlineCapacity = 4;

    private InlineSlots _inline;
    private int _count;
    private List<Violation>? _overflow;

    public void Add(Violation violation)
    {
        if (_count < InlineCapacity)
        {
            _inline[_count] = violation;
        }
        else
        {
            (_overflow ??= []).Add(violation);
        }

        _count++;
    }

    public void AddRange(IReadOnlyList<Violation> violations)
    {
        for (int index = 0; index < violations.Count; index++)
        {
            Add(violations[index]);
        }
    }

    public readonly IReadOnlyList<Violation> ToList()
    {
        if (_count == 0)
        {
            return [];
        }

        var all = new Violation[_count];
        ReadOnlySpan<Violation> inline = _inline;
        inline[..Math.Min(_count, InlineCapacity)].CopyTo(all);
        _overflow?.CopyTo(all, InlineCapacity);
        return all;
    }

    [InlineArray(InlineCapacity)]
    private struct InlineSlots
    {
        private Violation _first;
    }
}
