namespace WsConformance.Engine.Observation;

/// <summary>
/// Something the server did that a case's expectation compares against (Autobahn's <c>received</c> list).
/// </summary>
/// <param name="At">Time since the connection opened.</param>
/// <param name="AfterPeerClose">The peer (server or client) sent it after its own Close frame (RFC 6455 §5.5.1 forbids that).</param>
public abstract record ObservedEvent(TimeSpan At, bool AfterPeerClose);

/// <summary>A complete data message. <paramref name="Payload"/> is null for bulk cases, whose content is not kept.</summary>
/// <param name="Sha1">SHA-1 of the payload when the content is not kept but must be compared (echoes of data-set slices).</param>
/// <param name="Compressed">The message came with RSV1 set under a negotiated permessage-deflate; its length is the inflated one.</param>
public sealed record MessageEvent(TimeSpan At, bool AfterPeerClose, byte Opcode, long Length, byte[]? Payload, byte[]? Sha1 = null, bool Compressed = false)
    : ObservedEvent(At, AfterPeerClose);

/// <summary>A pong from the server.</summary>
public sealed record PongEvent(TimeSpan At, bool AfterPeerClose, byte[] Payload) : ObservedEvent(At, AfterPeerClose);

/// <summary>A ping from the server.</summary>
public sealed record PingEvent(TimeSpan At, bool AfterPeerClose, byte[] Payload) : ObservedEvent(At, AfterPeerClose);

/// <summary>A pause step with this tag ran out while the connection was still open.</summary>
public sealed record TimeoutEvent(TimeSpan At, string Tag) : ObservedEvent(At, false);
