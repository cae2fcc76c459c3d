using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using WsConformance.Engine.Timing;
using WsConformance.Engine.Transport.Http2;
using WsConformance.Protocol.Handshake;

namespace WsConformance.Engine.Transport;

/// <summary>Opens WebSocket connections: TCP connect, optional TLS, and the opening handshake (RFC 6455 §4.1).</summary>
public static class WebSocketConnector
{
    /// <summary>
    /// Resolves and connects to <paramref name="uri"/> (ws:// or wss://; IPv4 and IPv6 literals or names), runs
    /// TLS with SNI for wss:// (the host name, or <see cref="TransportOptions.ServerName"/>), sends
    /// <paramref name="request"/> exactly as built (over HTTP/2 with <see cref="TransportOptions.Http2"/>: as an extended
    /// CONNECT, see <see cref="Http2RequestFields"/>), then parses and validates the response. The outcome is
    /// <see cref="ConnectOutcome.Open"/> only without violations; <see cref="ConnectOutcome.Refused"/> when a
    /// complete response fails validation — its connection stays open for inspection and the caller must
    /// dispose it. Every failure is returned as data; only cancellation by <paramref name="cancellationToken"/> throws.
    /// </summary>
    public static async Task<ConnectResult> ConnectAsync(Uri uri, HandshakeRequest request, TransportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = ServerEndpoint.FromUri(uri);

        var (socket, connectFailure) = await ConnectSocketAsync(endpoint, options.ConnectTimeout, options.TimeProvider, cancellationToken).ConfigureAwait(false);
        if (socket is null)
        {
            return connectFailure!;
        }

        Stream stream = new NetworkStream(socket, ownsSocket: true);
        ConnectResult? result = null;
        try
        {
            using var handshakeTimeout = new TimeLimit(options.HandshakeTimeout, options.TimeProvider, cancellationToken);
            if (endpoint.IsSecure)
            {
                (stream, result) = await AuthenticateAsync(stream, endpoint, options, handshakeTimeout.Token, cancellationToken).ConfigureAwait(false);
                if (result is not null)
                {
                    return result;
                }
            }

            result = options.Http2
                ? await Http2Handshake.RunAsync(socket, stream, uri, request, options, handshakeTimeout.Token, cancellationToken).ConfigureAwait(false)
                : await HandshakeExchange.RunAsync(socket, stream, request, options.HandshakeTimeout, handshakeTimeout.Token, cancellationToken)
                    .ConfigureAwait(false);
            return result;
        }
        finally
        {
            if (result?.Connection is null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                socket.Dispose();
            }
        }
    }

    private static async Task<(Socket? Socket, ConnectResult? Failure)> ConnectSocketAsync(ServerEndpoint endpoint, TimeSpan timeout,
        TimeProvider time, CancellationToken cancellationToken)
    {
        // This constructor makes a dual-mode socket where IPv6 is available, so one socket reaches IPv4 and IPv6 addresses.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var connectTimeout = new TimeLimit(timeout, time, cancellationToken);
        try
        {
            await socket.ConnectAsync(endpoint.ToEndPoint(), connectTimeout.Token).ConfigureAwait(false);
            // Frames are written as the case dictates; Nagle's algorithm would merge and delay them.
            socket.NoDelay = true;
            return (socket, null);
        }
        catch (SocketException exception)
        {
            socket.Dispose();
            return (null, ConnectResult.Failed(ConnectOutcome.ConnectFailed, $"Connecting to {endpoint} failed: {exception.SocketErrorCode} ({exception.Message})."));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            return (null, ConnectResult.Failed(ConnectOutcome.ConnectFailed, $"Connecting to {endpoint} did not complete within {timeout.TotalMilliseconds:0} ms."));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Chains must end at one of <paramref name="roots"/>; the host name is still checked.</summary>
    private static X509ChainPolicy CustomRootPolicy(X509Certificate2Collection roots)
    {
        // A private test CA rarely publishes revocation lists; checking would fail every connection.
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(roots);
        return policy;
    }

    private static async Task<(Stream Stream, ConnectResult? Failure)> AuthenticateAsync(Stream networkStream, ServerEndpoint endpoint,
        TransportOptions options, CancellationToken handshakeToken, CancellationToken callerToken)
    {
        var sslStream = new SslStream(networkStream, leaveInnerStreamOpen: false);
        var authentication = new SslClientAuthenticationOptions
        {
            // SNI carries a host name; .NET leaves it out when the target is an IP literal, as RFC 6066 §3 requires.
            TargetHost = options.ServerName ?? endpoint.Host,
#pragma warning disable CA5359 // Accepting any certificate is an explicit option, for self-signed servers under test.
            RemoteCertificateValidationCallback = options.AcceptAnyCertificate ? static (_, _, _, _) => true : null,
#pragma warning restore CA5359
            CertificateChainPolicy = options.TrustedRoots is { } roots ? CustomRootPolicy(roots) : null,
            // RFC 9113 §3.2: HTTP/2 over TLS is chosen by ALPN. http/1.1 is offered too, so a server without h2 still completes
            // TLS and the run can say plainly that it lacks HTTP/2, instead of reporting a failed TLS handshake.
            ApplicationProtocols = options.Http2 ? [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11] : null,
        };
        try
        {
            await sslStream.AuthenticateAsClientAsync(authentication, handshakeToken).ConfigureAwait(false);
            if (options.Http2 && sslStream.NegotiatedApplicationProtocol != SslApplicationProtocol.Http2)
            {
                return (sslStream, ConnectResult.Failed(ConnectOutcome.Http2Unavailable,
                    $"The TLS handshake with {endpoint} did not select ALPN \"h2\": the server does not offer HTTP/2 over TLS (RFC 9113 §3.2)."));
            }

            return (sslStream, null);
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested)
        {
            return (sslStream, ConnectResult.Failed(ConnectOutcome.TlsFailed,
                $"The TLS handshake with {endpoint} did not complete within {options.HandshakeTimeout.TotalMilliseconds:0} ms."));
        }
        catch (Exception exception) when (exception is AuthenticationException or IOException)
        {
            return (sslStream, ConnectResult.Failed(ConnectOutcome.TlsFailed, $"The TLS handshake with {endpoint} failed: {exception.Message}"));
        }
    }
}
