using WsConformance.Protocol.Http2;
using WsConformance.Protocol.Http2.Hpack;

namespace WsConformance.Engine.Transport.Http2;

/// <summary>What <see cref="Http2ServerCore"/> tells its shell after reading a client's frames.</summary>
internal abstract record Http2ServerEvent;

/// <summary>A client opened a stream with a request (its whole field block); <paramref name="EndStream"/>: no body follows.</summary>
internal sealed record RequestArrived(uint StreamId, IReadOnlyList<HeaderField> Fields, bool EndStream) : Http2ServerEvent;

/// <summary>DATA of a client's stream, padding removed; empty with <paramref name="EndStream"/> for a bare END_STREAM (or trailers).</summary>
internal sealed record ClientDataArrived(uint StreamId, byte[] Data, bool EndStream) : Http2ServerEvent;

/// <summary>A stream ended abruptly: the client sent RST_STREAM, or the harness reset it for a stream error.</summary>
internal sealed record ClientStreamReset(uint StreamId, Http2ErrorCode Code, string Reason) : Http2ServerEvent;

/// <summary>A send window grew: writers waiting for room may go on.</summary>
internal sealed record ClientWindowGrew : Http2ServerEvent;

/// <summary>The connection is over (a connection error either way, or the client's GOAWAY with an error).</summary>
internal sealed record ClientConnectionFailed(string Reason) : Http2ServerEvent;

/// <summary>The client acknowledged the PING behind the harness's reset of the stream: it has read the RST_STREAM.</summary>
internal sealed record ResetAcknowledged(uint StreamId) : Http2ServerEvent;
