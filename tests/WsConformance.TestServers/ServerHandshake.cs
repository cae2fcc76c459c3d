using System.Net.Sockets;
using System.Text;
using WsConformance.Protocol.Handshake;

namespace WsConformance.TestServers;

/// <summary>The server side of the opening handshake (RFC 6455 §4.2): checks the request, then answers it.</summary>
public static class ServerHandshake
{
    private const string SupportedVersion = "13";
    private const int KeyNonceLength = 16;

    /// <summary>
    /// The response a correct server gives: 101 with the Sec-WebSocket-Accept that <paramref name="accept"/>
    /// derives from the key, or an error status when the request breaks §4.2.1. No subprotocol or extension is
    /// ever selected (selecting none of the offered ones is always allowed, §4.2.2).
    /// </summary>
    public static (bool Accepted, string Response) Answer(HttpRequestHead request, Func<string, string> accept)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(accept);
        if (request.Method != "GET")
        {
            return (false, Refusal(405, "Method Not Allowed"));
        }

        if (request.Version != "HTTP/1.1")
        {
            return (false, Refusal(505, "HTTP Version Not Supported"));
        }

        var versions = request.Values(HeaderNames.SecWebSocketVersion).ToList();
        if (versions is not [SupportedVersion])
        {
            // §4.2.2: "... send an appropriate HTTP error code (such as 426 Upgrade Required) and a
            // |Sec-WebSocket-Version| header field indicating the version(s) the server is capable of understanding."
            return (false, Refusal(426, "Upgrade Required", $"{HeaderNames.SecWebSocketVersion}: {SupportedVersion}\r\n"));
        }

        var keys = request.Values(HeaderNames.SecWebSocketKey).ToList();
        var wellFormed = request.Values(HeaderNames.Host).Count() == 1
            && request.ListElements(HeaderNames.Upgrade).Contains("websocket", StringComparer.OrdinalIgnoreCase)
            && request.ListElements(HeaderNames.Connection).Contains("Upgrade", StringComparer.OrdinalIgnoreCase)
            && keys is [var key] && IsNonce(key);
        if (!wellFormed)
        {
            return (false, Refusal(400, "Bad Request"));
        }

        return (true,
            "HTTP/1.1 101 Switching Protocols\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + $"{HeaderNames.SecWebSocketAccept}: {accept(keys[0])}\r\n\r\n");
    }

    /// <summary>
    /// Reads the request and writes the answer. True when the connection is now a WebSocket connection;
    /// <c>Leftover</c> holds bytes the client sent behind its request.
    /// </summary>
    public static async Task<(bool Accepted, byte[] Leftover)> RunAsync(
        Stream stream, Func<string, string> accept, CancellationToken cancellationToken)
    {
        var (request, leftover) = await HttpRequestHead.ReadAsync(stream, cancellationToken);
        if (request is null)
        {
            await WriteAsync(stream, Refusal(400, "Bad Request"), cancellationToken);
            return (false, []);
        }

        var (accepted, response) = Answer(request, accept);
        await WriteAsync(stream, response, cancellationToken);
        return (accepted, leftover);
    }

    /// <summary>"A |Sec-WebSocket-Key| header field with a base64-encoded value that, when decoded, is 16 bytes in length" (§4.2.1).</summary>
    private static bool IsNonce(string key)
    {
        Span<byte> decoded = stackalloc byte[KeyNonceLength + 2];
        return Convert.TryFromBase64String(key, decoded, out var length) && length == KeyNonceLength;
    }

    private static string Refusal(int status, string reason, string extraHeaders = "") =>
        $"HTTP/1.1 {status} {reason}\r\n{extraHeaders}Content-Length: 0\r\nConnection: close\r\n\r\n";

    private static async Task WriteAsync(Stream stream, string text, CancellationToken cancellationToken) =>
        await stream.WriteAsync(Encoding.Latin1.GetBytes(text), cancellationToken);
}
