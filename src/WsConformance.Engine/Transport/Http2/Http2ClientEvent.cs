using WsConformance.Protocol.Http2;
using WsConformance.Protocol.Http2.Hpack;

namespace WsConformance.Engine.Transport.Http2;

/// <summary>What <see cref="Http2ClientCore"/> tells its shell after reading the server's frames.</summary>
internal abstract record Http2ClientEvent;

/// <summary>The server's first SETTINGS frame arrived (RFC 9113 §3.4: its connection preface).</summary>
internal sealed record ServerSettingsArrived(bool EnablesConnectProtocol) : Http2ClientEvent;

/// <summary>A complete field block for one of the harness's streams (the response, or trailers).</summary>
internal sealed record ServerHeadersArrived(uint StreamId, IReadOnlyList<HeaderField> Fields, bool EndStream) : Http2ClientEvent;

/// <summary>DATA for one of the harness's streams, padding removed; empty with <paramref name="EndStream"/> for a bare END_STREAM.</summary>
internal sealed record ServerDataArrived(uint StreamId, byte[] Data, bool EndStream) : Http2ClientEvent;

/// <summary>A stream ended abruptly: the server sent RST_STREAM, refused it by GOAWAY, or the harness reset it for a stream error.</summary>
/// <param name="ByServerRstStream">The server's own RST_STREAM, with <paramref name="Code"/> as its error code.</param>
internal sealed record StreamWasReset(uint StreamId, Http2ErrorCode Code, string Reason, bool ByServerRstStream = false) : Http2ClientEvent;

/// <summary>A send window grew (WINDOW_UPDATE or SETTINGS_INITIAL_WINDOW_SIZE): writers waiting for room may go on.</summary>
internal sealed record SendWindowGrew : Http2ClientEvent;

/// <summary>The connection is over: the server sent GOAWAY with an error, or broke a rule the harness answered with GOAWAY.</summary>
internal sealed record ConnectionFailed(string Reason) : Http2ClientEvent;
