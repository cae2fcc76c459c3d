using WsConformance.Protocol;

namespace WsConformance.Engine.Session;

/// <summary>Protocol timers and limits of one case session. Every duration is already scaled.</summary>
/// <param name="CloseHandshakeTimeout">How long the server has to answer our Close (Autobahn: 1 s).</param>
/// <param name="ServerDropTimeout">How long the server has to drop TCP after the closing handshake (Autobahn: 1 s).</param>
/// <param name="LateGraceFactor">
/// When a timer fires while the server still owes us something (an echo, a pong, a close), we wait this many
/// times the timer's duration longer before acting, so a correct but slow server is reported as slow instead
/// of as a protocol failure. 0 reproduces Autobahn's strict timing.
/// </param>
/// <param name="MaxMessageBytes">Largest message the harness reassembles; beyond it the connection is failed with 1009.</param>
/// <param name="MaxEvents">Most events recorded per case; a flooding server is failed beyond it.</param>
/// <param name="MaxRetainedPayloadBytes">Most payload bytes kept across a case's events; a flooding server is failed beyond it.</param>
/// <param name="ChoppedFrameGap">
/// Pause after the last piece of each chopped frame. Autobahn writes chopped frames byte by byte to a server
/// that is otherwise idle, so a server that acts on a complete frame at once has done so before the next frame's
/// first byte arrives (3.4, 4.1.5, 4.2.5: an echo before the failure is OK, not NON-STRICT). A short pause at
/// the frame boundary gives the same outcome on a busy CI machine. Null: no pause.
/// </param>
public sealed record SessionOptions(
    TimeSpan CloseHandshakeTimeout,
    TimeSpan ServerDropTimeout,
    double LateGraceFactor,
    long MaxMessageBytes,
    int MaxEvents,
    long MaxRetainedPayloadBytes,
    TimeSpan? ChoppedFrameGap)
{
    /// <summary>Keep a SHA-1 of every message whose payload is not kept, so echoes of data-set slices can be compared.</summary>
    public bool DigestMessages { get; init; }

    /// <summary>
    /// The harness's role: <see cref="Role.Client"/> when it tests a server (<c>wsconf run</c>), <see cref="Role.Server"/>
    /// when it tests a client (<c>wsconf serve</c>). It decides masking both ways and who drops TCP at the end.
    /// </summary>
    public Role Role { get; init; } = Role.Client;

    /// <summary>
    /// End the connection when the peer, while it owes an answer or while our write is pending, neither sends a byte
    /// nor takes one of ours for as long as this allows (see <c>CaseSession.Stall</c>). Null: only the case's timers
    /// and deadline end it, as Autobahn's do.
    /// </summary>
    public StallPolicy? Stall { get; init; }

    /// <summary>
    /// The shortest grace, whatever the timer: a peer that has been seen to take this long for its answers is given
    /// that long before a missing answer counts (see <c>PeerPace</c>). Zero: the grace is only the factor's. Ignored under
    /// strict timing (a factor of 0).
    /// </summary>
    public TimeSpan MinimumGrace { get; init; }

    /// <summary>The grace a timer of <paramref name="delay"/> gets when the peer still owes an answer at its end.</summary>
    public TimeSpan GraceFor(TimeSpan delay) =>
        LateGraceFactor <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Max((long)(delay.Ticks * LateGraceFactor), MinimumGrace.Ticks));

    public static SessionOptions Scaled(double timeoutScale) => new(
        TimeSpan.FromSeconds(1 * timeoutScale),
        TimeSpan.FromSeconds(1 * timeoutScale),
        LateGraceFactor: 2,
        MaxMessageBytes: 64L * 1024 * 1024,
        MaxEvents: 10_000,
        MaxRetainedPayloadBytes: 64L * 1024 * 1024,
        ChoppedFrameGap: DefaultChoppedFrameGap);

    /// <summary>The frame-boundary pause that reproduces Autobahn's verdicts (see <see cref="ChoppedFrameGap"/>).</summary>
    public static TimeSpan DefaultChoppedFrameGap { get; } = TimeSpan.FromMilliseconds(25);
}
