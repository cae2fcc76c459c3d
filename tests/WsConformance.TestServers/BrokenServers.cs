using WsConformance.Protocol;

namespace WsConformance.TestServers;

/// <summary>
/// Echo servers that each break one rule of RFC 6455 and are correct otherwise, so the engine must turn
/// exactly that bug into FAILED cases of the family that checks the rule.
/// </summary>
public static class BrokenServers
{
    /// <summary>Echoes frames that carry RSV bits no extension negotiated (§5.2 says fail).</summary>
    public static EchoBehaviour IgnoresReservedBits { get; } = Ignoring(ViolationCode.ReservedBitsSet);

    /// <summary>Silently skips frames with reserved opcodes (§5.2 says fail).</summary>
    public static EchoBehaviour AcceptsReservedOpcodes { get; } = Ignoring(ViolationCode.ReservedOpcode);

    /// <summary>Processes unmasked client frames (§5.1 says close the connection).</summary>
    public static EchoBehaviour AcceptsUnmaskedFrames { get; } = Ignoring(ViolationCode.UnmaskedClientFrame);

    /// <summary>Answers control frames longer than 125 bytes, e.g. a 126-byte ping with a pong (§5.5).</summary>
    public static EchoBehaviour AcceptsLongControlFrames { get; } = Ignoring(ViolationCode.ControlFrameTooLong);

    /// <summary>
    /// Breaks §5.4/§5.5 fragmentation rules: answers fragmented control frames, skips continuations that
    /// continue nothing, and lets a new data frame replace an unfinished message.
    /// </summary>
    public static EchoBehaviour AcceptsFragmentationErrors { get; } = Ignoring(
        ViolationCode.FragmentedControlFrame, ViolationCode.ContinuationWithoutMessage, ViolationCode.DataFrameInsideFragmentedMessage);

    /// <summary>Echoes text messages that are not valid UTF-8 (§8.1 says fail).</summary>
    public static EchoBehaviour SkipsUtf8Validation { get; } = Ignoring(ViolationCode.InvalidTextUtf8);

    /// <summary>Answers Close frames with codes that may not appear on the wire (1004, 1005, 2999, …) with 1000 (§7.4).</summary>
    public static EchoBehaviour AcceptsInvalidCloseCodes { get; } = Ignoring(ViolationCode.InvalidCloseCode);

    /// <summary>
    /// Never answers the client's Close frame (§5.5.1 says it MUST): a Close is ignored like a Pong, and so
    /// the frames after it are processed as usual (instead of being reported as frames after Close).
    /// </summary>
    public static EchoBehaviour NeverAnswersClose { get; } = Ignoring(ViolationCode.FrameAfterClose) with { AnswersClose = false };

    /// <summary>Answers a ping with a pong whose payload has one byte appended (§5.5.3: identical payload).</summary>
    public static EchoBehaviour PongWithWrongPayload { get; } = EchoBehaviour.Correct with { PongPayload = static payload => [.. payload, (byte)'!'] };

    /// <summary>Never answers a Ping (§5.5.2: it MUST send a Pong in response), correct otherwise.</summary>
    public static EchoBehaviour NeverAnswersPing { get; } = EchoBehaviour.Correct with { PongPayload = null };

    /// <summary>Answers the opening handshake with a Sec-WebSocket-Accept computed from a different key (§4.2.2).</summary>
    public static EchoBehaviour WrongAccept { get; } = EchoBehaviour.Correct with
    {
        Accept = static key => Protocol.Handshake.SecWebSocketKey.ComputeAccept(key + "x"),
    };

    /// <summary>Flips the last byte of every echoed message longer than 100 bytes.</summary>
    public static EchoBehaviour CorruptsLongEchoes { get; } = EchoBehaviour.Correct with { EchoPayload = FlipLastByteAbove(100) };

    /// <summary>Correct, but every echo and pong leaves about 1.5 s late.</summary>
    public static EchoBehaviour Slow { get; } = EchoBehaviour.Correct with { ReplyDelay = TimeSpan.FromSeconds(1.5) };

    /// <summary>Masks its own frames (§5.1: a server MUST NOT mask).</summary>
    public static EchoBehaviour MasksOwnFrames { get; } = EchoBehaviour.Correct with { BreaksMasking = true };

    /// <summary>Sends a text message right after its own Close frame (§5.5.1: no data after Close).</summary>
    public static EchoBehaviour SendsDataAfterClose { get; } = EchoBehaviour.Correct with { MessageAfterClose = "after close" };

    private static EchoBehaviour Ignoring(params ViolationCode[] codes) =>
        EchoBehaviour.Correct with { IgnoredViolations = codes.ToHashSet() };

    private static Func<byte[], byte[]> FlipLastByteAbove(int length) => payload =>
    {
        if (payload.Length > length)
        {
            payload[^1] ^= 0x01;
        }

        return payload;
    };
}
