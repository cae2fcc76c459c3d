using System.Net.Sockets;
using System.Text;
using WsConformance.Protocol;
using WsConformance.Protocol.Handshake;

namespace WsConformance.TestServers;

/// <summary>
/// Servers that attack the harness's bounds rather than break one protocol rule: silence, garbage, bytes
/// trickled slowly, an absurd frame length, a flood, and a connection dropped inside a frame. A robust harness
/// ends every case against them in bounded time and memory.
/// </summary>
public static class HostileServers
{
    /// <summary>Pause between two bytes of a trickled response.</summary>
    public static readonly TimeSpan TrickleInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>The largest length a 64-bit length field may carry (most significant bit clear): 2^63 - 1.</summary>
    public const ulong HugeLength = long.MaxValue;

    /// <summary>Size of each message of <see cref="Floods"/>.</summary>
    public const int FloodMessageSize = 16 * 1024;

    private static readonly byte[] Garbage = Encoding.ASCII.GetBytes("SSH-2.0-OpenSSH_9.6\r\n\u0000\u00ff\u0013garbage, not HTTP\r\n\r\n");

    /// <summary>Accepts TCP, reads everything, never answers.</summary>
    public static LoopbackServer Silent() => LoopbackServer.Start((_, stream, stopping) => DrainAsync(stream, stopping));

    /// <summary>Answers the opening handshake with bytes that are not an HTTP response, then stays silent.</summary>
    public static LoopbackServer AnswersGarbage() => LoopbackServer.Start(async (_, stream, stopping) =>
    {
        await HttpRequestHead.ReadAsync(stream, stopping);
        await stream.WriteAsync(Garbage, stopping);
        await DrainAsync(stream, stopping);
    });

    /// <summary>Sends a correct 101 response one byte per <see cref="TrickleInterval"/>, then echoes correctly.</summary>
    public static LoopbackServer TricklesHandshake() => LoopbackServer.Start(async (socket, stream, stopping) =>
    {
        var (request, leftover) = await HttpRequestHead.ReadAsync(stream, stopping);
        if (request is null)
        {
            return;
        }

        var (accepted, response) = ServerHandshake.Answer(request, SecWebSocketKey.ComputeAccept);
        foreach (var b in Encoding.Latin1.GetBytes(response))
        {
            await stream.WriteAsync(new[] { b }, stopping);
            await Task.Delay(TrickleInterval, stopping);
        }

        if (accepted)
        {
            await new EchoConnection(socket, stream, EchoBehaviour.Correct, stopping).RunAsync(leftover);
        }
    });

    /// <summary>
    /// After a correct handshake, sends the header of a binary frame announcing 2^63 - 1 payload bytes, then
    /// one payload byte per <see cref="TrickleInterval"/> for as long as the connection lasts.
    /// </summary>
    public static LoopbackServer AnnouncesHugeFrame() => AfterHandshake(async (_, stream, stopping) =>
    {
        var header = FrameEncoder.Encode(new FrameSpec(Fin: true, Rsv: 0, Opcodes.Binary, Masked: false, MaskKey: 0,
            ReadOnlyMemory<byte>.Empty, DeclaredLength: HugeLength));
        await stream.WriteAsync(header, stopping);
        var reading = DrainAsync(stream, stopping);
        while (!reading.IsCompleted)
        {
            await stream.WriteAsync("*"u8.ToArray(), stopping);
            await Task.Delay(TrickleInterval, stopping);
        }
    });

    /// <summary>After a correct handshake, sends binary messages as fast as TCP takes them until the client goes.</summary>
    public static LoopbackServer Floods() => AfterHandshake(async (_, stream, stopping) =>
    {
        var frame = FrameEncoder.Encode(new FrameSpec(Fin: true, Rsv: 0, Opcodes.Binary, Masked: false, MaskKey: 0,
            new byte[FloodMessageSize]));
        var burst = Enumerable.Repeat(frame, 16).SelectMany(f => f).ToArray();
        var reading = DrainAsync(stream, stopping);
        while (!reading.IsCompleted)
        {
            await stream.WriteAsync(burst, stopping);
        }
    });

    /// <summary>
    /// After a correct handshake, waits for the client's first bytes, sends half of a 100-byte text frame and
    /// drops TCP.
    /// </summary>
    public static LoopbackServer DropsMidFrame() => AfterHandshake(async (socket, stream, stopping) =>
    {
        var frame = FrameEncoder.Encode(new FrameSpec(Fin: true, Rsv: 0, Opcodes.Text, Masked: false, MaskKey: 0,
            Encoding.ASCII.GetBytes(new string('x', 100))));
        await stream.ReadExactlyAsync(new byte[1], stopping);
        await stream.WriteAsync(frame.AsMemory(0, frame.Length / 2), stopping);
        socket.Close(0);
    });

    private static LoopbackServer AfterHandshake(ConnectionHandler afterHandshake) => LoopbackServer.Start(async (socket, stream, stopping) =>
    {
        var (accepted, _) = await ServerHandshake.RunAsync(stream, SecWebSocketKey.ComputeAccept, stopping);
        if (accepted)
        {
            await afterHandshake(socket, stream, stopping);
        }
    });

    /// <summary>Reads and discards until the client closes its side or the connection breaks.</summary>
    private static async Task DrainAsync(NetworkStream stream, CancellationToken stopping)
    {
        var sink = new byte[16 * 1024];
        try
        {
            while (await stream.ReadAsync(sink, stopping) > 0)
            {
                // Discarded: a hostile server does not care what the client says.
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client reset the connection or the server is stopping: either way the reading is over.
        }
    }
}
