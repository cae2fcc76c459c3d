using System.Net.Sockets;
using WsConformance.Engine.Transport.Http2;
using WsConformance.Protocol.Http2;
using WsConformance.TestServers;

namespace WsConformance.Engine.Tests.Serving;

/// <summary>How a scripted HTTP/2 client under test treats the answer to its extended CONNECT.</summary>
public enum Http2ClientFlaw
{
    /// <summary>RFC 8441 §5: only :status 200 opens the WebSocket; anything else is answered with RST_STREAM CANCEL.</summary>
    None,

    /// <summary>Broken: takes any final :status for an opened WebSocket and echoes what follows (RFC 8441 §5 broken).</summary>
    IgnoresStatus,

    /// <summary>
    /// Correct but quiet: on a status other than 200 it opens no WebSocket and neither ends nor resets the stream, reading
    /// the rest of the answer as an HTTP body until the server ends it (as Firefox does).
    /// </summary>
    ReadsTheRefusalToItsEnd,

    /// <summary>Broken: sends its extended CONNECT whether or not the server's SETTINGS enable it (RFC 9113 §5.5, RFC 8441 §3 broken).</summary>
    IgnoresTheSetting,
}

/// <summary>
/// A WebSocket client over HTTP/2 built on the harness's own codec and client shell, for testing <c>wsconf serve --http2</c>:
/// one connection per case, an extended CONNECT for the URL, then the codec's echo loop on the stream, or a flaw. A request
/// the server refuses with REFUSED_STREAM is sent once more on a new connection (RFC 9113 §8.7); a server whose SETTINGS do
/// not enable extended CONNECT gets no WebSocket (no HTTP/1.1 fallback here).
/// </summary>
internal static class Http2CodecClient
{
    private const string OpenedStatus = "200";
    private const int Attempts = 2;

    /// <param name="retryRefused">Send a refused request once more on a new connection; false gives up at once (RFC 9113 §8.7 only allows the retry).</param>
    public static async Task RunAsync(Uri url, Http2ClientFlaw flaw, CancellationToken cancellationToken, bool retryRefused = true)
    {
        for (var attempt = 1; attempt <= (retryRefused ? Attempts : 1); attempt++)
        {
            if (!await AttemptAsync(url, flaw, cancellationToken))
            {
                return;
            }
        }
    }

    /// <summary>One connection, one request; true when the server refused the stream before processing it, so it may be sent again.</summary>
    private static async Task<bool> AttemptAsync(Uri url, Http2ClientFlaw flaw, CancellationToken cancellationToken)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(url.Host, url.Port, cancellationToken);
        var connection = new Http2ClientConnection(socket, new NetworkStream(socket, ownsSocket: false), TimeProvider.System);
        Http2WebSocketStream? stream = null;
        try
        {
            await connection.StartAsync(cancellationToken);
            if (!await connection.ServerSettings.WaitAsync(cancellationToken) && flaw != Http2ClientFlaw.IgnoresTheSetting)
            {
                return false;
            }

            stream = await connection.OpenStreamAsync(ExtendedConnect.BuildRequest(url), cancellationToken);
            var response = await stream.Response.WaitAsync(cancellationToken);
            var opened = response.FirstOrDefault(f => f.Name == ":status").Value == OpenedStatus;
            if (!opened && flaw == Http2ClientFlaw.ReadsTheRefusalToItsEnd)
            {
                await DrainAsync(stream, cancellationToken);
                return false;
            }

            if (!opened && flaw != Http2ClientFlaw.IgnoresStatus)
            {
                // Fail the WebSocket before it opened: the stream is reset, as a TCP client closes its connection.
                return false;
            }

            await CodecEchoClient.EchoAsync(socket, stream, EchoBehaviour.Correct, cancellationToken);
            return false;
        }
        catch (Http2StreamResetException e) when (e.ServerResetCode == Http2ErrorCode.RefusedStream)
        {
            return true;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // The harness reset the stream or dropped the connection: the case is over.
            return false;
        }
        finally
        {
            // Disposing the stream resets it (unless it ended) and closes the connection it owns.
            await (stream?.DisposeAsync() ?? connection.DisposeAsync());
        }
    }

    /// <summary>Reads the stream's DATA, answering nothing, until the server ends or resets it.</summary>
    private static async Task DrainAsync(Http2WebSocketStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        while (await stream.ReadAsync(buffer, cancellationToken) > 0)
        {
        }
    }
}
