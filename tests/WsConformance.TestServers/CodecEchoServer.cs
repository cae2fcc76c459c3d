namespace WsConformance.TestServers;

/// <summary>
/// The echo server built on our codec: the opening handshake of <see cref="ServerHandshake"/>, then an
/// <see cref="EchoConnection"/> per client, behaving as an <see cref="EchoBehaviour"/> says.
/// </summary>
public static class CodecEchoServer
{
    /// <summary>Starts a server on an ephemeral loopback port; dispose it to stop it.</summary>
    public static LoopbackServer Start(EchoBehaviour behaviour)
    {
        ArgumentNullException.ThrowIfNull(behaviour);
        return LoopbackServer.Start(Handler(behaviour));
    }

    /// <summary>The connection handler, for servers that wrap it.</summary>
    public static ConnectionHandler Handler(EchoBehaviour behaviour) => async (socket, stream, stopping) =>
    {
        var (accepted, leftover) = await ServerHandshake.RunAsync(stream, behaviour.Accept, stopping);
        if (accepted)
        {
            await new EchoConnection(socket, stream, behaviour, stopping).RunAsync(leftover);
        }
    };
}
