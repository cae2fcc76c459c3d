using WsConformance.Protocol;

namespace WsConformance.PropertyFuzzing.Conversations;

/// <summary>
/// A client conversation after the opening handshake: frames exactly as they go on the wire, pauses, and at most
/// one closing handshake started by the client. The fuzzer generates these, the reference model judges them,
/// and <see cref="Running.ConversationCases"/> turns them into ordinary case definitions for the engine.
/// </summary>
public sealed record Conversation(IReadOnlyList<ClientAction> Actions)
{
    /// <summary>Frames sent, the closing handshake's Close frame included.</summary>
    public int FrameCount => Actions.Count(a => a is FrameAction or CloseAction);

    /// <summary>Payload bytes sent in all frames.</summary>
    public long PayloadBytes => Actions.Sum(a => a switch
    {
        FrameAction frame => frame.Payload.Length,
        CloseAction close => close.Body.Length,
        _ => 0,
    });

    /// <summary>One line per action, for reports and case titles.</summary>
    public string Summary => string.Join(", ", Actions.Select(a => a.Describe()));
}

/// <summary>One thing the client does.</summary>
public abstract record ClientAction
{
    /// <summary>A short human description, e.g. <c>text fin 5B masked</c>.</summary>
    public abstract string Describe();
}

/// <summary>How a frame's bytes are handed to TCP.</summary>
/// <param name="ChopSize">Write in pieces of this many bytes (null: with the surrounding frames in one write).</param>
/// <param name="FrameWise">Write this frame with a write of its own.</param>
public sealed record Chunking(int? ChopSize, bool FrameWise)
{
    /// <summary>Coalesced with its neighbours into one write.</summary>
    public static Chunking Together { get; } = new(null, false);

    public override string ToString() => ChopSize is { } chop ? $" chop {chop}" : FrameWise ? " own write" : string.Empty;
}

/// <summary>One frame, any header, valid or not.</summary>
/// <param name="Rsv">RSV bits as a 3-bit number (4 = RSV1).</param>
/// <param name="MaskKey">Key in wire order; ignored when <paramref name="Masked"/> is false.</param>
/// <param name="LengthMostSignificantBit">Announce the length in the 64-bit form with its top bit set (§5.2 forbids it).</param>
/// <param name="LengthEncoding">
/// The length form: minimal, or a longer one (§5.2's "the minimal number of bytes MUST be used" binds the sender; what
/// a receiver does with a longer form the RFC does not say). Implied 64-bit with <paramref name="LengthMostSignificantBit"/>.
/// </param>
public sealed record FrameAction(
    byte Opcode,
    bool Fin,
    byte Rsv,
    bool Masked,
    uint MaskKey,
    byte[] Payload,
    Chunking Chunking,
    bool LengthMostSignificantBit = false,
    LengthEncoding LengthEncoding = LengthEncoding.Minimal) : ClientAction
{
    /// <summary>True for close, ping, pong and the reserved control opcodes 11-15.</summary>
    public bool IsControl => (Opcode & 0x8) != 0;

    /// <summary>The length written in the header.</summary>
    public ulong DeclaredLength => LengthMostSignificantBit ? (1UL << 63) | (uint)Payload.Length : (ulong)Payload.Length;

    /// <summary>The length form on the wire.</summary>
    public LengthEncoding WrittenLengthEncoding => LengthMostSignificantBit ? LengthEncoding.Extended64 : LengthEncoding;

    /// <summary>The header the server's parser sees.</summary>
    public FrameHeader Header => new(Fin, Rsv, Opcode, Masked, Masked ? MaskKey : 0, DeclaredLength, WrittenLengthEncoding switch
    {
        LengthEncoding.Extended16 => LengthWidth.Extended16,
        LengthEncoding.Extended64 => LengthWidth.Extended64,
        _ => WidthOf(Payload.Length),
    }, 0);

    public override string Describe() =>
        $"{Opcodes.Name(Opcode)}{(Fin ? "" : " fin=0")}{(Rsv != 0 ? $" rsv={Rsv}" : "")}{(Masked ? "" : " unmasked")}"
        + $"{(LengthMostSignificantBit ? " len-msb" : LengthEncoding switch { LengthEncoding.Extended16 => " len16", LengthEncoding.Extended64 => " len64", _ => "" })}"
        + $" {Payload.Length}B{Chunking}";

    private static LengthWidth WidthOf(int length) => length switch
    {
        <= FrameHeader.MaxShortLength => LengthWidth.Short7,
        <= FrameHeader.MaxExtended16Length => LengthWidth.Extended16,
        _ => LengthWidth.Extended64,
    };
}

/// <summary>Wait; go on only while the connection is open. A tag records a <c>timeout</c> event (fail-fast grading).</summary>
public sealed record PauseAction(int Milliseconds, string? Tag = null) : ClientAction
{
    public override string Describe() => $"pause {Milliseconds}ms{(Tag is null ? "" : $" tag {Tag}")}";
}

/// <summary>The client starts the closing handshake with this Close body (code + reason, or anything else).</summary>
public sealed record CloseAction(byte[] Body) : ClientAction
{
    public override string Describe() => Body.Length >= CloseBody.CodeLength
        ? $"close {(Body[0] << 8) | Body[1]} +{Body.Length - CloseBody.CodeLength}B"
        : $"close {Body.Length}B body";
}
