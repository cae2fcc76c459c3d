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

    public bool IsNone => Status is null && Reason is null && Remove.Count == 0 && Set.Count == 0 && Add.Count == 0 && !WithdrawConnectProtocol;
}

/// <summary>One accepted answer to a (possibly broken) opening handshake, with the verdict it earns.</summary>
/// <param name="Accepted">True: a valid 101 that completes the handshake; false: anything that refuses it (non-101 status or connection closed).</param>
/// <param name="Statuses">When refused: the acceptable status codes (empty = any refusal).</param>
/// <param name="RequiredHeaders">Header names (case-insensitive) that must be present, with a value that must appear among the header's comma-separated tokens (empty value = any).</param>
public sealed record HandshakeAlternative(
    Verdict Verdict,
    bool Accepted,
    IReadOnlyList<int> Statuses,
    IReadOnlyList<KeyValuePair<string, string>> RequiredHeaders);
