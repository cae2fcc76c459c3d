using System.Net.WebSockets;
using WsConformance.Protocol;

namespace WsConformance.Fuzzing.Targets;

/// <summary>
/// Fuzz targets for .NET's own WebSocket implementation (System.Net.WebSockets, created with
/// <see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/> over an in-memory stream), alone and
/// against our decoder.
/// </summary>
public static class SystemWebSocketTargets
{
    private const string Instrumented = "System.Net.WebSockets,WsConformance.Protocol";
    private const int ReceiveBufferSize = 1024;
    private const int MaxReceives = 10_000;

    /// <summary>How a receive loop over a stream ended.</summary>
    internal enum Verdict
    {
        /// <summary>A Close frame was received and accepted.</summary>
        Closed,

        /// <summary>The stream ended before a Close frame.</summary>
        Incomplete,

        /// <summary>A protocol error was detected.</summary>
        Invalid,
    }

    /// <summary>System.Net.WebSockets as a server reading client frames; only WebSocketException may escape it.</summary>
    [FuzzTarget("snws-server", Description = "System.Net.WebSockets (server role) receiving the input", Instrument = Instrumented, Frames = true)]
    public static void Server(ReadOnlySpan<byte> input) => Receive(input.ToArray(), isServer: true);

    /// <summary>System.Net.WebSockets as a client reading server frames; only WebSocketException may escape it.</summary>
    [FuzzTarget("snws-client", Description = "System.Net.WebSockets (client role) receiving the input", Instrument = Instrumented, Frames = true)]
    public static void Client(ReadOnlySpan<byte> input) => Receive(input.ToArray(), isServer: false);

    /// <summary>
    /// The same bytes to our decoder + validator and to System.Net.WebSockets (role from the first frame's
    /// mask bit), up to the first Close frame: a finding when one accepts what the other rejects.
    /// </summary>
    [FuzzTarget("differential", Description = "our decoder vs. System.Net.WebSockets on validity", Instrument = Instrumented, Frames = true)]
    public static void Differential(ReadOnlySpan<byte> input)
    {
        Role sender = FrameStreamDigest.SenderOf(input);
        FrameStreamDigest ours = FrameStreamDigest.Decode(input, Math.Max(input.Length, 1), sender);
        Verdict ourVerdict = ours.FirstError >= 0 && (ours.ClosedAt < 0 || ours.FirstError <= ours.ClosedAt) ? Verdict.Invalid
            : ours.ClosedAt >= 0 ? Verdict.Closed
            : Verdict.Incomplete;
        (Verdict theirs, string detail) = Receive(input.ToArray(), isServer: sender == Role.Client);
        if (ourVerdict != theirs)
        {
            throw new FuzzFindingException(
                $"Sender {sender}: our decoder says {ourVerdict} (first error in frame {ours.FirstError}, close in frame {ours.ClosedAt}), System.Net.WebSockets says {theirs} ({detail}).");
        }
    }

    /// <summary>Receives until a Close, an error or the end of the input.</summary>
    internal static (Verdict Verdict, string Detail) Receive(byte[] input, bool isServer)
    {
        using WebSocket socket = WebSocket.CreateFromStream(
            new ReplayStream(input), new WebSocketCreationOptions { IsServer = isServer, KeepAliveInterval = TimeSpan.Zero });
        var buffer = new byte[ReceiveBufferSize];
        try
        {
            for (int receives = 0; receives < MaxReceives; receives++)
            {
                ValueTask<ValueWebSocketReceiveResult> pending = socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (!pending.IsCompleted)
                {
                    throw new FuzzFindingException("ReceiveAsync did not complete over a synchronous in-memory stream.");
                }

                if (pending.Result.MessageType == WebSocketMessageType.Close)
                {
                    return (Verdict.Closed, $"close {socket.CloseStatus}");
                }
            }

            throw new FuzzFindingException($"More than {MaxReceives} receives on a {input.Length}-byte input.");
        }
        catch (WebSocketException exception) when (exception.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely)
        {
            return (Verdict.Incomplete, exception.Message);
        }
        catch (WebSocketException exception)
        {
            return (Verdict.Invalid, $"{exception.WebSocketErrorCode}: {exception.Message}");
        }
    }
}
