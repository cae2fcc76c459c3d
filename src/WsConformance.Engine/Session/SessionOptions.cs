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
/// <param name="ChopPacing">
/// Least time between two pieces of a chopped write when the step gives no delay. Autobahn's pieces leave about
/// 40 µs apart (a reactor turn each); some verdicts depend on it (a server that echoes a message before the next
/// frame's first byte arrives passes 3.4, 4.1.5, 4.2.5 as OK, not NON-STRICT). Null: only yield between pieces.
/// </param>
public sealed record SessionOptions(
    TimeSpan CloseHandshakeTimeout,
    TimeSpan ServerDropTimeout,
    double LateGraceFactor,
    long MaxMessageBytes,
    int MaxEvents,
    TimeSpan? ChopPacing)
{
    public static SessionOptions Default { get; } = Scaled(1.0);

    public static SessionOptions Scaled(double timeoutScale) => new(
        TimeSpan.FromSeconds(1 * timeoutScale),
        TimeSpan.FromSeconds(1 * timeoutScale),
        LateGraceFactor: 2,
        MaxMessageBytes: 64L * 1024 * 1024,
        MaxEvents: 100_000,
        ChopPacing: AutobahnChopPacing);

    /// <summary>About the gap between Autobahn's chopped writes.</summary>
    public static TimeSpan AutobahnChopPacing { get; } = TimeSpan.FromMicroseconds(100);
}
