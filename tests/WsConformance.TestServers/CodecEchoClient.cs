using System.Net.Sockets;
using WsConformance.Protocol;
using WsConformance.Protocol.Handshake;

namespace WsConformance.TestServers;

/// <summary>
/// An echo client built on our codec, for testing <c>wsconf serve</c>: the opening handshake of
/// <see cref="HandshakeRequest"/>, the answer checked by <see cref="HandshakeValidator"/> (a failing answer
/// fails the connection: TCP is closed, §4.1), then an <see cref="EchoConnection"/> in the client role,
/// behaving as an <see cref="EchoBehaviour"/> says.
/// </summary>
public static class CodecEchoClient
{
    private const int ReadBufferSize = 4096;
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Connects to <paramref name="url"/>, echoes until the connection ends, and closes it.</summary>
    public static async Task RunAsync(Uri url, EchoBehaviour behaviour, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(behaviour);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(url.Host, url.Port, cancellationToken);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var request = HandshakeRequest.CreateDefault(url);
        await stream.WriteAsync(request.ToBytes(), cancellationToken);
        if (await ReadResponseAsync(stream, cancellationToken) is not var (response, leftover))
        {
            return;
        }

        if (!behaviour.AcceptsAnyHandshakeResponse && HandshakeValidator.Validate(response, request).Count > 0)
        {
            // _Fail the WebSocket Connection_ before it is established: just close TCP.
            return;
        }

        try
        {
            await new EchoConnection(socket, stream, behaviour, cancellationToken, Role.Client).RunAsync(leftover);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            // The server dropped the connection (e.g. a reset after a closing handshake this client never finished).
        }
    }

    /// <summary>
    /// The echo loop alone, in the client role, on a WebSocket whose opening handshake another transport made (an HTTP/2
    /// stream, RFC 8441); <paramref name="socket"/> is the TCP connection beneath, which the client role never shuts down.
    /// </summary>
    public static Task EchoAsync(Socket socket, Stream stream, EchoBehaviour behaviour, CancellationToken cancellationToken) =>
        new EchoConnection(socket, stream, behaviour, cancellationToken, Role.Client).RunAsync(ReadOnlyMemory<byte>.Empty);

    private static async Task<(HandshakeResponse Response, byte[] Leftover)?> ReadResponseAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HandshakeTimeout);
        var parser = new HandshakeResponseParser();
        var buffer = new byte[ReadBufferSize];
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    return null;
                }

                switch (parser.Feed(buffer.AsSpan(0, read), out var consumed, out var response, out _))
                {
                    case ResponseParseStatus.Complete:
                        return (response!, buffer.AsSpan(consumed, read - consumed).ToArray());
                    case ResponseParseStatus.Invalid:
                        return null;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            return null;
        }
    }
}
