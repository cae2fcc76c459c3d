using WsConformance.Protocol.Http2;
using WsConformance.Protocol.Http2.Hpack;

namespace WsConformance.Engine.Transport.Http2;

/// <summary>
/// The decisions of the harness's end of an HTTP/2 connection (RFC 9113), as a client opening WebSockets with extended
/// CONNECT (RFC 8441): stream states, flow-control windows in both directions, SETTINGS and their acknowledgement, PING
/// answers, GOAWAY, and which frames to send. No sockets, tasks or clocks; not thread-safe (the shell serialises calls).
/// </summary>
/// <remarks>
/// Inputs: <see cref="Receive"/> (the server's bytes), <see cref="OpenStream"/>, <see cref="Http2EndCore.SendData"/>,
/// <see cref="Http2EndCore.EndStream"/>, <see cref="Http2EndCore.ResetStream"/>, <see cref="Http2EndCore.Consumed"/> and <see cref="GoAway"/>. Outputs: the
/// bytes to write (<see cref="Http2EndCore.TakeOutgoing"/>) and <see cref="Http2ClientEvent"/>s (<see cref="TryTakeEvent"/>). A rule
/// the server breaks ends its stream or the connection as RFC 9113 §5.4 says; the harness does not judge HTTP/2 here, it
/// carries WebSockets, so such an end reaches the WebSocket as a reset, the way a broken TCP connection would.
/// </remarks>
internal sealed partial class Http2ClientCore : Http2EndCore
{
    /// <summary>The first octets of an HTTP/1.x status line: a server that answers the preface in HTTP/1 does not speak h2c.</summary>
    private static ReadOnlySpan<byte> Http1StatusLineStart => "HTTP/1."u8;

    /// <summary>
    /// The largest frame the harness accepts with its default window (SETTINGS_MAX_FRAME_SIZE, RFC 9113 §6.5.2): a quarter of
    /// the window, so a server echoing a large message sends it in a few large DATA frames rather than 64 of 16 KiB.
    /// </summary>
    public const int MaxReceivedFrameSize = ReceiveWindow / 4;

    private readonly Http2FrameDecoder _decoder;
    private readonly Http2FrameValidator _validator = new();
    private readonly HpackEncoder _hpackEncoder = new();
    private readonly Queue<Http2ClientEvent> _events = new();

    private uint _nextStreamId = 1;
    private uint? _goAwayLastStreamId;
    private uint _fieldBlockStreamId;
    private bool _fieldBlockEndStream;

    /// <summary>
    /// Queues the client connection preface: the magic, SETTINGS, and the connection window raised to
    /// <paramref name="receiveWindow"/> (<see cref="Http2EndCore.ReceiveWindow"/> by default). With
    /// <see cref="Http2EndCore.DefaultWindow"/> both windows stay as RFC 9113 §6.9.2 starts them: no
    /// SETTINGS_INITIAL_WINDOW_SIZE and no WINDOW_UPDATE, so a server sending more than 65,535 octets must wait for the
    /// window the harness gives back as it reads.
    /// </summary>
    public Http2ClientCore(int receiveWindow = ReceiveWindow)
        : base(receiveWindow)
    {
        Outgoing.WriteRaw(Http2Preface.Client);
        // No server push (RFC 9113 §8.4): the harness never asks for it; a larger stream window, so big messages flow.
        if (receiveWindow == DefaultWindow)
        {
            _decoder = new();
            Emit(Http2Frames.Settings(new Http2Setting(Http2SettingIds.EnablePush, 0)));
            return;
        }

        // The larger frame size applies at once: a server may use it as soon as it has read these SETTINGS (§6.5.3).
        _decoder = new(MaxReceivedFrameSize);
        Emit(Http2Frames.Settings(new Http2Setting(Http2SettingIds.EnablePush, 0), new Http2Setting(Http2SettingIds.InitialWindowSize, (uint)receiveWindow),
            new Http2Setting(Http2SettingIds.MaxFrameSize, MaxReceivedFrameSize)));
        Emit(Http2Frames.WindowUpdate(0, (uint)(receiveWindow - DefaultWindow)));
    }

    /// <summary>The server's first SETTINGS frame arrived.</summary>
    public bool ServerSettingsReceived { get; private set; }

    /// <summary>The server announced SETTINGS_ENABLE_CONNECT_PROTOCOL = 1 (RFC 8441 §3): extended CONNECT may be used.</summary>
    public bool ServerEnablesConnectProtocol { get; private set; }

    /// <summary>The server's SETTINGS_MAX_CONCURRENT_STREAMS (RFC 9113 §6.5.2), or null while it set none (no limit).</summary>
    public uint? ServerMaxConcurrentStreams { get; private set; }

    /// <summary>True once either side sent GOAWAY: no new stream may be opened (RFC 9113 §6.8).</summary>
    public bool IsGoingAway => _goAwayLastStreamId is not null || Failure is not null;

    public bool TryTakeEvent(out Http2ClientEvent? next) => _events.TryDequeue(out next);

    /// <summary>
    /// Opens the next client stream with <paramref name="fields"/> as its request, END_STREAM unset (a CONNECT tunnel stays
    /// open) unless <paramref name="endStream"/> asks for it: then the harness's side ends with the request (half-closed (local)).
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection is going away or failed.</exception>
    public uint OpenStream(IReadOnlyList<HeaderField> fields, bool endStream = false)
    {
        if (IsGoingAway || _nextStreamId > Http2FrameHeader.MaxStreamId)
        {
            throw new InvalidOperationException(Failure ?? "The HTTP/2 connection is going away: no new stream may be opened (RFC 9113 §6.8).");
        }

        uint id = _nextStreamId;
        _nextStreamId += 2;
        Streams[id] = new Http2StreamState(id, PeerInitialWindow, GrantedWindow) { LocalEnded = endStream };
        // The harness's table stays empty: no size the server announces can then be exceeded.
        byte[] block = _hpackEncoder.Encode(fields, static _ => HpackIndexing.WithoutIndexing);
        Outgoing.FieldBlock(id, block, PeerMaxFrameSize, endStream: endStream);

        return id;
    }

    /// <summary>Ends the connection from the harness's side (RFC 9113 §6.8): GOAWAY naming no server stream.</summary>
    public void GoAway(Http2ErrorCode code, string reason)
    {
        if (Failure is not null)
        {
            return;
        }

        Failure = reason;
        _goAwayLastStreamId ??= 0;
        Emit(Http2Frames.GoAway(0, code));
    }

    /// <summary>A connection error (RFC 9113 §5.4.1): GOAWAY with the code, and every stream is over.</summary>
    protected override void FailConnection(Http2ErrorCode code, string reason)
    {
        if (Failure is not null)
        {
            return;
        }

        GoAway(code, $"The harness ended the HTTP/2 connection with {Name(code)}: {reason}");
        _events.Enqueue(new ConnectionFailed(Failure!));
    }

    /// <summary>A stream error (RFC 9113 §5.4.2): RST_STREAM with the code; the stream's reader sees a reset.</summary>
    protected override void FailStream(Http2StreamState stream, Http2ErrorCode code, string reason)
    {
        if (stream.IsClosed)
        {
            return;
        }

        stream.Reset = true;
        Emit(Http2Frames.RstStream(stream.Id, code));
        _events.Enqueue(new StreamWasReset(stream.Id, code, $"The harness reset the HTTP/2 stream with {Name(code)}: {reason}"));
    }

    /// <summary>The RFC's name of an error code ("PROTOCOL_ERROR"), or its number when unknown.</summary>
    internal static string Name(Http2ErrorCode code) => Http2ErrorCodeNames.Name(code);
}
