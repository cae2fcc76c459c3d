namespace WsConformance.Engine.Session;

/// <summary>The harness's side of the WebSocket connection, as in RFC 6455 §4–§7.</summary>
public enum ConnectionState
{
    Open,

    /// <summary>A Close frame was sent (by us first, or as our reply to the server's).</summary>
    Closing,

    /// <summary>TCP is gone.</summary>
    Closed,
}

/// <summary>
/// How the connection ended, in Autobahn's terms (its per-case report fields of the same names), so the judge
/// can apply Autobahn's close rules unchanged.
/// </summary>
/// <param name="PeerViolations">
/// The rules the peer's own frames broke, for which the harness failed the connection (the first such frame's); empty
/// when it never had to. Not an Autobahn field: it tells a peer that sends broken frames from one that answers wrongly.
/// </param>
public sealed record CloseRecord(
    bool ClosedByMe,
    bool FailedByMe,
    bool DroppedByMe,
    bool WasClean,
    string? WasNotCleanReason,
    bool WasCloseHandshakeTimeout,
    bool WasServerConnectionDropTimeout,
    int? LocalCloseCode,
    string? LocalCloseReason,
    int? RemoteCloseCode,
    string? RemoteCloseReason,
    int FramesAfterPeerClose,
    IReadOnlyList<Protocol.ViolationCode>? PeerViolations = null);

/// <summary>What the clock did to a case (see <see cref="CaseSession.Timing"/>).</summary>
/// <param name="TimerDecided">
/// A timer ran out and acted: a case timer (fail or close after), a protocol timer (closing handshake, TCP drop),
/// a tagged pause that ran out with the connection open, or the case deadline. Such an outcome can depend on how
/// busy the machine or the peer was, so a concurrent run confirms it alone.
/// </param>
/// <param name="RanOutOfTimeAt">When the harness stopped waiting although the peer still owed an answer; null when it never did.</param>
public sealed record TimingRecord(bool TimerDecided, TimeSpan? RanOutOfTimeAt);
