using System.Buffers;
using WsConformance.Protocol.Http2;
using WsConformance.Protocol.Http2.Hpack;

namespace WsConformance.Engine.Transport.Http2;

/// <summary>
/// The decisions of the harness's end of an HTTP/2 connection (RFC 9113), as a client opening WebSockets with extended
/// CONNECT (RFC 8441): stream states, flow-control windows in both directions, SETTINGS and their acknowledgement, PING
/// answers, GOAWAY, and which frames to send. No sockets, tasks or clocks; not thread-safe (the shell serialises calls).
/// </summary>
/// <remarks>
/// Inputs: <see cref="Receive"/> (the server's bytes), <see cref="OpenStream"/>, <see cref="SendData"/>,
/// <see cref="EndStream"/>, <see cref="ResetStream"/>, <see cref="Consumed"/> and <see cref="GoAway"/>. Outputs: the
/// bytes to write (<see cref="TakeOutgoing"/>) and <see cref="Http2ClientEvent"/>s (<see cref="TryTakeEvent"/>). A rule
/// the server breaks ends its stream or the connection as RFC 9113 §5.4 says; the harness does not judge HTTP/2 here, it
/// carries WebSockets, so such an end reaches the WebSocket as a reset, the way a broken TCP connection would.
/// </remarks>
internal sealed partial class Http2ClientCore
{
    /// <summary>
    /// The window the harness grants per stream and for the connection by default: large enough that the server is never
    /// held up by window updates on loopback (a TCP socket buffers about as much), small enough to bound what one case buffers.
    /// </summary>
    public const int ReceiveWindow = 1 << 20;

    /// <summary>The window both sides start with (RFC 9113 §6.9.2).</summary>
    public const int DefaultWindow = 65_535;

    /// <summary>A field block (response headers) larger than this ends the connection: no WebSocket answer needs it.</summary>
    public const int MaxFieldBlockSize = 64 * 1024;

    /// <summary>The first octets of an HTTP/1.x status line: a server that answers the preface in HTTP/1 does not speak h2c.</summary>
    private static ReadOnlySpan<byte> Http1StatusLineStart => "HTTP/1."u8;

    private readonly Http2FrameDecoder _decoder = new();
    private readonly Http2FrameValidator _validator = new();
    private readonly HpackEncoder _hpackEncoder = new();
    private readonly HpackDecoder _hpackDecoder = new();
    private readonly ArrayBufferWriter<byte> _outgoing = new();
    private readonly Queue<Http2ClientEvent> _events = new();
    private readonly Dictionary<uint, Http2StreamState> _streams = [];
    private readonly ArrayBufferWriter<byte> _fieldBlock = new();

    private uint _nextStreamId = 1;
    private long _connectionSendWindow = DefaultWindow;
    private readonly int _receiveWindow;
    private long _connectionReceiveWindow;
    private int _connectionConsumedNotGranted;
    private long _serverInitialWindow = DefaultWindow;
    private int _serverMaxFrameSize = Http2FrameHeader.DefaultMaxFrameSize;
    private uint? _goAwayLastStreamId;
    private uint _fieldBlockStreamId;
    private bool _fieldBlockEndStream;

    /// <summary>
    /// Queues the client connection preface: the magic, SETTINGS, and the connection window raised to
    /// <paramref name="receiveWindow"/> (<see cref="ReceiveWindow"/> by default). With <see cref="DefaultWindow"/> both
    /// windows stay as RFC 9113 §6.9.2 starts them: no SETTINGS_INITIAL_WINDOW_SIZE and no WINDOW_UPDATE, so a server sending
    /// more than 65,535 octets must wait for the window the harness gives back as it reads.
    /// </summary>
    public Http2ClientCore(int receiveWindow = ReceiveWindow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(receiveWindow, DefaultWindow);
        _receiveWindow = receiveWindow;
        _connectionReceiveWindow = receiveWindow;
        _outgoing.Write(Http2Preface.Client);
        // No server push (RFC 9113 §8.4): the harness never asks for it; a larger stream window, so big messages flow.
        if (receiveWindow == DefaultWindow)
        {
            Emit(Http2Frames.Settings(new Http2Setting(Http2SettingIds.EnablePush, 0)));
            return;
        }

        Emit(Http2Frames.Settings(new Http2Setting(Http2SettingIds.EnablePush, 0), new Http2Setting(Http2SettingIds.InitialWindowSize, (uint)receiveWindow)));
        Emit(Http2Frames.WindowUpdate(0, (uint)(receiveWindow - DefaultWindow)));
    }

    /// <summary>The server's first SETTINGS frame arrived.</summary>
    public bool ServerSettingsReceived { get; private set; }

    /// <summary>The server announced SETTINGS_ENABLE_CONNECT_PROTOCOL = 1 (RFC 8441 §3): extended CONNECT may be used.</summary>
    public bool ServerEnablesConnectProtocol { get; private set; }

    /// <summary>The server's SETTINGS_MAX_CONCURRENT_STREAMS (RFC 9113 §6.5.2), or null while it set none (no limit).</summary>
    public uint? ServerMaxConcurrentStreams { get; private set; }

    /// <summary>Why the connection is over (a connection error either way, or GOAWAY with an error), or null while it works.</summary>
    public string? Failure { get; private set; }

    /// <summary>True once either side sent GOAWAY: no new stream may be opened (RFC 9113 §6.8).</summary>
    public bool IsGoingAway => _goAwayLastStreamId is not null || Failure is not null;

    /// <summary>Frames waiting to be written.</summary>
    public bool HasOutgoing => _outgoing.WrittenCount > 0;

    /// <summary>The bytes to write next, in order; the core forgets them.</summary>
    public byte[] TakeOutgoing()
    {
        byte[] bytes = _outgoing.WrittenSpan.ToArray();
        _outgoing.ResetWrittenCount();
        return bytes;
    }

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
        _streams[id] = new Http2StreamState(id, _serverInitialWindow, _receiveWindow) { LocalEnded = endStream };
        // The harness's table stays empty: no size the server announces can then be exceeded.
        byte[] block = _hpackEncoder.Encode(fields, static _ => HpackIndexing.WithoutIndexing);
        int first = Math.Min(block.Length, _serverMaxFrameSize);
        Emit(Http2Frames.Headers(id, block.AsSpan(0, first), endHeaders: first == block.Length, endStream: endStream));
        for (int offset = first; offset < block.Length; offset += _serverMaxFrameSize)
        {
            int length = Math.Min(_serverMaxFrameSize, block.Length - offset);
            Emit(Http2Frames.Continuation(id, block.AsSpan(offset, length), endHeaders: offset + length == block.Length));
        }

        return id;
    }

    /// <summary>How many DATA octets the harness may send on <paramref name="streamId"/> now: 0 while a window is exhausted or the stream cannot carry data.</summary>
    public int SendableBytes(uint streamId) =>
        CannotSend(streamId) ? 0 : (int)Math.Max(0, Math.Min(_connectionSendWindow, _streams[streamId].SendWindow));

    /// <summary>True when the stream can no longer carry the harness's data (ended, reset, or the connection is over).</summary>
    public bool CannotSend(uint streamId) =>
        Failure is not null || !_streams.TryGetValue(streamId, out var stream) || stream.LocalEnded || stream.Reset;

    /// <summary>Sends <paramref name="data"/> as DATA frames within the server's frame size; at most <see cref="SendableBytes"/>.</summary>
    public void SendData(uint streamId, ReadOnlySpan<byte> data)
    {
        if (data.Length > SendableBytes(streamId))
        {
            throw new InvalidOperationException($"{data.Length} octets exceed the server's flow-control windows on stream {streamId} (RFC 9113 §6.9).");
        }

        var stream = _streams[streamId];
        stream.SendWindow -= data.Length;
        _connectionSendWindow -= data.Length;
        for (int offset = 0; offset < data.Length; offset += _serverMaxFrameSize)
        {
            ReadOnlySpan<byte> piece = data.Slice(offset, Math.Min(_serverMaxFrameSize, data.Length - offset));
            EmitHeader(Http2FrameTypes.Data, 0, streamId, piece.Length);
            _outgoing.Write(piece);
        }
    }

    /// <summary>Ends the harness's side of the stream with an empty DATA frame carrying END_STREAM (RFC 8441 §5: an orderly TCP close).</summary>
    public void EndStream(uint streamId)
    {
        if (CannotSend(streamId))
        {
            return;
        }

        _streams[streamId].LocalEnded = true;
        EmitHeader(Http2FrameTypes.Data, Http2Flags.EndStream, streamId, 0);
    }

    /// <summary>Resets the stream with <paramref name="code"/> (RFC 8441 §5: CANCEL for a TCP reset); nothing more is read or sent on it.</summary>
    public void ResetStream(uint streamId, Http2ErrorCode code)
    {
        if (Failure is not null || !_streams.TryGetValue(streamId, out var stream) || stream.IsClosed)
        {
            return;
        }

        stream.Reset = true;
        Emit(Http2Frames.RstStream(streamId, code));
    }

    /// <summary>
    /// The reader took <paramref name="count"/> octets of the stream's DATA: give them back to the server as window,
    /// in batches of half the window so a large message keeps flowing without a WINDOW_UPDATE per read.
    /// </summary>
    public void Consumed(uint streamId, int count)
    {
        if (Failure is not null)
        {
            return;
        }

        if (_streams.TryGetValue(streamId, out var stream) && !stream.RemoteEnded && !stream.Reset)
        {
            stream.ConsumedNotGranted += count;
            GrantStream(stream, _receiveWindow / 2);
        }

        GrantConnection(count);
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

    /// <summary>True while the harness gives no window back (<see cref="HoldWindows"/>): the server's windows only shrink.</summary>
    public bool WindowsHeld { get; private set; }

    /// <summary>
    /// Stops giving window back: what the reader takes is counted, but no WINDOW_UPDATE goes out until
    /// <see cref="ReleaseWindows"/> (a peer that stops sending WINDOW_UPDATE, RFC 9113 §6.9).
    /// </summary>
    public void HoldWindows() => WindowsHeld = true;

    /// <summary>Gives back at once everything read while the windows were held, per stream and for the connection.</summary>
    public void ReleaseWindows()
    {
        if (!WindowsHeld || Failure is not null)
        {
            WindowsHeld = false;
            return;
        }

        WindowsHeld = false;
        foreach (var stream in _streams.Values.Where(s => !s.RemoteEnded && !s.Reset))
        {
            GrantStream(stream, 1);
        }

        GrantConnection(0, 1);
    }

    /// <summary>A WINDOW_UPDATE for the stream once at least <paramref name="threshold"/> octets wait to be given back, unless held.</summary>
    private void GrantStream(Http2StreamState stream, int threshold)
    {
        if (!WindowsHeld && stream.ConsumedNotGranted >= threshold)
        {
            Emit(Http2Frames.WindowUpdate(stream.Id, (uint)stream.ConsumedNotGranted));
            stream.ReceiveWindow += stream.ConsumedNotGranted;
            stream.ConsumedNotGranted = 0;
        }
    }

    private void GrantConnection(int count) => GrantConnection(count, _receiveWindow / 2);

    private void GrantConnection(int count, int threshold)
    {
        _connectionConsumedNotGranted += count;
        if (!WindowsHeld && _connectionConsumedNotGranted >= threshold)
        {
            Emit(Http2Frames.WindowUpdate(0, (uint)_connectionConsumedNotGranted));
            _connectionReceiveWindow += _connectionConsumedNotGranted;
            _connectionConsumedNotGranted = 0;
        }
    }

    private void Emit(in Http2FrameSpec spec)
    {
        int written = Http2FrameEncoder.Write(_outgoing.GetSpan(Http2FrameEncoder.GetEncodedLength(spec)), spec);
        _outgoing.Advance(written);
    }

    /// <summary>A frame header alone, its payload written by the caller: DATA is copied once, straight from the writer's buffer.</summary>
    private void EmitHeader(byte type, byte flags, uint streamId, int payloadLength) =>
        Emit(new Http2FrameSpec(type, flags, streamId, ReadOnlyMemory<byte>.Empty, DeclaredLength: payloadLength));

    /// <summary>A connection error (RFC 9113 §5.4.1): GOAWAY with the code, and every stream is over.</summary>
    private void FailConnection(Http2ErrorCode code, string reason)
    {
        if (Failure is not null)
        {
            return;
        }

        GoAway(code, $"The harness ended the HTTP/2 connection with {Name(code)}: {reason}");
        _events.Enqueue(new ConnectionFailed(Failure!));
    }

    /// <summary>A stream error (RFC 9113 §5.4.2): RST_STREAM with the code; the stream's reader sees a reset.</summary>
    private void FailStream(Http2StreamState stream, Http2ErrorCode code, string reason)
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
