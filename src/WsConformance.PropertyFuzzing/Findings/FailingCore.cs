using WsConformance.Engine.Running;
using WsConformance.PropertyFuzzing.Conversations;
using WsConformance.PropertyFuzzing.Running;
using WsConformance.Protocol;

namespace WsConformance.PropertyFuzzing.Findings;

/// <summary>
/// What identifies the bug behind a failing conversation: what the server did wrong (<see cref="ServerDeviation"/>),
/// the client's fault, and the conversation's actions as shapes (<see cref="ActionShape"/>). A minimal conversation's
/// core <em>explains</em> another failure when that failure shows the same deviation after the same fault in a
/// conversation that holds the same actions, in order, with at least as much payload.
/// </summary>
public sealed record FailingCore(IReadOnlyList<ActionShape> Actions, IReadOnlySet<ViolationCode> Faults, string Deviation)
{
    public static FailingCore Of(PreparedConversation prepared, CaseResult failed)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        return new FailingCore(
            [.. prepared.Conversation.Actions.Select(ActionShape.Of).OfType<ActionShape>()],
            (prepared.Outcome.Fault?.Violations.Select(v => v.Code) ?? []).ToHashSet(),
            ServerDeviation.Of(failed));
    }

    /// <summary>True when <paramref name="other"/> fails the way this core does and holds this core's actions.</summary>
    public bool Explains(FailingCore other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Deviation == other.Deviation && Faults.IsSubsetOf(other.Faults) && IsSubsequence(Actions, other.Actions);
    }

    /// <summary>Every action of <paramref name="core"/>, in order, covers one of <paramref name="actions"/>.</summary>
    private static bool IsSubsequence(IReadOnlyList<ActionShape> core, IReadOnlyList<ActionShape> actions)
    {
        var next = 0;
        foreach (var action in actions)
        {
            if (next < core.Count && core[next].Covers(action))
            {
                next++;
            }
        }

        return next == core.Count;
    }
}

/// <summary>
/// An action without what varies between conversations that show one bug: payload bytes, masking keys, chunking and
/// pauses. Kept: everything a frame header says (opcode, reserved opcodes as one kind; FIN; RSV bits set or not;
/// masked; length form) and the payload length as a lower bound; for the client's Close, the kind of its body.
/// </summary>
public abstract record ActionShape
{
    /// <summary>The shape of a frame or Close; null for a pause, which only times a conversation.</summary>
    public static ActionShape? Of(ClientAction action) => action switch
    {
        FrameAction frame => new FrameShape(
            Opcodes.IsDefined(frame.Opcode) ? frame.Opcode : ReservedOpcode, frame.Fin, frame.Rsv != 0, frame.Masked,
            frame.LengthMostSignificantBit, frame.LengthEncoding, frame.Payload.Length),
        CloseAction close => new CloseShape(CloseShape.ValidityOf(close.Body), close.Body.Length),
        _ => null,
    };

    /// <summary>Stands for every reserved opcode: a server that mishandles one mishandles the others alike.</summary>
    internal const byte ReservedOpcode = 0xFF;

    /// <summary>This shape, as part of a failing core, is present as <paramref name="action"/>.</summary>
    public abstract bool Covers(ActionShape action);
}

/// <summary>A frame's header, and its payload length (a core's frame covers frames with at least as many payload bytes).</summary>
public sealed record FrameShape(byte Opcode, bool Fin, bool Rsv, bool Masked, bool LengthMostSignificantBit, LengthEncoding LengthEncoding, int PayloadLength)
    : ActionShape
{
    public override bool Covers(ActionShape action) =>
        action is FrameShape frame && this with { PayloadLength = frame.PayloadLength } == frame && PayloadLength <= frame.PayloadLength;
}

/// <summary>The client's Close: what is wrong with its body, if anything, and its length (a lower bound, as a frame's payload).</summary>
public sealed record CloseShape(string Validity, int BodyLength) : ActionShape
{
    public override bool Covers(ActionShape action) =>
        action is CloseShape close && close.Validity == Validity && BodyLength <= close.BodyLength;

    /// <summary>The body's violations (a bad code, a bad reason, one byte) and whether it is too long for a control frame.</summary>
    public static string ValidityOf(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var faults = CloseBody.Parse(body).Violations.Select(v => v.Code.ToString()).Distinct().Order(StringComparer.Ordinal).ToList();
        if (body.Length > FrameHeader.MaxShortLength) // §5.5: a control frame's payload fits the 7-bit length
        {
            faults.Add("too long");
        }

        return faults.Count == 0 ? "valid" : string.Join("+", faults);
    }
}
