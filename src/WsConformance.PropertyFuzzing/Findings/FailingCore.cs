using WsConformance.Engine.Running;
using WsConformance.PropertyFuzzing.Conversations;
using WsConformance.PropertyFuzzing.Running;
using WsConformance.Protocol;

namespace WsConformance.PropertyFuzzing.Findings;

/// <summary>
/// What identifies the bug behind a failing conversation, so that the conversations showing one bug share it:
/// <list type="bullet">
/// <item>the server mishandled the client's fault after delivering everything it owed (it did not fail the connection,
/// failed it with the wrong code, or echoed the faulty frame): the rules broken, whatever frames broke them;</item>
/// <item>the server went wrong whatever the client sent (<see cref="DeviationScope.AnyConversation"/>): that deviation alone;</item>
/// <item>otherwise what the server did wrong with the conversation's actions as shapes (<see cref="ActionShape"/>).</item>
/// </list>
/// A minimal conversation's core <em>explains</em> another failure when that failure deviates the same way, makes at
/// least the core's faults, and holds the core's actions in order.
/// </summary>
public sealed record FailingCore(IReadOnlyList<ActionShape> Actions, IReadOnlySet<ViolationCode> Faults, string Deviation)
{
    /// <summary>The deviation of every core that is a mishandled client fault: the faults tell them apart.</summary>
    public const string MishandledFault = "mishandles the client's fault";

    /// <summary>What the server does wrong, in words, for reports.</summary>
    public string Title => Deviation == MishandledFault ? $"mishandles the client's {string.Join(" + ", Faults.Order())}" : Deviation;

    public static FailingCore Of(PreparedConversation prepared, CaseResult failed)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var deviation = ServerDeviation.Of(failed);
        var faults = ClientFaults(prepared);
        var echoedTheFault = deviation.BrokenInOwnFrames.Count > 0 && deviation.BrokenInOwnFrames.All(faults.Contains);
        if (faults.Count > 0 && failed.Close is not null && (deviation.Scope == DeviationScope.AfterEverythingOwed || echoedTheFault))
        {
            return new FailingCore([], faults, MishandledFault);
        }

        return deviation.Scope == DeviationScope.AnyConversation
            ? new FailingCore([], new HashSet<ViolationCode>(), deviation.Text)
            : new FailingCore([.. prepared.Conversation.Actions.Select(ActionShape.Of).OfType<ActionShape>()], faults, deviation.Text);
    }

    /// <summary>True when <paramref name="other"/> fails the way this core does and holds this core's actions.</summary>
    public bool Explains(FailingCore other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Deviation == other.Deviation && Faults.IsSubsetOf(other.Faults) && IsSubsequence(Actions, other.Actions);
    }

    /// <summary>The rules the client breaks: its first faulty frame's, its Close body's (§5.5, §7.4), and frames after its Close (§5.5.1).</summary>
    private static HashSet<ViolationCode> ClientFaults(PreparedConversation prepared)
    {
        var actions = prepared.Conversation.Actions;
        var faults = (prepared.Outcome.Fault?.Violations.Select(v => v.Code) ?? []).ToHashSet();
        var close = actions.Select((action, index) => (action, index)).FirstOrDefault(a => a.action is CloseAction);
        if (close.action is CloseAction closeAction)
        {
            faults.UnionWith(CloseShape.FaultsOf(closeAction.Body));
            if (actions.Skip(close.index + 1).Any(a => a is FrameAction))
            {
                faults.Add(ViolationCode.FrameAfterClose);
            }
        }

        return faults;
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
            OpcodeKind(frame.Opcode), frame.Fin, frame.Rsv != 0, frame.Masked,
            frame.LengthMostSignificantBit, frame.LengthEncoding, frame.Payload.Length),
        CloseAction close => new CloseShape(CloseShape.Describe(close.Body), close.Body.Length),
        _ => null,
    };

    /// <summary>Stands for every reserved opcode: a server that mishandles one mishandles the others alike.</summary>
    internal const byte ReservedOpcode = 0xFF;

    /// <summary>The opcode, with text and binary as one kind (as <see cref="ServerDeviation"/> names their echoes) and reserved ones as one.</summary>
    private static byte OpcodeKind(byte opcode) => opcode switch
    {
        Opcodes.Binary => Opcodes.Text,
        _ when !Opcodes.IsDefined(opcode) => ReservedOpcode,
        _ => opcode,
    };

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
public sealed record CloseShape(string Faults, int BodyLength) : ActionShape
{
    public override bool Covers(ActionShape action) =>
        action is CloseShape close && close.Faults == Faults && BodyLength <= close.BodyLength;

    /// <summary>What is wrong with a Close body: a bad code, a bad reason, one byte, or more than a control frame may carry (§5.5).</summary>
    public static IEnumerable<ViolationCode> FaultsOf(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var faults = CloseBody.Parse(body).Violations.Select(v => v.Code);
        return body.Length > FrameHeader.MaxShortLength ? faults.Append(ViolationCode.ControlFrameTooLong) : faults;
    }

    internal static string Describe(byte[] body) => string.Join("+", FaultsOf(body).Distinct().Order());
}
