using System.Net.Security;
using System.Net.Sockets;
using WsConformance.Engine.Timing;
using WsConformance.Protocol.Http2;

namespace WsConformance.Engine.Serving;

/// <summary>
/// A TCP connection the fuzzing server accepted, told apart: TLS first when the server has a certificate (ALPN picks
/// "h2" or "http/1.1"), then, without TLS, the first octets: the HTTP/2 connection preface "PRI * HTTP/2.0…" (RFC 9113
/// §3.3, prior knowledge) or an HTTP/1.1 request line. So one port serves both, as a browser or a library expects.
/// </summary>
/// <param name="Stream">The byte stream (the socket's, or TLS over it).</param>
/// <param name="AlreadyRead">Octets read while deciding, which belong to the first request or to the preface.</param>
/// <param name="Http2">The client speaks HTTP/2 on it.</param>
/// <param name="Tls">It runs under TLS.</param>
internal sealed record IncomingConnection(Stream Stream, ReadOnlyMemory<byte> AlreadyRead, bool Http2, bool Tls)
{
    /// <summary>ALPN protocol ids offered, HTTP/2 first (RFC 7301: the server picks; RFC 9113 §3.2).</summary>
    private static readonly SslApplicationProtocol[] WithHttp2 = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];
    private static readonly SslApplicationProtocol[] Http11Only = [SslApplicationProtocol.Http11];

    /// <summary>Null when the client left, timed out, or failed the TLS handshake (the socket is then closed).</summary>
    public static async Task<IncomingConnection?> OpenAsync(Socket socket, ServeOptions options, CancellationToken cancellationToken)
    {
        socket.NoDelay = true;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        using var deadline = new TimeLimit(options.RequestTimeout, options.Run.TimeProvider, cancellationToken);
        try
        {
            if (options.Certificate is { } certificate)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = certificate,
                    ApplicationProtocols = [.. options.Http2 ? WithHttp2 : Http11Only],
                    ClientCertificateRequired = false,
                }, deadline.Token);
                return new IncomingConnection(tls, ReadOnlyMemory<byte>.Empty, tls.NegotiatedApplicationProtocol == SslApplicationProtocol.Http2, Tls: true);
            }

            return options.Http2 ? await SniffPrefaceAsync(stream, deadline.Token) : new IncomingConnection(stream, ReadOnlyMemory<byte>.Empty, false, false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            await stream.DisposeAsync();
            return null;
        }
    }

    /// <summary>Reads until the octets so far are, or cannot be, the start of the HTTP/2 preface: the first differing octet decides.</summary>
    private static async Task<IncomingConnection?> SniffPrefaceAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[Http2Preface.Length];
        var filled = 0;
        while (true)
        {
            switch (Http2Preface.Match(buffer.AsSpan(0, filled)))
            {
                case PrefaceMatch.Complete:
                    return new IncomingConnection(stream, buffer, Http2: true, Tls: false);
                case PrefaceMatch.Mismatch:
                    return new IncomingConnection(stream, buffer.AsMemory(0, filled), Http2: false, Tls: false);
            }

            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                // Closed within the first octets: an HTTP/1.1 reader sees no request and lets the connection go.
                return new IncomingConnection(stream, buffer.AsMemory(0, filled), Http2: false, Tls: false);
            }

            filled += read;
        }
    }
}
