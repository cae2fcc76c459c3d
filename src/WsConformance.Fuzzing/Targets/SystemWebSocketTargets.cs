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

    /// <summary>
    /// Category of the known disagreement: System.Net.WebSockets reaches our verdict (Invalid) only once 4
    /// more bytes arrive, because it reads a header's mask-key bytes before judging even an unmasked header.
    /// </summary>
    public const string SnwsJudgesLate = "snws-judges-header-late";

    /// <summary>
    /// Category of the known disagreement: System.Net.WebSockets does not fail a text message whose bytes are
    /// not UTF-8 when the bad bytes sit in a non-final fragment (it ends the message cleanly if the final
    /// fragment is empty, and accepts a Close in the middle of it); see fuzz/findings/README.md.
    /// </summary>
    public const string SnwsLenientUtf8 = "snws-lenient-utf8";

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
        if (ourVerdict == theirs || (ours.EndedInsideFrame && ourVerdict != Verdict.Closed && theirs != Verdict.Closed))
        {
            // RFC 6455 does not say how early a peer must judge a frame it has only partly received: one may
            // reject a header before its payload arrives, or fail fast on invalid UTF-8 mid-payload, the other
            // wait for the whole frame. A stream cut inside a frame may so be Invalid or Incomplete.
            return;
        }

        string category = ourVerdict != Verdict.Invalid ? $"{ourVerdict}-vs-{theirs}"
            : ours.FirstErrorCode == ViolationCode.InvalidTextUtf8 ? SnwsLenientUtf8
            : theirs == Verdict.Incomplete && Receive([.. input, 0, 0, 0, 0], isServer: sender == Role.Client).Verdict == Verdict.Invalid ? SnwsJudgesLate
            : $"{ourVerdict}-vs-{theirs}";
        throw new FuzzFindingException(category,
            $"[{category}] Sender {sender}: our decoder says {ourVerdict} (first error {ours.FirstErrorCode} in frame {ours.FirstError}, close in frame {ours.ClosedAt}), System.Net.WebSockets says {theirs} ({detail}).");
    }

    /// <summary>Receives until a Close, an error or the end of the input.</summary>
    internal static (Verdict Verdict, string Detail) Receive(byte[] input, bool isServer) =>
        Receive(input, new WebSocketCreationOptions { IsServer = isServer, KeepAliveInterval = TimeSpan.Zero }, messages: null);

    /// <summary>
    /// Receives with <paramref name="options"/> until a Close, an error or the end of the input; every data message
    /// delivered whole (up to its end-of-message) is added to <paramref name="messages"/> when given.
    /// </summary>
    internal static (Verdict Verdict, string Detail) Receive(byte[] input, WebSocketCreationOptions options, List<DeliveredMessage>? messages)
    {
        using WebSocket socket = WebSocket.CreateFromStream(new ReplayStream(input), options);
        var buffer = new byte[ReceiveBufferSize];
        var message = new DeliveredMessage.Builder();
        try
        {
            for (int receives = 0; receives < MaxReceives; receives++)
            {
                ValueTask<ValueWebSocketReceiveResult> pending = socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (!pending.IsCompleted)
                {
                    throw new FuzzFindingException("ReceiveAsync did not complete over a synchronous in-memory stream.");
                }

                ValueWebSocketReceiveResult result = pending.Result;
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return (Verdict.Closed, $"close {socket.CloseStatus}");
                }

                if (messages is not null)
                {
                    message.Append(buffer.AsSpan(0, result.Count));
                    if (result.EndOfMessage)
                    {
                        messages.Add(message.End(result.MessageType == WebSocketMessageType.Text));
                    }
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
