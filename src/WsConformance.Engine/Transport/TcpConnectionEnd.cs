using System.Net.Sockets;

namespace WsConformance.Engine.Transport;

/// <summary>The end of a WebSocket connection that has a TCP connection (plain or under TLS) to itself.</summary>
internal sealed class TcpConnectionEnd(Socket socket) : IConnectionEnd
{
    public bool HasUnreadInput()
    {
        try
        {
            return socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    public void EndGracefully() => Drop(graceful: true);

    public void Abort() => Drop(graceful: false);

    /// <param name="graceful">Send FIN after what is written (the end of a closing handshake) instead of a reset.</param>
    private void Drop(bool graceful)
    {
        try
        {
            if (graceful)
            {
                socket.Shutdown(SocketShutdown.Both);
                socket.Close();
            }
            else
            {
                // A zero linger time makes Close send RST instead of FIN.
                socket.Close(0);
            }
        }
        catch (SocketException)
        {
            // The peer reset the connection first: it is gone either way.
            socket.Close(0);
        }
        catch (ObjectDisposedException)
        {
            // Already gone: nothing left to drop.
        }
    }
}
