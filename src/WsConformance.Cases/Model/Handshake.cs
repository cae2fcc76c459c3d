using WsConformance.Protocol.Http2;

namespace WsConformance.Cases.Model;

/// <summary>
/// Deviations from a correct client opening handshake. Header names are matched case-insensitively when
/// removed or replaced; <see cref="Add"/> appends exactly as written (so a case can send odd casing).
/// </summary>
/// <param name="Method">Request method instead of GET.</param>
/// <param name="HttpVersion">Version token instead of "HTTP/1.1", e.g. "HTTP/1.0".</param>
/// <param name="Remove">Headers to leave out.</param>
/// <param name="Set">Headers whose value replaces the correct one (added when missing).</param>
/// <param name="Add">Extra header lines, appended.</param>
/// <param name="Protocols">Subprotocols to offer in Sec-WebSocket-Protocol.</param>
public sealed record HandshakeOverrides(
    string? Method,
    string? HttpVersion,
    IReadOnlyList<string> Remove,
    IReadOnlyList<KeyValuePair<string, string>> Set,
    IReadOnlyList<KeyValuePair<string, string>> Add,
    IReadOnlyList<string> Protocols)
{
    public static HandshakeOverrides None { get; } = new(null, null, [], [], [], []);

    public bool IsNone => Method is null && HttpVersion is null && Remove.Count == 0 && Set.Count == 0 && Add.Count == 0 && Protocols.Count == 0;
}

/// <summary>
/// Deviations from a correct server answer to the opening handshake, for cases that test clients
/// (<c>wsconf serve</c>): RFC 6455 §4.1 makes the client fail the connection when the answer is wrong.
/// </summary>
/// <param name="Status">Status code instead of 101.</param>
/// <param name="Reason">Reason phrase instead of the status code's usual one.</param>
/// <param name="Remove">Headers to leave out (case-insensitive).</param>
/// <param name="Set">Headers whose value replaces the correct one (added when missing).</param>
/// <param name="Add">Extra header lines, appended as written.</param>
public sealed record ResponseOverrides(
    int? Status,
    string? Reason,
    IReadOnlyList<string> Remove,
    IReadOnlyList<KeyValuePair<string, string>> Set,
    IReadOnlyList<KeyValuePair<string, string>> Add)
{
    public static ResponseOverrides None { get; } = new(null, null, [], [], []);

    /// <summary>
    /// Over HTTP/2: SETTINGS_ENABLE_CONNECT_PROTOCOL = 0 before the answer, after the connection's 1 (RFC 8441 §3: "A sender
    /// MUST NOT send a SETTINGS_ENABLE_CONNECT_PROTOCOL parameter with the value of 0 after previously sending a value of 1").
    /// </summary>
    public bool WithdrawConnectProtocol { get; init; }

    /// <summary>
    /// Over HTTP/2: answer on a connection whose SETTINGS never carry SETTINGS_ENABLE_CONNECT_PROTOCOL. The setting comes before
    /// any request, so the harness refuses the request (REFUSED_STREAM, GOAWAY) and leaves the setting out of the client's next
    /// connection, where the client must not use extended CONNECT (RFC 9113 §5.5, RFC 8441 §3).
    /// </summary>
    public bool WithholdConnectProtocol { get; init; }

    public bool IsNone => Status is null && Reason is null && Remove.Count == 0 && Set.Count == 0 && Add.Count == 0 && !WithdrawConnectProtocol
        && !WithholdConnectProtocol;
}

/// <summary>
/// How a case bends its extended CONNECT (RFC 8441 §4, §5), given as <c>http2:</c> in the case file. A case that has one
/// runs only over HTTP/2 (<c>wsconf run --http2</c>): its request, streams and frames have no HTTP/1.1 counterpart.
/// </summary>
/// <param name="Remove">Fields (pseudo-headers included, e.g. <c>:path</c>) to leave out of the request.</param>
/// <param name="Set">Fields whose value replaces the correct one (added at the end when missing), e.g. <c>:method: GET</c>.</param>
/// <param name="Add">Extra fields appended as written (HTTP/2 has no raw header lines).</param>
/// <param name="EndStream">END_STREAM on the request's HEADERS: the harness's side of the stream ends with the request.</param>
/// <param name="ReceiveWindow">
/// The flow-control window the harness grants per stream and for the connection (RFC 9113 §6.9), instead of the engine's
/// 1 MiB; 65535 keeps both at the RFC's initial size, so the server must wait for WINDOW_UPDATE to send more.
/// </param>
/// <param name="Siblings">
/// How many more WebSockets the harness opens on the same HTTP/2 connection once the case's own is open (each with a
/// correct extended CONNECT, each checked with one echo), before the case's steps run on its own stream.
/// </param>
/// <param name="SiblingEnd">What the harness then does to the first sibling; the others echo once more afterwards.</param>
/// <param name="HoldWindows">
/// For this long after the opening handshake (scaled by --timeout-scale) the harness sends no WINDOW_UPDATE, then gives
/// back at once everything it read meanwhile: a peer that stops granting window for a while (RFC 9113 §6.9).
/// </param>
public sealed record Http2Overrides(
    IReadOnlyList<string> Remove,
    IReadOnlyList<KeyValuePair<string, string>> Set,
    IReadOnlyList<KeyValuePair<string, string>> Add,
    bool EndStream,
    int? ReceiveWindow = null,
    int Siblings = 0,
    SiblingEnd SiblingEnd = SiblingEnd.None,
    TimeSpan? HoldWindows = null)
{
    /// <summary>At most this many siblings: enough to show streams multiplexed, few enough for any server's stream limit.</summary>
    public const int MaxSiblings = 8;

    /// <summary>The smallest window a case may ask for: the initial one (RFC 9113 §6.9.2).</summary>
    public const int MinReceiveWindow = 65_535;

    /// <summary>The largest window there is (RFC 9113 §6.9.1: 2^31-1).</summary>
    public const int MaxReceiveWindow = int.MaxValue;

    public static Http2Overrides None { get; } = new([], [], [], false);

    public bool IsNone => Remove.Count == 0 && Set.Count == 0 && Add.Count == 0 && !EndStream && ReceiveWindow is null && Siblings == 0 && HoldWindows is null;
}

/// <summary>How the harness ends the first sibling WebSocket of an <see cref="Http2Overrides.Siblings"/> case.</summary>
public enum SiblingEnd
{
    /// <summary>It stays open.</summary>
    None,

    /// <summary>The WebSocket closing handshake (Close 1000), then END_STREAM (RFC 8441 §5: an orderly TCP close).</summary>
    Close,

    /// <summary>RST_STREAM CANCEL (RFC 8441 §5: a TCP reset).</summary>
    Reset,

    /// <summary>A frame with RSV2 set, a protocol violation the server must fail that WebSocket for (RFC 6455 §5.2).</summary>
    Fail,
}

/// <summary>One accepted answer to a (possibly broken) opening handshake, with the verdict it earns.</summary>
/// <param name="Accepted">True: a valid 101 that completes the handshake; false: anything that refuses it (non-101 status or connection closed).</param>
/// <param name="Statuses">When refused: the acceptable status codes (empty = any refusal).</param>
/// <param name="RequiredHeaders">Header names (case-insensitive) that must be present, with a value that must appear among the header's comma-separated tokens (empty value = any).</param>
public sealed record HandshakeAlternative(
    Verdict Verdict,
    bool Accepted,
    IReadOnlyList<int> Statuses,
    IReadOnlyList<KeyValuePair<string, string>> RequiredHeaders)
{
    /// <summary>
    /// When refused over HTTP/2: the error codes of an RST_STREAM that may refuse the stream instead of a response
    /// (RFC 9113 §8.1.1: a malformed request is a stream error of type PROTOCOL_ERROR). Empty: the refusal may be anything
    /// <see cref="Statuses"/> allows; non-empty: only a reset with one of these codes matches.
    /// </summary>
    public IReadOnlyList<Http2ErrorCode> Resets { get; init; } = [];
}
