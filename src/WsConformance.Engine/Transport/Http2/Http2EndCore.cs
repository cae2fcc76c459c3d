using System.Buffers;
using System.Buffers.Binary;
using WsConformance.Protocol.Http2;
using WsConformance.Protocol.Http2.Hpack;

namespace WsConformance.Engine.Transport.Http2;

/// <summary>
/// What the harness's two HTTP/2 ends (<see cref="Http2ClientCore"/>, <see cref="Http2ServerCore"/>) decide alike: flow
/// control both ways (RFC 9113 §5.2, §6.9), the stream ends it sends (END_STREAM, RST_STREAM), and the frames it queues.
/// No I/O; not thread-safe. What differs — who opens streams, which pseudo-headers, what a GOAWAY names — is the subclass's.
/// </summary>
internal abstract class Http2EndCore
{
    /// <summary>
    /// The window the harness grants per stream and for the connection by default: large enough that the peer is never held
    /// up by window updates on loopback (a TCP socket buffers about as much), small enough to bound what one case buffers.
    /// </summary>
    public const int ReceiveWindow = 1 << 20;

    /// <summary>The window both sides start with (RFC 9113 §6.9.2).</summary>
    public const int DefaultWindow = 65_535;

    /// <summary>A field block larger than this ends the connection: no WebSocket request or answer needs it.</summary>
    public const int MaxFieldBlockSize = 64 * 1024;

    private long _connectionSendWindow = DefaultWindow;
    private long _connectionReceiveWindow;
    private int _connectionConsumedNotGranted;
    private readonly HpackDecoder _hpackDecoder = new();
    private readonly ArrayBufferWriter<byte> _fieldBlock = new();

    /// <param name="receiveWindow">The window granted per stream and for the connection (at least <see cref="DefaultWindow"/>).</param>
    protected Http2EndCore(int receiveWindow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(receiveWindow, DefaultWindow);
        GrantedWindow = receiveWindow;
        _connectionReceiveWindow = receiveWindow;
    }

    /// <summary>The window this end grants per stream and for the connection; window goes back in batches of half of it.</summary>
    protected int GrantedWindow { get; }

    /// <summary>True while the harness gives no window back (<see cref="HoldWindows"/>): the peer's windows only shrink.</summary>
    public bool WindowsHeld { get; private set; }

    protected Http2FrameWriter Outgoing { get; } = new();

    protected Dictionary<uint, Http2StreamState> Streams { get; } = [];

    /// <summary>The peer's SETTINGS_INITIAL_WINDOW_SIZE: the send window of every new stream.</summary>
    protected long PeerInitialWindow { get; private set; } = DefaultWindow;

    /// <summary>The peer's SETTINGS_MAX_FRAME_SIZE: no frame the harness sends is larger.</summary>
    protected int PeerMaxFrameSize { get; set; } = Http2FrameHeader.DefaultMaxFrameSize;

    /// <summary>Why the connection is over (a connection error either way, or GOAWAY with an error), or null while it works.</summary>
    public string? Failure { get; protected set; }

    /// <summary>Frames waiting to be written.</summary>
    public bool HasOutgoing => Outgoing.HasOutgoing;

    /// <summary>The bytes to write next, in order; the core forgets them.</summary>
    public byte[] TakeOutgoing() => Outgoing.TakeOutgoing();

    /// <summary>How many DATA octets the harness may send on <paramref name="streamId"/> now: 0 while a window is exhausted or the stream cannot carry data.</summary>
    public int SendableBytes(uint streamId) =>
        CannotSend(streamId) ? 0 : (int)Math.Max(0, Math.Min(_connectionSendWindow, Streams[streamId].SendWindow));

    /// <summary>True when the stream can no longer carry the harness's data (ended, reset, or the connection is over).</summary>
    public bool CannotSend(uint streamId) =>
        Failure is not null || !Streams.TryGetValue(streamId, out var stream) || stream.LocalEnded || stream.Reset;

    /// <summary>Sends <paramref name="data"/> as DATA frames within the peer's frame size; at most <see cref="SendableBytes"/>.</summary>
    public void SendData(uint streamId, ReadOnlySpan<byte> data)
    {
        if (data.Length > SendableBytes(streamId))
        {
            throw new InvalidOperationException($"{data.Length} octets exceed the peer's flow-control windows on stream {streamId} (RFC 9113 §6.9).");
        }

        Streams[streamId].SendWindow -= data.Length;
        _connectionSendWindow -= data.Length;
        Outgoing.Data(streamId, data, PeerMaxFrameSize);
    }

    /// <summary>Ends the harness's side of the stream with an empty DATA frame carrying END_STREAM (RFC 8441 §5: an orderly TCP close).</summary>
    public void EndStream(uint streamId)
    {
        if (CannotSend(streamId))
        {
            return;
        }

        Streams[streamId].LocalEnded = true;
        Outgoing.EndStream(streamId);
    }

    /// <summary>Resets the stream with <paramref name="code"/> (RFC 8441 §5: CANCEL for a TCP reset); nothing more is read or sent on it.</summary>
    public void ResetStream(uint streamId, Http2ErrorCode code)
    {
        if (Failure is not null || !Streams.TryGetValue(streamId, out var stream) || stream.IsClosed)
        {
            return;
        }

        stream.Reset = true;
        Emit(Http2Frames.RstStream(streamId, code));
    }

    /// <summary>The harness is done with the stream (see <see cref="Http2StreamState.Released"/>).</summary>
    public void Release(uint streamId)
    {
        if (Streams.TryGetValue(streamId, out var stream))
        {
            stream.Released = true;
        }
    }

    /// <summary>
    /// Closes, with RST_STREAM NO_ERROR, every stream the harness ended with END_STREAM and is done with while the peer
    /// still has its side open, and says how many. RFC 9113 §8.1 allows it after a complete response (a server "MAY request
    /// that the client abort transmission of a request without error by sending a RST_STREAM with an error code of
    /// NO_ERROR"). Used only when such lingering streams stand in the way of a new one: a client that never ends its side
    /// after a WebSocket's close (Firefox) would otherwise use up SETTINGS_MAX_CONCURRENT_STREAMS (§5.1.2), while a client
    /// that does end it (Chromium) never sees a reset race its own END_STREAM.
    /// </summary>
    protected int CloseLingeringStreams()
    {
        var lingering = Streams.Values.Where(s => s.Released && s.LocalEnded && !s.IsClosed).ToList();
        foreach (var stream in lingering)
        {
            ResetStream(stream.Id, Http2ErrorCode.NoError);
        }

        return lingering.Count;
    }

    /// <summary>
    /// The reader took <paramref name="count"/> octets of the stream's DATA: give them back to the peer as window,
    /// in batches of half the window so a large message keeps flowing without a WINDOW_UPDATE per read.
    /// </summary>
    public void Consumed(uint streamId, int count)
    {
        if (Failure is not null)
        {
            return;
        }

        if (Streams.TryGetValue(streamId, out var stream) && !stream.RemoteEnded && !stream.Reset)
        {
            stream.ConsumedNotGranted += count;
            GrantStream(stream, GrantedWindow / 2);
        }

        GrantConnection(count);
    }

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
        foreach (var stream in Streams.Values.Where(s => !s.RemoteEnded && !s.Reset))
        {
            GrantStream(stream, 1);
        }

        GrantConnection(0, 1);
    }

    protected void Emit(in Http2FrameSpec spec) => Outgoing.Emit(spec);

    /// <summary>A connection error (RFC 9113 §5.4.1): GOAWAY with the code, and every stream is over.</summary>
    protected abstract void FailConnection(Http2ErrorCode code, string reason);

    /// <summary>A stream error (RFC 9113 §5.4.2): RST_STREAM with the code; the stream's reader sees a reset.</summary>
    protected abstract void FailStream(Http2StreamState stream, Http2ErrorCode code, string reason);

    /// <summary>A send window grew: the shell wakes writers waiting for room.</summary>
    protected abstract void OnSendWindowGrew();

    /// <summary>The stream a frame other than one that opens streams names, or null (after acting on an idle one, RFC 9113 §5.1).</summary>
    protected abstract Http2StreamState? StreamOf(in Http2FrameHeader header);

    /// <summary>Counts a DATA frame's <paramref name="flowLength"/> (padding included, §6.9.1) against the connection window; false once it is over.</summary>
    protected bool TakeConnectionWindow(uint streamId, int flowLength)
    {
        _connectionReceiveWindow -= flowLength;
        if (_connectionReceiveWindow >= 0)
        {
            return true;
        }

        FailConnection(Http2ErrorCode.FlowControlError,
            $"DATA of {flowLength} octets on stream {streamId} exceeds the connection window the harness granted (RFC 9113 §6.9).");
        return false;
    }

    /// <summary>Counts the frame against the stream's window; false (a connection error) when the peer exceeded it.</summary>
    protected bool TakeStreamWindow(Http2StreamState stream, int flowLength)
    {
        stream.ReceiveWindow -= flowLength;
        if (stream.ReceiveWindow >= 0)
        {
            return true;
        }

        FailConnection(Http2ErrorCode.FlowControlError,
            $"DATA of {flowLength} octets exceeds the window the harness granted on stream {stream.Id} (RFC 9113 §6.9).");
        return false;
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

    protected void GrantConnection(int count) => GrantConnection(count, GrantedWindow / 2);

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

    /// <summary>Octets the reader will never see (padding) are given back as if read.</summary>
    protected void Credit(Http2StreamState stream, int count)
    {
        stream.ConsumedNotGranted += count;
        GrantConnection(count);
    }

    /// <summary>A new SETTINGS_INITIAL_WINDOW_SIZE moves every stream's send window by the difference (RFC 9113 §6.9.2).</summary>
    protected void ChangeInitialWindow(uint value)
    {
        long delta = value - PeerInitialWindow;
        PeerInitialWindow = value;
        foreach (var stream in Streams.Values.Where(s => !s.IsClosed))
        {
            stream.SendWindow += delta;
            if (stream.SendWindow > Http2SettingIds.MaxWindowSize)
            {
                FailConnection(Http2ErrorCode.FlowControlError,
                    $"SETTINGS_INITIAL_WINDOW_SIZE {value} takes stream {stream.Id}'s window past 2^31-1 (RFC 9113 §6.9.2).");
                return;
            }
        }

        if (delta > 0)
        {
            OnSendWindowGrew();
        }
    }

    protected void OnWindowUpdate(uint streamId, uint increment)
    {
        if (streamId == 0)
        {
            _connectionSendWindow += increment;
            if (_connectionSendWindow > Http2SettingIds.MaxWindowSize)
            {
                FailConnection(Http2ErrorCode.FlowControlError, "WINDOW_UPDATE takes the connection window past 2^31-1 (RFC 9113 §6.9.1).");
                return;
            }

            OnSendWindowGrew();
            return;
        }

        if (StreamOf(new Http2FrameHeader(0, Http2FrameTypes.WindowUpdate, 0, false, streamId)) is not { } stream || stream.IsClosed)
        {
            return;
        }

        stream.SendWindow += increment;
        if (stream.SendWindow > Http2SettingIds.MaxWindowSize)
        {
            FailStream(stream, Http2ErrorCode.FlowControlError, $"WINDOW_UPDATE takes stream {streamId}'s window past 2^31-1 (RFC 9113 §6.9.1).");
            return;
        }

        OnSendWindowGrew();
    }

    /// <summary>Acts on the first error the codec's validator found in a frame: GOAWAY or RST_STREAM with its code (RFC 9113 §5.4).</summary>
    protected void OnViolation(in Http2FrameHeader header, Http2Violation violation)
    {
        string reason = $"{violation.Detail} ({violation.RfcSection})";
        if (violation.Scope == Http2ErrorScope.Connection)
        {
            FailConnection(violation.ErrorCode, reason);
        }
        else if (Streams.TryGetValue(header.StreamId, out var stream))
        {
            FailStream(stream, violation.ErrorCode, reason);
        }
        else
        {
            Emit(Http2Frames.RstStream(header.StreamId, violation.ErrorCode));
        }
    }

    /// <summary>Collects a HEADERS or CONTINUATION fragment; at END_HEADERS the block is decoded and handed to <see cref="OnFieldBlock"/>.</summary>
    protected void AppendFieldBlock(in Http2FrameHeader header, ReadOnlySpan<byte> fragment)
    {
        if (_fieldBlock.WrittenCount + fragment.Length > MaxFieldBlockSize)
        {
            FailConnection(Http2ErrorCode.EnhanceYourCalm, $"the field block on stream {header.StreamId} exceeds {MaxFieldBlockSize} octets.");
            return;
        }

        _fieldBlock.Write(fragment);
        if (!header.HasFlag(Http2Flags.EndHeaders))
        {
            return;
        }

        // Decoded even for a stream nobody reads any more: the HPACK table must follow every block (RFC 9113 §4.3).
        var decoded = new List<HpackDecodedField>();
        HpackDecodeResult result = _hpackDecoder.Decode(_fieldBlock.WrittenSpan, decoded);
        _fieldBlock.ResetWrittenCount();
        if (!result.Succeeded)
        {
            FailConnection(Http2ErrorCode.CompressionError,
                $"the field block on stream {header.StreamId} cannot be decoded: {result.Error} at octet {result.Offset} ({result.RfcSection}).");
            return;
        }

        OnFieldBlock([.. decoded.Select(field => field.Field)]);
    }

    /// <summary>A whole field block of the stream that began it (HEADERS then CONTINUATION frames of that stream only, §4.3), decoded.</summary>
    protected abstract void OnFieldBlock(HeaderField[] fields);

    /// <summary>Applies every setting of a SETTINGS frame (<see cref="ApplySetting"/>) and acknowledges it; false when one ended the connection.</summary>
    protected bool ApplySettings(ReadOnlySpan<byte> payload)
    {
        for (int offset = 0; offset < payload.Length && Failure is null; offset += Http2SettingIds.EntryLength)
        {
            ApplySetting(BinaryPrimitives.ReadUInt16BigEndian(payload[offset..]), BinaryPrimitives.ReadUInt32BigEndian(payload[(offset + sizeof(ushort))..]));
        }

        if (Failure is not null)
        {
            return false;
        }

        Emit(Http2Frames.SettingsAck());
        return true;
    }

    protected abstract void ApplySetting(ushort id, uint value);
}
