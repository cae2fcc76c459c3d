using WsConformance.Protocol;
using WsConformance.Protocol.Handshake;

namespace WsConformance.TestServers;

/// <summary>
/// How a <see cref="CodecEchoServer"/> or a <see cref="CodecEchoClient"/> behaves. <see cref="Correct"/> follows RFC 6455 everywhere; every other
/// value changes exactly one rule (see <see cref="BrokenServers"/>), so a failing case points at that rule.
/// </summary>
public sealed record EchoBehaviour
{
    /// <summary>The correct echo server.</summary>
    public static EchoBehaviour Correct { get; } = new();

    /// <summary>
    /// Violations the server does not act on: the frame is processed as if it were fine (a reserved opcode's
    /// frame is skipped, since there is nothing to process). A correct server ignores none.
    /// </summary>
    public IReadOnlySet<ViolationCode> IgnoredViolations { get; init; } = new HashSet<ViolationCode>();

    /// <summary>Derives Sec-WebSocket-Accept from the client's key; correct: <see cref="SecWebSocketKey.ComputeAccept"/>.</summary>
    public Func<string, string> Accept { get; init; } = SecWebSocketKey.ComputeAccept;

    /// <summary>Turns a ping's payload into the pong's payload; null sends no pong. Correct: the same bytes (§5.5.3).</summary>
    public Func<byte[], byte[]>? PongPayload { get; init; } = static payload => payload;

    /// <summary>Turns a received message's payload into the echoed payload. Correct: the same bytes.</summary>
    public Func<byte[], byte[]> EchoPayload { get; init; } = static payload => payload;

    /// <summary>Whether received messages are echoed at all; false is an endpoint that reads everything and never answers. Correct: true.</summary>
    public bool Echoes { get; init; } = true;

    /// <summary>Whether a received Close is answered with a Close (§5.5.1). Correct: true.</summary>
    public bool AnswersClose { get; init; } = true;

    /// <summary>Delay before every echo and every pong. Correct and fast: zero.</summary>
    public TimeSpan ReplyDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Masks the wrong way (§5.1): a server masks its frames, a client leaves them unmasked. Correct: false.</summary>
    public bool BreaksMasking { get; init; }

    /// <summary>A client takes any answer to its opening handshake for a 101 that completes it (§4.1 says fail). Correct: false.</summary>
    public bool AcceptsAnyHandshakeResponse { get; init; }

    /// <summary>A text message the server sends right after its own Close (§5.5.1 forbids it); null: nothing.</summary>
    public string? MessageAfterClose { get; init; }

    /// <summary>True when the server acts on <paramref name="violation"/> (fails the connection).</summary>
    public bool Enforces(Violation violation) =>
        violation.Severity == ViolationSeverity.Error && !IgnoredViolations.Contains(violation.Code);
}
