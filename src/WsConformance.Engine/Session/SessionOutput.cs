using WsConformance.Protocol;

namespace WsConformance.Engine.Session;

/// <summary>What the session core asks its shell to do on the connection, in the order it asks.</summary>
internal abstract record SessionOutput;

/// <summary>Write this control frame (a Pong, or the harness's one Close); the core has not logged it.</summary>
internal sealed record SendControlFrame(FrameSpec Frame) : SessionOutput
{
    public bool IsClose => Frame.Opcode == Opcodes.Close;
}

/// <summary>End TCP: gracefully (FIN after what is written, at the end of a closing handshake) or at once (a reset).</summary>
internal sealed record DropConnection(bool Graceful) : SessionOutput;
