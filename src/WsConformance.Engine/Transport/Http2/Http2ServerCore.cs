using WsConformance.Protocol.Http2;
using WsConformance.Protocol.Http2.Hpack;

namespace WsConformance.Engine.Transport.Http2;

/// <summary>
/// The decisions of the harness's end of an HTTP/2 connection (RFC 9113) as the server a WebSocket client under test
/// talks to (<c>wsconf serve --http2</c>, RFC 8441): the client's preface, its streams and their requests, SETTINGS and
/// their acknowledgement, PING answers, GOAWAY; flow control and the frames it sends are <see cref="Http2EndCore"/>'s,
/// shared with <see cref="Http2ClientCore"/>, whose mirror this is. No sockets, tasks or clocks; not thread-safe (the
/// shell serialises calls).
/// </summary>
/// <remarks>
/// A rule the client breaks at the HTTP/2 layer ends its stream or the connection as RFC 9113 §5.4 says; the stream's
/// WebSocket then sees a reset, as over a broken TCP connection. The cases judge the WebSocket on top.
/// </remarks>
internal sealed partial class Http2ServerCore : Http2EndCore
{
    /// <summary>Streams one client may have open at once: a browser page runs a few cases and control requests in parallel.</summary>
    public const int MaxConcurrentStreams = 100;

    private readonly Http2FrameDecoder _decoder = new();
    private readonly Http2FrameValidator _validator = new();
    private readonly HpackEncoder _hpackEncoder = new();
    private readonly Queue<Http2ServerEvent> _events = new();

    private uint _highestStreamId;
    private uint? _goAwayLastStreamId;
    private uint _fieldBlockStreamId;
    private bool _fieldBlockEndStream;

    /// <summary>Queues the server connection preface: SETTINGS (RFC 9113 §3.4), then the connection window raised.</summary>
    /// <param name="enableConnectProtocol">Announce SETTINGS_ENABLE_CONNECT_PROTOCOL = 1 (RFC 8441 §3); false leaves the setting out.</param>
    public Http2ServerCore(bool enableConnectProtocol = true)
        : base(ReceiveWindow)
    {
        List<Http2Setting> settings =
        [
            new(Http2SettingIds.MaxConcurrentStreams, MaxConcurrentStreams),
            new(Http2SettingIds.InitialWindowSize, ReceiveWindow),
        ];
        if (enableConnectProtocol)
        {
            settings.Add(new(Http2SettingIds.EnableConnectProtocol, 1));
        }

        Emit(Http2Frames.Settings([.. settings]));
        Emit(Http2Frames.WindowUpdate(0, ReceiveWindow - DefaultWindow));
    }

    /// <summary>The client's connection preface (the magic, then SETTINGS) arrived.</summary>
    public bool PrefaceReceived { get; private set; }

    /// <summary>The client sent GOAWAY: it opens no more streams, the open ones finish.</summary>
    public bool ClientGoingAway { get; private set; }

    public bool TryTakeEvent(out Http2ServerEvent? next) => _events.TryDequeue(out next);

    /// <summary>
    /// Sends SETTINGS_ENABLE_CONNECT_PROTOCOL = 0 after 1: RFC 8441 §3 forbids it ("MUST NOT send a
    /// SETTINGS_ENABLE_CONNECT_PROTOCOL parameter with the value of 0 after previously sending a value of 1"); a case sends it
    /// on purpose to see what the client does.
    /// </summary>
    public void WithdrawConnectProtocol() => Emit(Http2Frames.Settings(new Http2Setting(Http2SettingIds.EnableConnectProtocol, 0)));

    /// <summary>
    /// GOAWAY NO_ERROR naming the last stream the client opened (RFC 9113 §6.8): those finish, later ones are refused, and
    /// the client opens its next requests on a new connection. The connection itself goes on until the client closes it.
    /// </summary>
    public void GoAwayGracefully()
    {
        if (Failure is not null || _goAwayLastStreamId is not null)
        {
            return;
        }

        _goAwayLastStreamId = _highestStreamId;
        Emit(Http2Frames.GoAway(_highestStreamId, Http2ErrorCode.NoError));
    }

    /// <summary>Answers the request on <paramref name="streamId"/> with <paramref name="fields"/> (:status first).</summary>
    public void Respond(uint streamId, IReadOnlyList<HeaderField> fields, bool endStream)
    {
        if (CannotSend(streamId))
        {
            return;
        }

        // The harness's table stays empty, so no table size the client announces can be exceeded.
        byte[] block = _hpackEncoder.Encode(fields, static _ => HpackIndexing.WithoutIndexing);
        Outgoing.FieldBlock(streamId, block, PeerMaxFrameSize, endStream);
        Streams[streamId].LocalEnded |= endStream;
    }

    /// <summary>Ends the connection (RFC 9113 §6.8): GOAWAY naming the last stream the client opened, all of which were processed.</summary>
    public void GoAway(Http2ErrorCode code, string reason)
    {
        if (Failure is not null)
        {
            return;
        }

        Failure = reason;
        Emit(Http2Frames.GoAway(_highestStreamId, code));
    }

    protected override void FailConnection(Http2ErrorCode code, string reason)
    {
        if (Failure is not null)
        {
            return;
        }

        GoAway(code, $"The harness ended the HTTP/2 connection with {Http2ClientCore.Name(code)}: {reason}");
        _events.Enqueue(new ClientConnectionFailed(Failure!));
    }

    protected override void FailStream(Http2StreamState stream, Http2ErrorCode code, string reason)
    {
        if (stream.IsClosed)
        {
            return;
        }

        stream.Reset = true;
        Emit(Http2Frames.RstStream(stream.Id, code));
        _events.Enqueue(new ClientStreamReset(stream.Id, code, $"The harness reset the HTTP/2 stream with {Http2ClientCore.Name(code)}: {reason}"));
    }
}
