using System.Buffers;
using System.Net.Sockets;
using WsConformance.Protocol.Handshake;

namespace WsConformance.Engine.Transport;

/// <summary>Sends the opening handshake request on a connected stream and reads, parses and validates the response.</summary>
internal static class HandshakeExchange
{
    private const int ReadBufferSize = 4096;

    /// <param name="handshakeToken">Cancelled by the caller or by the handshake timeout.</param>
    /// <param name="callerToken">The caller's token alone, to tell its cancellation from the timeout.</param>
    public static async Task<ConnectResult> RunAsync(Socket socket, Stream stream, HandshakeRequest request, TimeSpan timeout,
        CancellationToken handshakeToken, CancellationToken callerToken)
    {
        var received = new ArrayBufferWriter<byte>();
        try
        {
            await stream.WriteAsync(request.ToBytes(), handshakeToken).ConfigureAwait(false);
            await stream.FlushAsync(handshakeToken).ConfigureAwait(false);
            return await ReceiveAsync(socket, stream, request, received, handshakeToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested)
        {
            return ConnectResult.Failed(ConnectOutcome.HandshakeTimeout,
                $"No complete response within {timeout.TotalMilliseconds:0} ms ({received.WrittenCount} bytes received).", received.WrittenSpan.ToArray());
        }
        catch (IOException exception)
        {
            return ConnectResult.Failed(ConnectOutcome.ClosedDuringHandshake,
                $"The connection failed after {received.WrittenCount} response bytes: {exception.Message}", received.WrittenSpan.ToArray());
        }
    }

    private static async Task<ConnectResult> ReceiveAsync(Socket socket, Stream stream, HandshakeRequest request,
        ArrayBufferWriter<byte> received, CancellationToken cancellationToken)
    {
        var parser = new HandshakeResponseParser();
        var buffer = new byte[ReadBufferSize];
        while (true)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return ConnectResult.Failed(ConnectOutcome.ClosedDuringHandshake,
                    $"The server closed the connection after {received.WrittenCount} response bytes.", received.WrittenSpan.ToArray());
            }

            received.Write(buffer.AsSpan(0, read));
            switch (parser.Feed(buffer.AsSpan(0, read), out var consumed, out var response, out var violation))
            {
                case ResponseParseStatus.Complete:
                    var leftover = buffer.AsSpan(consumed, read - consumed).ToArray();
                    var header = received.WrittenSpan[..^leftover.Length].ToArray();
                    return Completed(socket, stream, request, response!, leftover, header);
                case ResponseParseStatus.Invalid:
                    return ConnectResult.Failed(ConnectOutcome.InvalidResponse, violation!.Detail, received.WrittenSpan.ToArray(), violation);
            }
        }
    }

    private static ConnectResult Completed(Socket socket, Stream stream, HandshakeRequest request, HandshakeResponse response, byte[] leftover, byte[] header)
    {
        var violations = HandshakeValidator.Validate(response, request);
        var connection = new WebSocketConnection(socket, stream, request, response, leftover);
        var statusLine = $"{response.HttpVersion} {response.StatusCode} {response.ReasonPhrase}".TrimEnd();
        return violations.Count == 0
            ? new ConnectResult(ConnectOutcome.Open, connection, response, violations, statusLine, header)
            : new ConnectResult(ConnectOutcome.Refused, connection, response, violations,
                $"{statusLine}: {string.Join("; ", violations.Select(violation => $"{violation.Code} ({violation.Detail})"))}", header);
    }
}
