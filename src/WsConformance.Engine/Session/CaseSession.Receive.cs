using System.Buffers;
using System.Net.Sockets;
using WsConformance.Engine.Observation;
using WsConformance.Protocol;

namespace WsConformance.Engine.Session;

/// <summary>Reading from TCP and handing frames to <see cref="IncomingFrames"/>.</summary>
public sealed partial class CaseSession
{
    /// <summary>
    /// Waits, briefly, until what the peer has sent so far is read and processed. On a busy machine a timer of the
    /// harness can run out while the peer's answer, sent in time, still waits unread in the socket: that answer came
    /// before the timer, and must be recorded before the timer's outcome is.
    /// </summary>
    public async Task CatchUpWithReceivedAsync(CancellationToken cancellationToken)
    {
        for (var wait = 0; wait < CatchUpWaits && State != ConnectionState.Closed && HasUnreadInput(); wait++)
        {
            await Task.Delay(CatchUpWait, _clock.Time, cancellationToken);
        }
    }

    /// <summary>Bytes or the end of the stream wait in the socket for the receive loop.</summary>
    private bool HasUnreadInput()
    {
        try
        {
            return _connection.Socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
        var filled = 0;
        try
        {
            var leftover = _connection.LeftoverBytes;
            leftover.Span.CopyTo(buffer);
            filled = ProcessReceived(buffer, leftover.Length);
            while (true)
            {
                var read = await _connection.Stream.ReadAsync(buffer.AsMemory(filled), _lifetime.Token);
                if (read == 0)
                {
                    OnTcpClosed(null);
                    return;
                }

                MarkAnswered();
                RecordReceivedOctets(buffer.AsSpan(filled, read));
                filled = ProcessReceived(buffer, filled + read);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            OnTcpClosed(State == ConnectionState.Closed ? null : e.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);

            // The receive loop alone uses the inflater, so it releases it (zlib state must not be freed mid-call).
            _incoming.Dispose();
        }
    }

    private void RecordReceivedOctets(ReadOnlySpan<byte> bytes)
    {
        Statistics.CountOctets(WireDirection.Received, bytes.Length);
        WireLog.Add(new OctetsEntry(Now, WireDirection.Received, bytes.Length, WireLog.Head(bytes)));
    }

    /// <summary>Decodes what is buffered; returns how many bytes remain (an incomplete header), moved to the front.</summary>
    private int ProcessReceived(byte[] buffer, int length)
    {
        var consumedTotal = _incoming.Process(buffer.AsSpan(0, length));
        var remaining = length - consumedTotal;
        buffer.AsSpan(consumedTotal, remaining).CopyTo(buffer);
        return remaining;
    }

    internal void OnServerFrameComplete(in FrameHeader header, ReadOnlySpan<byte> payloadHead)
    {
        Statistics.CountFrame(WireDirection.Received, header.Opcode);
        WireLog.Add(new FrameEntry(Now, WireDirection.Received, header.Fin, header.Rsv, header.Opcode, header.Masked, header.MaskKey,
            header.DeclaredLength, WireLog.Head(payloadHead), null, false));
        lock (_gate)
        {
            if (_serverSentClose)
            {
                _framesAfterServerClose++;
            }
        }
    }

    /// <summary>Logs a frame that is rejected before its payload (the payload is never delivered).</summary>
    internal void OnFrameHeaderOnly(in FrameHeader header) => OnServerFrameComplete(header, []);

    internal void DeliverMessage(byte opcode, long length, byte[]? payload, byte[]? sha1, bool compressed) =>
        AddEvent(new MessageEvent(Now, ServerHasClosed, opcode, length, payload, sha1, compressed));

    internal void DeliverPing(byte[] payload)
    {
        AddEvent(new PingEvent(Now, ServerHasClosed, payload));
        if (State == ConnectionState.Open)
        {
            _ = SendFrameAsync(ControlFrame(Opcodes.Pong, payload), Cases.Model.Transmission.Default);
        }
    }

    internal void DeliverPong(byte[] payload) => AddEvent(new PongEvent(Now, ServerHasClosed, payload));

    internal void DeliverClose(CloseBodyInfo body)
    {
        lock (_gate)
        {
            OnCloseFrameLocked(body, body.Violations.Count == 0);
        }
    }

    /// <summary>The server broke a rule: fail the connection with the code RFC 6455 §7.4.1 gives for it.</summary>
    internal void ReportViolation(IReadOnlyList<Violation> violations)
    {
        var code = violations.Any(v => v.Code == ViolationCode.InvalidTextUtf8) ? CloseCodes.InvalidPayload
            : violations.Any(v => v.Code is ViolationCode.MessageTooLarge or ViolationCode.FrameTooLarge) ? CloseCodes.MessageTooBig
            : CloseCodes.ProtocolError;
        lock (_gate)
        {
            _peerViolations ??= [.. violations.Select(v => v.Code).Distinct()];
            FailConnectionLocked(code, $"the {Peer} violated the protocol: " + string.Join("; ", violations.Select(v => $"{v.Detail} (RFC 6455 §{v.RfcSection})")));
        }
    }

    /// <summary>The server broke a permessage-deflate rule (RFC 7692): fail the connection with <paramref name="code"/>.</summary>
    internal void ReportCompressionViolation(ushort code, string detail)
    {
        lock (_gate)
        {
            FailConnectionLocked(code, $"the {Peer} violated permessage-deflate: " + detail);
        }
    }

    private bool ServerHasClosed
    {
        get
        {
            lock (_gate)
            {
                return _serverSentClose;
            }
        }
    }
}
