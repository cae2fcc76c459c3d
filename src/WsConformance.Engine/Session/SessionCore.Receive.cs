using WsConformance.Engine.Observation;
using WsConformance.Protocol;

namespace WsConformance.Engine.Session;

/// <summary>What the peer sent: its bytes go through <see cref="IncomingFrames"/>, which reports each frame here.</summary>
internal sealed partial class SessionCore
{
    /// <summary>
    /// The peer's bytes arrived at <paramref name="now"/>: <paramref name="bytes"/> are what an earlier call left
    /// unconsumed followed by the <paramref name="arrived"/> bytes just read (logged as received). Decodes as many frames
    /// as they hold and acts on them; returns how many bytes it consumed. The rest (an incomplete frame header) is
    /// "need more data": it must come again, at the front of the next call's bytes.
    /// </summary>
    public int Receive(Span<byte> bytes, int arrived, TimeSpan now)
    {
        _now = now;
        if (arrived > 0)
        {
            var fresh = bytes[^arrived..];
            Statistics.CountOctets(WireDirection.Received, fresh.Length);
            WireLog.Add(new OctetsEntry(now, WireDirection.Received, fresh.Length, WireLog.Head(fresh)));
        }

        return _incoming.Process(bytes);
    }

    internal void OnPeerFrameComplete(in FrameHeader header, ReadOnlySpan<byte> payloadHead)
    {
        Statistics.CountFrame(WireDirection.Received, header.Opcode);
        WireLog.Add(new FrameEntry(_now, WireDirection.Received, header.Fin, header.Rsv, header.Opcode, header.Masked, header.MaskKey,
            header.DeclaredLength, WireLog.Head(payloadHead), null, false));
        if (_peerSentClose)
        {
            _framesAfterPeerClose++;
        }
    }

    /// <summary>Logs a frame that is rejected before its payload (the payload is never delivered).</summary>
    internal void OnFrameHeaderOnly(in FrameHeader header) => OnPeerFrameComplete(header, []);

    internal void DeliverMessage(byte opcode, long length, byte[]? payload, byte[]? sha1, bool compressed) =>
        AddEvent(new MessageEvent(_now, _peerSentClose, opcode, length, payload, sha1, compressed));

    internal void DeliverPing(byte[] payload)
    {
        AddEvent(new PingEvent(_now, _peerSentClose, payload));
        if (_state == ConnectionState.Open)
        {
            Emit(new SendControlFrame(ControlFrame(Opcodes.Pong, payload)));
        }
    }

    internal void DeliverPong(byte[] payload) => AddEvent(new PongEvent(_now, _peerSentClose, payload));

    internal void DeliverClose(CloseBodyInfo body) => OnPeerClose(body);

    /// <summary>The peer broke a rule: fail the connection with the code RFC 6455 §7.4.1 gives for it.</summary>
    internal void ReportViolation(IReadOnlyList<Violation> violations)
    {
        var code = violations.Any(v => v.Code == ViolationCode.InvalidTextUtf8) ? CloseCodes.InvalidPayload
            : violations.Any(v => v.Code is ViolationCode.MessageTooLarge or ViolationCode.FrameTooLarge) ? CloseCodes.MessageTooBig
            : CloseCodes.ProtocolError;
        _peerViolations ??= [.. violations.Select(v => v.Code).Distinct()];
        FailConnection(code, $"the {Peer} violated the protocol: " + string.Join("; ", violations.Select(v => $"{v.Detail} (RFC 6455 §{v.RfcSection})")));
    }

    /// <summary>The peer broke a permessage-deflate rule (RFC 7692): fail the connection with <paramref name="code"/>.</summary>
    internal void ReportCompressionViolation(ushort code, string detail) => FailConnection(code, $"the {Peer} violated permessage-deflate: " + detail);
}
