using System.Net.WebSockets;
using static WsConformance.Fuzzing.Targets.SystemWebSocketTargets;

namespace WsConformance.Fuzzing.Targets;

/// <summary>
/// permessage-deflate (RFC 7692) received by System.Net.WebSockets (<c>DangerousDeflateOptions</c>) and by our codec +
/// MessageInflater, compared message by message.
/// </summary>
public static class DeflateDifferentialTargets
{
    /// <summary>
    /// Category of a finding: System.Net.WebSockets fails a message compressed into a block with BFINAL set, the form
    /// RFC 7692 §7.2.3.4 allows and shows ("0xf3 0x48 0xcd 0xc9 0xc9 0x07 0x00 0x00"), because the appended
    /// 0x00 0x00 0xff 0xff follows the end of the DEFLATE stream; see fuzz/findings/README.md.
    /// </summary>
    public const string SnwsRejectsFinalBlock = "snws-rejects-bfinal";

    /// <summary>
    /// Category of a finding: System.Net.WebSockets accepts a control frame with RSV1 set, which RFC 7692 §6 says an
    /// endpoint receiving it MUST fail the connection for; see fuzz/findings/README.md.
    /// </summary>
    public const string SnwsAcceptsCompressedControl = "snws-accepts-rsv1-control";

    /// <summary>What System.Net.WebSockets' error says when data follows a block with BFINAL set.</summary>
    private const string FinalBlockMarker = "BFINAL";

    private const string Instrumented = "System.Net.WebSockets,WsConformance.Protocol";

    /// <summary>Longest input compared: System.Net.WebSockets has no message size limit, so this bounds what a bomb inflates to.</summary>
    private const int MaxInputLength = 4096;

    /// <summary>Zero bytes that complete the mask key of a header System.Net.WebSockets is still waiting on.</summary>
    private static readonly byte[] MaskKeyPadding = new byte[4];

    /// <summary>
    /// The last input byte chooses the agreement (<see cref="DeflateChoice"/>); the bytes before it are a client's
    /// frames. Both receivers, as the server, get them; a finding when their verdicts (closed, failed, input ended) or
    /// the data messages they delivered whole (type, length, content) differ, except where the RFCs leave it open:
    /// a stream cut inside a frame may be judged failed or unfinished (how early a partial frame is judged is not
    /// specified), and a message using more window than agreed may be failed or inflated.
    /// </summary>
    [FuzzTarget("deflate-differential", Description = "our codec + MessageInflater vs. System.Net.WebSockets with permessage-deflate", Instrument = Instrumented, Frames = true)]
    public static void DeflateDifferential(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty || input.Length > MaxInputLength)
        {
            return;
        }

        var choice = DeflateChoice.From(input[^1]);
        byte[] frames = input[..^1].ToArray();
        var ourMessages = new List<DeliveredMessage>();
        ReceiverOutcome ours = InflatingReceiver.Receive(frames, choice.ClientNoContextTakeover, ourMessages);
        Outcome theirs = ReceiveWithDeflate(frames, choice);
        if (Agree(ours, ourMessages, theirs))
        {
            return;
        }

        if (theirs.Verdict == Verdict.Invalid && choice.ClientMaxWindowBits < DeflateChoice.MaxWindowBits)
        {
            // .NET inflates with the agreed window, we with 32 KiB (RFC 7692 §7.1.2.2 binds the sender, not the
            // receiver): compare with .NET given the full window, so only what the window does not explain remains.
            choice = choice with { ClientMaxWindowBits = DeflateChoice.MaxWindowBits };
            theirs = ReceiveWithDeflate(frames, choice);
            if (Agree(ours, ourMessages, theirs))
            {
                return;
            }
        }

        string category = Categorize(ours, theirs, frames, choice);
        throw new FuzzFindingException(category,
            $"[{category}] {choice}: our codec says {ours.Verdict} ({ours.Detail}) after [{string.Join(", ", ourMessages)}]; "
            + $"System.Net.WebSockets says {theirs.Verdict} ({theirs.Detail}) after [{string.Join(", ", theirs.Messages)}].");
    }

    /// <summary>System.Net.WebSockets as a server under <paramref name="choice"/>'s agreement.</summary>
    internal static Outcome ReceiveWithDeflate(byte[] frames, DeflateChoice choice)
    {
        var messages = new List<DeliveredMessage>();
        (Verdict verdict, string detail) = Receive(frames, choice.ToOptions(), messages);
        return new Outcome(verdict, detail, messages);
    }

    private static bool Agree(ReceiverOutcome ours, List<DeliveredMessage> ourMessages, Outcome theirs)
    {
        if (!ourMessages.SequenceEqual(theirs.Messages))
        {
            return false;
        }

        // RFC 6455 does not say how early a peer must judge a frame it has only partly received (a header before
        // its payload, corrupt compressed bytes or bad UTF-8 before the frame ends): cut inside a frame, a stream
        // may be failed or unfinished.
        return ours.Verdict == theirs.Verdict
            || (ours.EndedInsideFrame && ours.Verdict != Verdict.Closed && theirs.Verdict != Verdict.Closed);
    }

    private static string Categorize(ReceiverOutcome ours, Outcome theirs, byte[] frames, DeflateChoice choice) =>
        theirs.Detail.Contains(FinalBlockMarker, StringComparison.Ordinal) ? SnwsRejectsFinalBlock
        : ours.Verdict != Verdict.Invalid ? $"{ours.Verdict}-vs-{theirs.Verdict}"
        : ours.Failure == Failure.InvalidText ? SnwsLenientUtf8
        : ours.Failure == Failure.CompressedControl ? SnwsAcceptsCompressedControl
        : theirs.Verdict == Verdict.Invalid ? "messages-differ"
        : theirs.Verdict == Verdict.Incomplete && ReceiveWithDeflate([.. frames, .. MaskKeyPadding], choice).Verdict == Verdict.Invalid ? SnwsJudgesLate
        : $"{ours.Verdict}-vs-{theirs.Verdict}";

    /// <summary>How System.Net.WebSockets ended and the data messages it delivered whole.</summary>
    internal sealed record Outcome(Verdict Verdict, string Detail, IReadOnlyList<DeliveredMessage> Messages);
}

/// <summary>
/// A permessage-deflate agreement (RFC 7692 §7.1) chosen by one byte: bits 0–2 client_max_window_bits, bit 3
/// client_no_context_takeover, bits 4–6 server_max_window_bits, bit 7 server_no_context_takeover; window bits are
/// 9 + the value, at most 15 (System.Net.WebSockets takes 9–15, so 8 is left out). The server parameters only shape
/// what the server sends, which is discarded here: they vary so that no combination changes the receiving side.
/// </summary>
internal readonly record struct DeflateChoice(int ClientMaxWindowBits, bool ClientNoContextTakeover, int ServerMaxWindowBits, bool ServerNoContextTakeover)
{
    public const int MaxWindowBits = 15;
    private const int MinWindowBits = 9;
    private const int WindowMask = 0b111;
    private const int ClientNoContextBit = 0x08;
    private const int ServerShift = 4;
    private const int ServerNoContextBit = 0x80;

    public static DeflateChoice From(byte value) => new(
        WindowBits(value), (value & ClientNoContextBit) != 0, WindowBits(value >> ServerShift), (value & ServerNoContextBit) != 0);

    public WebSocketCreationOptions ToOptions() => new()
    {
        IsServer = true,
        KeepAliveInterval = TimeSpan.Zero,
        DangerousDeflateOptions = new WebSocketDeflateOptions
        {
            ClientMaxWindowBits = ClientMaxWindowBits,
            ClientContextTakeover = !ClientNoContextTakeover,
            ServerMaxWindowBits = ServerMaxWindowBits,
            ServerContextTakeover = !ServerNoContextTakeover,
        },
    };

    public override string ToString() =>
        $"client_max_window_bits={ClientMaxWindowBits}{(ClientNoContextTakeover ? " client_no_context_takeover" : "")}, "
        + $"server_max_window_bits={ServerMaxWindowBits}{(ServerNoContextTakeover ? " server_no_context_takeover" : "")}";

    private static int WindowBits(int value) => Math.Min(MinWindowBits + (value & WindowMask), MaxWindowBits);
}
