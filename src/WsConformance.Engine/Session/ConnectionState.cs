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
    int FramesAfterServerClose,
    IReadOnlyList<Protocol.ViolationCode>? PeerViolations = null);
