using WsConformance.Protocol;

namespace WsConformance.Engine.Tests.Session;

/// <summary>One input to the core, at a time of the case's clock.</summary>
internal abstract record CoreInput(int AtMs);

/// <summary>Only time passes (to <see cref="CoreInput.AtMs"/>); the core's timers act on the way.</summary>
internal sealed record TimePasses(int AtMs) : CoreInput(AtMs);

internal sealed record PeerSends(int AtMs, byte[] Bytes) : CoreInput(AtMs);

internal sealed record PeerEndsTcp(int AtMs) : CoreInput(AtMs);

internal sealed record HarnessCloses(int AtMs, ushort Code = CloseCodes.NormalClosure) : CoreInput(AtMs);

internal sealed record HarnessFailsAfter(int AtMs, int AfterMs) : CoreInput(AtMs);

internal sealed record HarnessClosesAfter(int AtMs, int AfterMs) : CoreInput(AtMs);

internal sealed record DeadlinePasses(int AtMs) : CoreInput(AtMs);

/// <summary>
/// A closing-handshake path of Autobahn's state machine as an input/output vector: the script, what the core must
/// ask its shell to do and when, and the close record and timing it must end with (flags as <see cref="CoreDriver.Outcome"/> writes them).
/// </summary>
/// <param name="ExpectedEvents">The events the case expects from the peer (see <see cref="ScriptedMonitor"/>).</param>
internal sealed record CoreVector(Role Harness, int ExpectedEvents, CoreInput[] Script, string[] Outputs, string Outcome)
{
    public bool HarnessClosesWhenDone { get; init; } = true;

    public bool PeerMustClose { get; init; }

    /// <summary>2 is the run's default; 0 is Autobahn's strict timing (<c>--strict-timing</c>).</summary>
    public double LateGraceFactor { get; init; } = 2;
}

/// <summary>
/// Vectors of every closing-handshake path: who closes first, close timeout, drop timeout, TCP drop before and after
/// a Close, data after a Close, fail-fast and fail-late, for both roles of the harness. Protocol timers are 1000 ms,
/// case timers get twice their length as grace when the peer still owes an answer.
/// </summary>
internal static class CoreVectors
{
    private const string NoReply = "peer did not respond (in time) in closing handshake";
    private const string NoDrop = "server did not drop TCP connection (in time)";
    private const string DroppedFirst = "peer dropped the TCP connection without previous WebSocket closing handshake";
    private const uint ClientMaskKey = 0x37fa213d;

    public static readonly Dictionary<string, CoreVector> Valid = new()
    {
        ["harness-closes-first/peer-answers-and-drops"] = new(Role.Client, 0,
            [new HarnessCloses(0), new PeerSends(10, ServerClose(CloseCodes.NormalClosure)), new PeerEndsTcp(20)],
            ["0 ms: send Close 1000"],
            "closedByMe clean local=1000 remote=1000"),
        ["peer-closes-first/harness-answers-peer-drops"] = new(Role.Client, 0,
            [new PeerSends(0, ServerClose(CloseCodes.NormalClosure)), new PeerEndsTcp(5)],
            ["0 ms: send Close 1000"],
            "clean local=1000 remote=1000") { HarnessClosesWhenDone = false, PeerMustClose = true },
        ["close-timeout/peer-never-answers"] = new(Role.Client, 0,
            [new HarnessCloses(0), new TimePasses(5000)],
            ["0 ms: send Close 1000", "1000 ms: drop TCP (reset)"],
            $"closedByMe droppedByMe unclean({NoReply}) closeTimeout local=1000 timerDecided"),
        ["close-timeout/has-no-grace-even-when-case-timers-do"] = new(Role.Client, 1,
            [new HarnessCloses(0), new TimePasses(5000)],
            ["0 ms: send Close 1000", "1000 ms: drop TCP (reset)"],
            $"closedByMe droppedByMe unclean({NoReply}) closeTimeout local=1000 timerDecided"),
        ["drop-timeout/peer-answers-but-keeps-tcp"] = new(Role.Client, 0,
            [new HarnessCloses(0), new PeerSends(10, ServerClose(CloseCodes.NormalClosure)), new TimePasses(5000)],
            ["0 ms: send Close 1000", "1010 ms: drop TCP (reset)"],
            $"closedByMe droppedByMe unclean({NoDrop}) dropTimeout local=1000 remote=1000 timerDecided"),
        ["drop-timeout/after-the-peer-closed-first"] = new(Role.Client, 0,
            [new PeerSends(100, ServerClose(CloseCodes.NormalClosure)), new TimePasses(5000)],
            ["100 ms: send Close 1000", "1100 ms: drop TCP (reset)"],
            $"droppedByMe unclean({NoDrop}) dropTimeout local=1000 remote=1000 timerDecided") { HarnessClosesWhenDone = false },
        ["tcp-drop/before-any-close"] = new(Role.Client, 1,
            [new PeerEndsTcp(0), new TimePasses(5000)],
            [],
            $"unclean({DroppedFirst})"),
        ["tcp-drop/after-the-harness-close-before-a-reply"] = new(Role.Client, 0,
            [new HarnessCloses(0), new PeerEndsTcp(10), new TimePasses(5000)],
            ["0 ms: send Close 1000"],
            $"closedByMe unclean({DroppedFirst}) local=1000"),
        ["ping/answered-with-a-pong-while-open"] = new(Role.Client, 2,
            [new PeerSends(0, ServerFrame(Opcodes.Ping, "hi"u8)), new HarnessCloses(10), new PeerSends(20, ServerClose(CloseCodes.NormalClosure)), new PeerEndsTcp(30)],
            ["0 ms: send Pong hi", "10 ms: send Close 1000"],
            "closedByMe clean local=1000 remote=1000"),
        ["fail-fast/an-unexpected-event-and-no-pong-once-closing"] = new(Role.Client, 0,
            [new PeerSends(0, ServerFrame(Opcodes.Ping, "hi"u8)), new PeerSends(10, ServerClose(CloseCodes.NormalClosure)), new PeerEndsTcp(20)],
            ["0 ms: send Close 1001"],
            "closedByMe failedByMe clean local=1001 remote=1000"),
        ["fail-late/after-the-grace-when-the-peer-still-owes"] = new(Role.Client, 1,
            [new HarnessFailsAfter(0, 1000), new TimePasses(10_000)],
            ["3000 ms: send Close 1001", "4000 ms: drop TCP (reset)"],
            $"closedByMe failedByMe droppedByMe unclean({NoReply}) closeTimeout local=1001 timerDecided ranOutAt=3000"),
        ["fail-late/on-time-under-strict-timing"] = new(Role.Client, 1,
            [new HarnessFailsAfter(0, 1000), new TimePasses(10_000)],
            ["1000 ms: send Close 1001", "2000 ms: drop TCP (reset)"],
            $"closedByMe failedByMe droppedByMe unclean({NoReply}) closeTimeout local=1001 timerDecided") { LateGraceFactor = 0 },
        ["fail-late/an-answer-within-the-grace-is-late-not-failed"] = new(Role.Client, 1,
            [new HarnessFailsAfter(0, 1000), new PeerSends(1500, ServerFrame(Opcodes.Text, "echo"u8)), new PeerSends(1510, ServerClose(CloseCodes.NormalClosure)),
                new PeerEndsTcp(1520), new TimePasses(10_000)],
            ["1500 ms: send Close 1000"],
            "closedByMe clean local=1000 remote=1000 late"),
        ["fail-late/an-answer-in-time-needs-no-grace"] = new(Role.Client, 1,
            [new HarnessFailsAfter(0, 1000), new PeerSends(500, ServerFrame(Opcodes.Text, "echo"u8)), new PeerSends(510, ServerClose(CloseCodes.NormalClosure)),
                new PeerEndsTcp(520), new TimePasses(10_000)],
            ["500 ms: send Close 1000"],
            "closedByMe clean local=1000 remote=1000"),
        ["fail-late/a-hopeless-pace-stops-a-long-timer-early"] = new(Role.Client, 100,
            [new HarnessFailsAfter(0, 20_000), new PeerSends(1000, ServerFrame(Opcodes.Text, "1"u8)), new PeerSends(2000, ServerFrame(Opcodes.Text, "2"u8)),
                new PeerSends(3000, ServerFrame(Opcodes.Text, "3"u8)), new TimePasses(4500)],
            ["4000 ms: send Close 1001"],
            "closedByMe failedByMe unclean() local=1001 timerDecided ranOutAt=4000"),
        ["close-after/closes-normally-when-nothing-is-owed"] = new(Role.Client, 0,
            [new HarnessClosesAfter(0, 500), new PeerSends(510, ServerClose(CloseCodes.NormalClosure)), new PeerEndsTcp(520)],
            ["500 ms: send Close (empty)"],
            "closedByMe clean remote=1000 timerDecided") { HarnessClosesWhenDone = false },
        ["deadline/drops-and-records-when-time-ran-out"] = new(Role.Client, 1,
            [new DeadlinePasses(2000)],
            ["2000 ms: drop TCP (reset)"],
            "droppedByMe unclean(case deadline reached: the harness dropped the connection) timerDecided ranOutAt=2000"),
        ["serve/peer-closes-first-and-the-harness-ends-tcp"] = new(Role.Server, 0,
            [new PeerSends(0, ClientClose(CloseCodes.NormalClosure)), new TimePasses(5000)],
            ["0 ms: send Close 1000", "0 ms: drop TCP (FIN)"],
            "droppedByMe clean local=1000 remote=1000") { HarnessClosesWhenDone = false, PeerMustClose = true },
        ["serve/harness-closes-first-and-ends-tcp-on-the-reply"] = new(Role.Server, 0,
            [new HarnessCloses(0), new PeerSends(10, ClientClose(CloseCodes.NormalClosure)), new TimePasses(5000)],
            ["0 ms: send Close 1000", "10 ms: drop TCP (FIN)"],
            "closedByMe droppedByMe clean local=1000 remote=1000"),
        ["serve/close-timeout"] = new(Role.Server, 0,
            [new HarnessCloses(0), new TimePasses(5000)],
            ["0 ms: send Close 1000", "1000 ms: drop TCP (reset)"],
            $"closedByMe droppedByMe unclean({NoReply}) closeTimeout local=1000 timerDecided"),
    };

    /// <summary>The peer broke a rule: the harness fails the connection at once, with the code RFC 6455 §7.4.1 gives.</summary>
    public static readonly Dictionary<string, CoreVector> Invalid = new()
    {
        ["fail-fast/protocol-violation"] = new(Role.Client, 1,
            [new PeerSends(0, ServerFrame(0x3, "?"u8)), new PeerSends(10, ServerClose(CloseCodes.ProtocolError)), new PeerEndsTcp(20)],
            ["0 ms: send Close 1002"],
            "closedByMe failedByMe clean local=1002 remote=1002 violations=ReservedOpcode"),
        ["data-after-close/drops-tcp-and-counts-the-frame"] = new(Role.Client, 0,
            [new PeerSends(0, [.. ServerClose(CloseCodes.NormalClosure), .. ServerFrame(Opcodes.Text, "late"u8)]), new TimePasses(5000)],
            ["0 ms: send Close 1000", "0 ms: drop TCP (reset)"],
            "failedByMe droppedByMe clean local=1000 remote=1000 afterClose=1 violations=FrameAfterClose") { HarnessClosesWhenDone = false, PeerMustClose = true },
        ["fail-fast/invalid-close-code-from-the-peer"] = new(Role.Client, 0,
            [new PeerSends(0, ServerClose(999)), new PeerEndsTcp(10)],
            ["0 ms: send Close 1002"],
            "closedByMe failedByMe clean local=1002 remote=999") { HarnessClosesWhenDone = false },
        ["serve/an-unmasked-client-frame-fails-fast"] = new(Role.Server, 1,
            [new PeerSends(0, ServerFrame(Opcodes.Text, "x"u8)), new PeerSends(10, ClientClose(CloseCodes.ProtocolError))],
            ["0 ms: send Close 1002", "10 ms: drop TCP (FIN)"],
            "closedByMe failedByMe droppedByMe clean local=1002 remote=1002 violations=UnmaskedClientFrame"),
    };

    public static TheoryData<string> ValidNames => [.. Valid.Keys];

    public static TheoryData<string> InvalidNames => [.. Invalid.Keys];

    /// <summary>An unmasked frame, as a server sends it.</summary>
    public static byte[] ServerFrame(byte opcode, ReadOnlySpan<byte> payload) =>
        FrameEncoder.Encode(new FrameSpec(Fin: true, Rsv: 0, opcode, Masked: false, MaskKey: 0, payload.ToArray()));

    public static byte[] ServerClose(ushort code) => ServerFrame(Opcodes.Close, CloseBody.Build(code, []));

    /// <summary>A masked Close, as a client sends it.</summary>
    public static byte[] ClientClose(ushort code) =>
        FrameEncoder.Encode(new FrameSpec(Fin: true, Rsv: 0, Opcodes.Close, Masked: true, ClientMaskKey, CloseBody.Build(code, [])));
}
