using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using WsConformance.Engine.Judging;
using WsConformance.Protocol;
using WsConformance.Protocol.Http2;
using WsConformance.Protocol.Http2.Hpack;

namespace WsConformance.Engine.Transport.Http2;

/// <summary>Reading the server's frames: the connection-level ones acted on here, the stream ones handed on as events.</summary>
internal sealed partial class Http2ClientCore
{
    private const uint StreamIdMask = 0x7FFF_FFFF;
    private const int GoAwayDebugOffset = 8;

    private bool _firstFrameSeen;

    /// <summary>
    /// The server turned HTTP/2 down before its SETTINGS: it answered the preface with an HTTP/1.x status line, or with
    /// GOAWAY HTTP_1_1_REQUIRED (RFC 9113 §7). It does not speak HTTP/2 here, with prior knowledge or at all.
    /// </summary>
    public bool RefusedHttp2 { get; private set; }

    /// <summary>
    /// Hands the core the server's bytes; returns how many it consumed (a partial frame is left: "need more data"). Once
    /// the connection is over, every byte is consumed and ignored.
    /// </summary>
    public int Receive(ReadOnlySpan<byte> input)
    {
        int total = 0;
        while (Failure is null && total < input.Length)
        {
            if (!_firstFrameSeen && AnswersInHttp1(input[total..]) is { } http1)
            {
                if (!http1)
                {
                    break;
                }

                RefusedHttp2 = true;
                FailConnection(Http2ErrorCode.ProtocolError,
                    "the server answered the connection preface in HTTP/1.x: it does not speak HTTP/2 with prior knowledge (RFC 9113 §3.3).");
                break;
            }

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

    /// <summary>True: the bytes start an HTTP/1.x status line; false: they might, more are needed; null: they do not.</summary>
    private static bool? AnswersInHttp1(ReadOnlySpan<byte> input)
    {
        int compared = Math.Min(input.Length, Http1StatusLineStart.Length);
        if (!input[..compared].SequenceEqual(Http1StatusLineStart[..compared]))
        {
            return null;
        }

        return compared == Http1StatusLineStart.Length;
    }

    private void OnFrame(in Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        if (!_firstFrameSeen)
        {
            _firstFrameSeen = true;
            // A server that will not talk may say so with GOAWAY at once; that is its answer, read as such below.
            bool settings = header.Type == Http2FrameTypes.Settings && !header.HasFlag(Http2Flags.Ack);
            if (!settings && header.Type != Http2FrameTypes.GoAway)
            {
                FailConnection(Http2ErrorCode.ProtocolError,
                    $"the server's connection preface must be a SETTINGS frame (RFC 9113 §3.4), its first frame is {Http2FrameTypes.Name(header.Type)}.");
                return;
            }
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
                OnSettings(payload);
                break;
            case Http2FrameTypes.PushPromise:
                FailConnection(Http2ErrorCode.ProtocolError, "PUSH_PROMISE although the harness sent SETTINGS_ENABLE_PUSH = 0 (RFC 9113 §6.6).");
                break;
            case Http2FrameTypes.Ping when !header.HasFlag(Http2Flags.Ack):
                Emit(Http2Frames.Ping(BinaryPrimitives.ReadUInt64BigEndian(payload), ack: true));
                break;
            case Http2FrameTypes.GoAway:
                OnGoAway(payload);
                break;
            case Http2FrameTypes.WindowUpdate:
                OnWindowUpdate(header.StreamId, BinaryPrimitives.ReadUInt32BigEndian(payload) & StreamIdMask);
                break;
        }

        // PRIORITY is deprecated and unknown types are ignored (RFC 9113 §5.3.2, §5.5); a SETTINGS or PING ACK needs nothing.
    }

    /// <summary>A frame on a stream the harness never opened: the stream is idle, or the server opened it (RFC 9113 §5.1, §5.1.1).</summary>
    protected override Http2StreamState? StreamOf(in Http2FrameHeader header)
    {
        if (Streams.TryGetValue(header.StreamId, out var stream))
        {
            return stream;
        }

        FailConnection(Http2ErrorCode.ProtocolError,
            $"{Http2FrameTypes.Name(header.Type)} on stream {header.StreamId}, which the harness never opened (RFC 9113 §5.1: idle).");
        return null;
    }

    private void OnData(in Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        // Padding counts against the windows as well (RFC 9113 §6.9.1).
        int flowLength = header.Length;
        if (!TakeConnectionWindow(header.StreamId, flowLength))
        {
            return;
        }

        if (StreamOf(header) is not { } stream)
        {
            return;
        }

        if (stream.Reset || stream.RemoteEnded || !stream.ResponseArrived)
        {
            // Nobody reads it: the connection window is given back at once.
            GrantConnection(flowLength);
            RefuseData(stream);
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
        _events.Enqueue(new ServerDataArrived(stream.Id, data.ToArray(), end));
    }

    /// <summary>DATA on a stream that cannot take it; after the harness's own RST_STREAM such frames are expected and ignored (RFC 9113 §5.1).</summary>
    private void RefuseData(Http2StreamState stream)
    {
        if (stream.RemoteEnded && !stream.Reset)
        {
            FailStream(stream, Http2ErrorCode.StreamClosed, "DATA after the server's END_STREAM (RFC 9113 §5.1: half-closed (remote)).");
        }
        else if (!stream.Reset)
        {
            FailStream(stream, Http2ErrorCode.ProtocolError, "DATA before the response's HEADERS (RFC 9113 §8.1).");
        }
    }

    private void OnHeaders(in Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        if (StreamOf(header) is null)
        {
            return;
        }

        _fieldBlockStreamId = header.StreamId;
        _fieldBlockEndStream = header.HasFlag(Http2Flags.EndStream);
        AppendFieldBlock(header, Http2FrameWriter.WithoutPadding(header, payload, header.HasFlag(Http2Flags.Priority) ? Http2Priority.Size : 0));
    }

    protected override void OnFieldBlock(HeaderField[] fields)
    {
        var stream = Streams[_fieldBlockStreamId];
        if (stream.IsClosed)
        {
            return;
        }

        if (stream.RemoteEnded)
        {
            FailStream(stream, Http2ErrorCode.StreamClosed, "HEADERS after the server's END_STREAM (RFC 9113 §5.1: half-closed (remote)).");
            return;
        }

        bool informational = !stream.ResponseArrived && fields.FirstOrDefault(f => f.Name == ":status").Value is ['1', ..];
        if (informational)
        {
            // A 1xx response comes before the final one (RFC 9113 §8.1); a WebSocket has no use for it.
            return;
        }

        if (stream.ResponseArrived && !_fieldBlockEndStream)
        {
            FailStream(stream, Http2ErrorCode.ProtocolError, "a second field block without END_STREAM: trailers end the stream (RFC 9113 §8.1).");
            return;
        }

        stream.ResponseArrived = true;
        stream.RemoteEnded |= _fieldBlockEndStream;
        _events.Enqueue(new ServerHeadersArrived(stream.Id, fields, _fieldBlockEndStream));
    }

    private void OnRstStream(in Http2FrameHeader header, Http2ErrorCode code)
    {
        if (StreamOf(header) is not { } stream || stream.IsClosed)
        {
            return;
        }

        stream.Reset = true;
        _events.Enqueue(new StreamWasReset(stream.Id, code, $"The server reset the HTTP/2 stream (RST_STREAM {Name(code)}).", ByServerRstStream: true));
    }

    private void OnSettings(ReadOnlySpan<byte> payload)
    {
        if (!ApplySettings(payload))
        {
            return;
        }

        ServerEnablesConnectProtocol = _validator.ConnectProtocolEnabled;
        if (!ServerSettingsReceived)
        {
            ServerSettingsReceived = true;
            _events.Enqueue(new ServerSettingsArrived(ServerEnablesConnectProtocol));
        }
    }

    protected override void ApplySetting(ushort id, uint value)
    {
        switch (id)
        {
            case Http2SettingIds.EnablePush when value != 0:
                FailConnection(Http2ErrorCode.ProtocolError, "a server sent SETTINGS_ENABLE_PUSH = 1 (RFC 9113 §6.5.2).");
                break;
            case Http2SettingIds.InitialWindowSize:
                ChangeInitialWindow(value);
                break;
            case Http2SettingIds.MaxFrameSize:
                PeerMaxFrameSize = (int)value;
                break;
            case Http2SettingIds.MaxConcurrentStreams:
                ServerMaxConcurrentStreams = value;
                break;
        }

        // SETTINGS_HEADER_TABLE_SIZE needs nothing: the harness's encoder never adds to its table. The rest do not limit a client.
    }

    private void OnGoAway(ReadOnlySpan<byte> payload)
    {
        uint lastStreamId = BinaryPrimitives.ReadUInt32BigEndian(payload) & StreamIdMask;
        var code = (Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(payload[sizeof(uint)..]);
        _goAwayLastStreamId = Math.Min(_goAwayLastStreamId ?? lastStreamId, lastStreamId);
        string debug = payload.Length > GoAwayDebugOffset ? $" ({EventText.Quote(Encoding.UTF8.GetString(payload[GoAwayDebugOffset..]))})" : "";
        foreach (var stream in Streams.Values.Where(s => s.Id > lastStreamId && !s.IsClosed))
        {
            stream.Reset = true;
            _events.Enqueue(new StreamWasReset(stream.Id, Http2ErrorCode.RefusedStream,
                $"The server's GOAWAY ({Name(code)}, last stream {lastStreamId}){debug} left the stream unprocessed (RFC 9113 §6.8)."));
        }

        RefusedHttp2 |= !ServerSettingsReceived && code == Http2ErrorCode.Http11Required;
        if (code != Http2ErrorCode.NoError || !ServerSettingsReceived)
        {
            Failure = $"The server ended the HTTP/2 connection with GOAWAY {Name(code)}{debug}.";
            _events.Enqueue(new ConnectionFailed(Failure));
        }
    }

    protected override void OnSendWindowGrew() => _events.Enqueue(new SendWindowGrew());
}
