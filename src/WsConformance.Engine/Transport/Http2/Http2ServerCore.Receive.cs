using System.Buffers;
using System.Buffers.Binary;
using WsConformance.Protocol.Http2;
using WsConformance.Protocol.Http2.Hpack;

namespace WsConformance.Engine.Transport.Http2;

/// <summary>Reading the client's preface and frames: connection-level ones acted on here, stream ones handed on as events.</summary>
internal sealed partial class Http2ServerCore
{
    private const uint StreamIdMask = 0x7FFF_FFFF;
    private const int PingPayloadLength = 8;

    private bool _magicSeen;

    /// <summary>Hands the core the client's bytes; returns how many it consumed (a partial frame or preface is left: "need more data").</summary>
    public int Receive(ReadOnlySpan<byte> input)
    {
        int total = 0;
        if (!_magicSeen)
        {
            switch (Http2Preface.Match(input))
            {
                case PrefaceMatch.NeedMoreData:
                    return 0;
                case PrefaceMatch.Mismatch:
                    FailConnection(Http2ErrorCode.ProtocolError, "the client's bytes do not start with the connection preface (RFC 9113 §3.4).");
                    return input.Length;
            }

            _magicSeen = true;
            total = Http2Preface.Length;
        }

        while (Failure is null && total < input.Length)
        {
            Http2DecodeStatus status = _decoder.Decode(input[total..], out int consumed, out Http2Frame frame);
            if (status == Http2DecodeStatus.NeedMoreData)
            {
                break;
            }

            total += consumed;
            if (status == Http2DecodeStatus.FrameTooLarge)
            {
                FailConnection(Http2ErrorCode.FrameSizeError, $"a {Http2FrameTypes.Name(frame.Header.Type)} frame of {frame.Header.Length} octets exceeds the "
                    + $"harness's SETTINGS_MAX_FRAME_SIZE of {_decoder.MaxFrameSize} (RFC 9113 §4.2).");
            }
            else
            {
                OnFrame(frame.Header, frame.Payload);
            }
        }

        return Failure is null ? total : input.Length;
    }

    private void OnFrame(in Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        if (!PrefaceReceived)
        {
            if (header.Type != Http2FrameTypes.Settings || header.HasFlag(Http2Flags.Ack))
            {
                FailConnection(Http2ErrorCode.ProtocolError,
                    $"the client's connection preface must go on with a SETTINGS frame (RFC 9113 §3.4), its first frame is {Http2FrameTypes.Name(header.Type)}.");
                return;
            }

            PrefaceReceived = true;
        }

        if (Http2FrameWriter.FirstError(_validator.OnFrame(header, payload)) is { } violation)
        {
            OnViolation(header, violation);
            return;
        }

        switch (header.Type)
        {
            case Http2FrameTypes.Data:
                OnData(header, payload);
                break;
            case Http2FrameTypes.Headers:
                OnHeaders(header, payload);
                break;
            case Http2FrameTypes.Continuation:
                AppendFieldBlock(header, payload);
                break;
            case Http2FrameTypes.RstStream:
                OnRstStream(header, (Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(payload));
                break;
            case Http2FrameTypes.Settings when !header.HasFlag(Http2Flags.Ack):
                ApplySettings(payload);
                break;
            case Http2FrameTypes.Ping when !header.HasFlag(Http2Flags.Ack):
                Emit(Http2Frames.Ping(BinaryPrimitives.ReadUInt64BigEndian(payload[..PingPayloadLength]), ack: true));
                break;
            case Http2FrameTypes.Ping:
                OnPingAck(BinaryPrimitives.ReadUInt64BigEndian(payload[..PingPayloadLength]));
                break;
            case Http2FrameTypes.GoAway:
                OnGoAway(payload);
                break;
            case Http2FrameTypes.WindowUpdate:
                OnWindowUpdate(header.StreamId, BinaryPrimitives.ReadUInt32BigEndian(payload) & StreamIdMask);
                break;
            case Http2FrameTypes.PushPromise:
                FailConnection(Http2ErrorCode.ProtocolError, "a client sent PUSH_PROMISE (RFC 9113 §8.4).");
                break;
        }

        // PRIORITY and unknown frame types are ignored (RFC 9113 §5.3.2, §5.5); a SETTINGS or PING ACK needs nothing.
    }

    /// <summary>
    /// The stream a frame other than HEADERS names: one the client opened, or null. A stream above every one it opened is
    /// idle, which only HEADERS may open (RFC 9113 §5.1: a connection error); one below that the harness forgot is closed.
    /// </summary>
    protected override Http2StreamState? StreamOf(in Http2FrameHeader header)
    {
        if (Streams.TryGetValue(header.StreamId, out var stream))
        {
            return stream;
        }

        if (header.StreamId > _highestStreamId)
        {
            FailConnection(Http2ErrorCode.ProtocolError,
                $"{Http2FrameTypes.Name(header.Type)} on stream {header.StreamId}, which the client never opened (RFC 9113 §5.1: idle).");
        }

        return null;
    }

    private void OnData(in Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        int flowLength = header.Length;
        if (!TakeConnectionWindow(header.StreamId, flowLength))
        {
            return;
        }

        var stream = StreamOf(header);
        if (stream is { Reset: true })
        {
            NoteFrameOnResetStream(stream, header, EndStreamNote(header));
        }

        if (stream is null || stream.Reset || stream.RemoteEnded)
        {
            // Nobody reads it: the connection window goes back at once. After the harness's RST_STREAM such frames are expected (§5.1).
            GrantConnection(flowLength);
            if (stream is { Reset: false, RemoteEnded: true })
            {
                FailStream(stream, Http2ErrorCode.StreamClosed, "DATA after the client's END_STREAM (RFC 9113 §5.1: half-closed (remote)).");
            }

            return;
        }

        if (!TakeStreamWindow(stream, flowLength))
        {
            return;
        }

        ReadOnlySpan<byte> data = Http2FrameWriter.WithoutPadding(header, payload, 0);
        Credit(stream, flowLength - data.Length);
        bool end = header.HasFlag(Http2Flags.EndStream);
        stream.RemoteEnded |= end;
        _events.Enqueue(new ClientDataArrived(stream.Id, data.ToArray(), end));
    }

    private void OnHeaders(in Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        uint id = header.StreamId;
        if (Streams.TryGetValue(id, out var known) && known.Reset)
        {
            NoteFrameOnResetStream(known, header, EndStreamNote(header));
        }
        else if (known is null)
        {
            if (id % 2 == 0 || id <= _highestStreamId)
            {
                FailConnection(Http2ErrorCode.ProtocolError,
                    $"HEADERS open stream {id}: a client's new stream has an odd identifier above every earlier one (RFC 9113 §5.1.1).");
                return;
            }

            _highestStreamId = id;
            Streams[id] = new Http2StreamState(id, PeerInitialWindow, ReceiveWindow);
        }

        _fieldBlockStreamId = id;
        _fieldBlockEndStream = header.HasFlag(Http2Flags.EndStream);
        AppendFieldBlock(header, Http2FrameWriter.WithoutPadding(header, payload, header.HasFlag(Http2Flags.Priority) ? Http2Priority.Size : 0));
    }

    private int OpenStreams() => Streams.Values.Count(s => !s.IsClosed);

    protected override void OnFieldBlock(HeaderField[] fields)
    {
        var stream = Streams[_fieldBlockStreamId];
        if (stream.IsClosed)
        {
            return;
        }

        if (stream.ResponseArrived)
        {
            // Trailers end the request (RFC 9113 §8.1); a second block without END_STREAM is malformed.
            if (!_fieldBlockEndStream || stream.RemoteEnded)
            {
                FailStream(stream, Http2ErrorCode.ProtocolError, "a second field block without END_STREAM, or after it (RFC 9113 §8.1).");
                return;
            }

            stream.RemoteEnded = true;
            _events.Enqueue(new ClientDataArrived(stream.Id, [], EndStream: true));
            return;
        }

        if (stream.Id > _goAwayLastStreamId)
        {
            FailStream(stream, Http2ErrorCode.RefusedStream, "the stream came after the harness's GOAWAY (RFC 9113 §6.8).");
            return;
        }

        if (OpenStreams() > MaxConcurrentStreams && (CloseLingeringStreams() == 0 || OpenStreams() > MaxConcurrentStreams))
        {
            FailStream(stream, Http2ErrorCode.RefusedStream, $"more than {MaxConcurrentStreams} streams open at once (RFC 9113 §5.1.2).");
            return;
        }

        stream.ResponseArrived = true;
        stream.RemoteEnded |= _fieldBlockEndStream;
        _events.Enqueue(new RequestArrived(stream.Id, fields, _fieldBlockEndStream));
    }

    private void OnRstStream(in Http2FrameHeader header, Http2ErrorCode code)
    {
        if (StreamOf(header) is not { } stream)
        {
            return;
        }

        if (stream.Reset)
        {
            // RFC 9113 §5.4.2: "an endpoint MUST NOT send a RST_STREAM in response to a RST_STREAM frame".
            NoteFrameOnResetStream(stream, header, $", {Http2ClientCore.Name(code)}");
        }

        if (stream.IsClosed)
        {
            return;
        }

        stream.Reset = true;
        _events.Enqueue(new ClientStreamReset(stream.Id, code, $"The client reset the HTTP/2 stream (RST_STREAM {Http2ClientCore.Name(code)})."));
    }

    protected override void ApplySetting(ushort id, uint value)
    {
        switch (id)
        {
            case Http2SettingIds.InitialWindowSize:
                ChangeInitialWindow(value);
                break;
            case Http2SettingIds.MaxFrameSize:
                PeerMaxFrameSize = (int)value;
                break;
        }

        // The rest do not limit the harness: it never pushes, and its encoder never adds to its table.
    }

    private void OnGoAway(ReadOnlySpan<byte> payload)
    {
        var code = (Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(payload[sizeof(uint)..]);
        ClientGoingAway = true;
        if (code != Http2ErrorCode.NoError)
        {
            Failure = $"The client ended the HTTP/2 connection with GOAWAY {Http2ClientCore.Name(code)}.";
            _events.Enqueue(new ClientConnectionFailed(Failure));
        }
    }

    protected override void OnSendWindowGrew() => _events.Enqueue(new ClientWindowGrew());
}
