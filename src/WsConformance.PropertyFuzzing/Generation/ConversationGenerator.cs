using FsCheck;
using FsCheck.Fluent;
using WsConformance.PropertyFuzzing.Conversations;

namespace WsConformance.PropertyFuzzing.Generation;

/// <summary>
/// FsCheck generator of whole conversations: valid messages, pings and pongs and short pauses, then (most of the
/// time) one fault inserted at a random point or applied to a random frame, and sometimes the client's own Close,
/// valid or not, with a few frames after it.
/// </summary>
public static class ConversationGenerator
{
    /// <summary>Default bound on the frames of one conversation.</summary>
    public const int DefaultMaxFrames = 10;

    private static readonly (int Weight, FaultKind Kind)[] FaultWeights =
    [
        (12, FaultKind.None), (3, FaultKind.ReservedBits), (3, FaultKind.ReservedOpcode), (3, FaultKind.UnmaskedFrame),
        (2, FaultKind.ControlFrameTooLong), (2, FaultKind.FragmentedControlFrame), (2, FaultKind.OrphanContinuation),
        (2, FaultKind.DataFrameInsideMessage), (5, FaultKind.InvalidUtf8), (2, FaultKind.LengthMostSignificantBit), (3, FaultKind.BadCloseBody),
    ];

    /// <summary>Conversations of at most <paramref name="maxFrames"/> frames.</summary>
    public static Gen<Conversation> Conversations(int maxFrames = DefaultMaxFrames) =>
        (from kind in Gen.Frequency(FaultWeights.Select(w => (w.Weight, Gen.Constant(w.Kind))))
         from conversation in WithFault(kind, maxFrames)
         select conversation).Where(c => c.FrameCount <= maxFrames);

    /// <summary>A conversation with this kind of fault (or none).</summary>
    public static Gen<Conversation> WithFault(FaultKind kind, int maxFrames = DefaultMaxFrames) =>
        from valid in ValidPieces(Math.Max(1, maxFrames / 2))
        from faulty in Insert(kind, valid)
        from ending in Ending(kind)
        select new Conversation([.. faulty, .. ending]);

    /// <summary>Valid pieces: messages, controls and pauses.</summary>
    private static Gen<List<IReadOnlyList<ClientAction>>> ValidPieces(int maxPieces) =>
        from count in Gen.Choose(0, maxPieces)
        from pieces in Gen.Frequency(
            (6, FrameGenerators.Message),
            (3, FrameGenerators.Control.Select(c => (IReadOnlyList<ClientAction>)[c])),
            (1, Gen.Choose(1, 10).Select(ms => (IReadOnlyList<ClientAction>)[new PauseAction(ms)]))).ListOf(count)
        select pieces.ToList();

    private static Gen<IReadOnlyList<ClientAction>> Insert(FaultKind kind, List<IReadOnlyList<ClientAction>> valid) => kind switch
    {
        FaultKind.None or FaultKind.BadCloseBody => Gen.Constant(Flatten(valid)),
        FaultKind.ReservedBits => ChangeOneFrame(Flatten(valid), FaultGenerators.WithReservedBits),
        FaultKind.UnmaskedFrame => ChangeOneFrame(Flatten(valid), frame => Gen.Constant(FaultGenerators.Unmasked(frame))),
        _ => from at in Gen.Choose(0, valid.Count)
             from fault in FaultGenerators.Inserted(kind)
             select Flatten([.. valid.Take(at), fault, .. valid.Skip(at)]),
    };

    /// <summary>Changes one frame; a conversation without frames gets a valid message to change first.</summary>
    private static Gen<IReadOnlyList<ClientAction>> ChangeOneFrame(IReadOnlyList<ClientAction> actions, Func<FrameAction, Gen<FrameAction>> change)
    {
        var frames = actions.Select((a, i) => (Action: a, Index: i)).Where(x => x.Action is FrameAction).Select(x => x.Index).ToList();
        if (frames.Count == 0)
        {
            return FrameGenerators.Message.SelectMany(message => ChangeOneFrame(message, change));
        }

        return from index in Gen.Elements<int>(frames)
               from changed in change((FrameAction)actions[index])
               select (IReadOnlyList<ClientAction>)[.. actions.Take(index), changed, .. actions.Skip(index + 1)];
    }

    /// <summary>
    /// How the client ends: mostly it does not close itself; sometimes it closes, validly or not, and sends a little
    /// more. Never after a fault: its Close would cross the server's, and who closed first would be a race.
    /// </summary>
    private static Gen<IReadOnlyList<ClientAction>> Ending(FaultKind kind) =>
        from close in kind == FaultKind.BadCloseBody
            ? FaultGenerators.BadClose.Select(c => (CloseAction?)c)
            : kind != FaultKind.None ? Gen.Constant<CloseAction?>(null)
            : Gen.Frequency((3, Gen.Constant<CloseAction?>(null)), (1, FaultGenerators.ValidClose.Select(c => (CloseAction?)c)))
        from after in Gen.Frequency((3, Gen.Constant<IReadOnlyList<ClientAction>>([])), (1, FrameGenerators.Message), (1, FrameGenerators.Control.Select(c => (IReadOnlyList<ClientAction>)[c])))
        select close is null ? (IReadOnlyList<ClientAction>)[] : [close, .. after.Where(a => a is not PauseAction)];

    private static IReadOnlyList<ClientAction> Flatten(IEnumerable<IReadOnlyList<ClientAction>> pieces) => [.. pieces.SelectMany(p => p)];
}
