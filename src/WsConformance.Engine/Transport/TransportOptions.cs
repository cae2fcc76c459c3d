using System.Security.Cryptography.X509Certificates;
using WsConformance.Cases.Model;

namespace WsConformance.Engine.Transport;

/// <summary>How <see cref="WebSocketConnector"/> opens a connection.</summary>
/// <param name="ConnectTimeout">Bound on name resolution and the TCP connect.</param>
/// <param name="HandshakeTimeout">Bound on the TLS handshake (wss://) plus sending the request and receiving the whole response header block.</param>
/// <param name="AcceptAnyCertificate">Accept any server certificate (self-signed test servers).</param>
/// <param name="ServerName">TLS server name (SNI) to send instead of the URI's host.</param>
/// <param name="TrustedRoots">CA certificates to trust instead of the system's (a private CA), with verification still on.</param>
public sealed record TransportOptions(TimeSpan ConnectTimeout, TimeSpan HandshakeTimeout, bool AcceptAnyCertificate = false, string? ServerName = null,
    X509Certificate2Collection? TrustedRoots = null)
{
    /// <summary>
    /// Open the WebSocket over HTTP/2 (RFC 8441): h2c with prior knowledge for ws://, ALPN "h2" for wss://; one HTTP/2
    /// connection per WebSocket.
    /// </summary>
    public bool Http2 { get; init; }

    /// <summary>How to bend the extended CONNECT over HTTP/2 (a case's <c>http2:</c>); null sends it correct.</summary>
    public Http2Overrides? Http2Request { get; init; }

    /// <summary>The clock of both timeouts.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
