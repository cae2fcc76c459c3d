using System.Buffers;
using System.Net.WebSockets;

namespace WsConformance.Engine.Tests.Serving;

/// <summary>
/// .NET's own ClientWebSocket as a client under test: the echo loop of every Autobahn client driver (each
/// message sent back with its type, the server's Close answered with its code), and nothing else.
/// </summary>
internal static class ClientWebSocketEcho
{
    public static async Task RunAsync(Uri url, CancellationToken cancellationToken)
    {
        using var client = new ClientWebSocket();
        try
        {
            await client.ConnectAsync(url, cancellationToken);
            await EchoAsync(client, cancellationToken);
        }
        catch (WebSocketException)
        {
            // Cases break the protocol on purpose: ClientWebSocket failing the connection is the expected outcome.
        }
    }

    private static async Task EchoAsync(ClientWebSocket client, CancellationToken cancellationToken)
    {
        var message = new ArrayBufferWriter<byte>();
        while (true)
        {
            var received = await client.ReceiveAsync(message.GetMemory(64 * 1024), cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await client.CloseOutputAsync(client.CloseStatus ?? WebSocketCloseStatus.Empty, null, cancellationToken);
                return;
            }

            message.Advance(received.Count);
            if (received.EndOfMessage)
            {
                await client.SendAsync(message.WrittenMemory, received.MessageType, endOfMessage: true, cancellationToken);
                message.ResetWrittenCount();
            }
        }
    }
}
