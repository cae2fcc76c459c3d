using System.Net;
using System.Net.Sockets;
using WsConformance.Engine.Transport;
using WsConformance.Protocol.Handshake;

namespace WsConformance.Engine.Tests.Transport;

internal static class TransportTestSupport
{
    /// <summary>Bound on every test: a hang fails the test instead of stalling the run.</summary>
    public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);

    public static readonly TransportOptions Options = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));

    /// <summary><see cref="Options"/> for a WebSocket over HTTP/2 (RFC 8441).</summary>
    public static readonly TransportOptions Http2Options = Options with { Http2 = true };

    /// <summary>"127.0.0.1", plus "::1" when this machine can listen on the IPv6 loopback.</summary>
    public static TheoryData<string> LoopbackAddresses
    {
        get
        {
            var addresses = new TheoryData<string> { "127.0.0.1" };
            if (CanListenOnIPv6Loopback())
            {
                addresses.Add("::1");
            }

            return addresses;
        }
    }

    public static async Task<ConnectResult> ConnectAsync(Uri uri, TransportOptions? options = null, HandshakeRequest? request = null)
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        return await WebSocketConnector.ConnectAsync(uri, request ?? HandshakeRequest.CreateDefault(uri), options ?? Options, timeout.Token);
    }

    /// <summary>A client text frame "hi" (masked, as RFC 6455 §5.3 requires of clients).</summary>
    public static byte[] MaskedTextFrameHi()
    {
        byte[] mask = [0x37, 0xFA, 0x21, 0x3D];
        return [0x81, 0x82, .. mask, (byte)('h' ^ mask[0]), (byte)('i' ^ mask[1])];
    }

    public static readonly byte[] UnmaskedTextFrameHi = [0x81, 0x02, (byte)'h', (byte)'i'];

    /// <summary>Reads exactly <paramref name="count"/> bytes, starting with the connection's leftover bytes.</summary>
    public static async Task<byte[]> ReadExactlyAsync(WebSocketConnection connection, int count)
    {
        var buffer = new byte[count];
        var fromLeftover = Math.Min(count, connection.LeftoverBytes.Length);
        connection.LeftoverBytes.Span[..fromLeftover].CopyTo(buffer);
        using var timeout = new CancellationTokenSource(TestTimeout);
        await connection.Stream.ReadExactlyAsync(buffer.AsMemory(fromLeftover), timeout.Token);
        return buffer;
    }

    private static bool CanListenOnIPv6Loopback()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return false;
        }

        try
        {
            var listener = new TcpListener(IPAddress.IPv6Loopback, 0);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
