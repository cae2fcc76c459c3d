using System.Text;
using WsConformance.Protocol;

namespace WsConformance.Engine.Session;

/// <summary>The closing handshake, with Autobahn's bookkeeping (protocol.py, v0.10.9).</summary>
internal sealed partial class SessionCore
{
    private const string GoingAwayReason = "Going Away";

    /// <summary>A control frame's 125 payload bytes less the 2-byte close code (RFC 6455 §5.5).</summary>
    private const int MaxCloseReasonBytes = 123;

    private ConnectionState _state = ConnectionState.Open;
    private bool _closedByMe;
    private bool _failedByMe;
    private bool _droppedByMe;
    private bool _wasClean;
    private string? _wasNotCleanReason;
    private bool _wasCloseHandshakeTimeout;
    private bool _wasPeerConnectionDropTimeout;
    private int? _localCloseCode;
    private string? _localCloseReason;
    private int? _remoteCloseCode;
    private string? _remoteCloseReason;
    private bool _peerSentClose;
    private int _framesAfterPeerClose;
    private IReadOnlyList<ViolationCode>? _peerViolations;
    private bool _closeWritten;
    private bool _dropWhenCloseWritten;

    public ConnectionState State => _state;

    public CloseRecord CloseRecord => new(_closedByMe, _failedByMe, _droppedByMe, _wasClean, _wasNotCleanReason, _wasCloseHandshakeTimeout,
        _wasPeerConnectionDropTimeout, _localCloseCode, _localCloseReason, _remoteCloseCode, _remoteCloseReason, _framesAfterPeerClose,
        _peerViolations ?? []);

    /// <summary>Start the closing handshake with this close body (the harness becomes the closing endpoint).</summary>
    public void StartClosingHandshake(ReadOnlyMemory<byte> body, TimeSpan now)
    {
        _now = now;
        StartClosingHandshake(body);
    }

    /// <summary>TCP reached its end from the peer's side (a read returned 0, or failed with <paramref name="error"/>).</summary>
    public void TcpEnded(string? error, TimeSpan now)
    {
        _now = now;
        if (_state == ConnectionState.Closed)
        {
            return;
        }

        EnterClosed();
        if (!_wasClean && _wasNotCleanReason is null)
        {
            _wasNotCleanReason = error ?? "peer dropped the TCP connection without previous WebSocket closing handshake";
        }

        Note(error is null ? "peer closed TCP" : $"TCP error: {error}");
    }

    /// <summary>The harness's Close is written (or its write failed): under <c>wsconf serve</c> the harness may now end TCP.</summary>
    public void CloseWritten(TimeSpan now)
    {
        _now = now;
        _closeWritten = true;
        if (_dropWhenCloseWritten)
        {
            Drop(graceful: true);
        }
    }

    /// <summary>Hard stop: drops TCP at once (the run is cancelled, or the case is over).</summary>
    public void Abort(string reason, TimeSpan now)
    {
        _now = now;
        if (_state != ConnectionState.Closed)
        {
            _wasNotCleanReason ??= reason;
            Note(reason);
            Drop();
        }
    }

    /// <summary>A step resets the connection on purpose: the harness, not the peer, ended it, abruptly (no closing handshake).</summary>
    public void ResetAsAsked(TimeSpan now)
    {
        if (_state != ConnectionState.Closed)
        {
            _closedByMe = true;
        }

        Abort("the harness reset the connection, as the case asks", now);
    }

    /// <summary>The case ran past its deadline: drop TCP, and remember that time, not the peer, ended it.</summary>
    public void AbortAtDeadline(TimeSpan now)
    {
        if (_state != ConnectionState.Closed)
        {
            _timerDecided = true;
            _ranOutOfTimeAt ??= now;
        }

        Abort("case deadline reached: the harness dropped the connection", now);
    }

    /// <summary>The stall watchdog saw the peer stop reading: a Close would never reach it, so the harness drops TCP.</summary>
    public void PeerStoppedReading(TimeSpan now)
    {
        _now = now;
        _wasNotCleanReason ??= $"the harness dropped TCP: the {Peer} stopped reading";
        Drop();
    }

    /// <summary>The stall watchdog saw the peer stop answering while it still reads: fail the connection (1001).</summary>
    public void PeerStoppedAnswering(TimeSpan now)
    {
        _now = now;
        FailConnection(CloseCodes.GoingAway, $"the {Peer} stopped answering");
    }

    private void StartClosingHandshake(ReadOnlyMemory<byte> body)
    {
        if (_state != ConnectionState.Open)
        {
            return;
        }

        _closedByMe = true;
        SendClose(body);
        ArmProtocolTimer(TimerKind.CloseHandshake, _options.CloseHandshakeTimeout);
    }

    /// <summary>Fail the WebSocket connection (RFC 6455 §7.1.7): send a Close with this code, or drop TCP if closing already.</summary>
    private void FailConnection(ushort code, string reason)
    {
        if (_state == ConnectionState.Closed)
        {
            return;
        }

        _failedByMe = true;
        Note($"harness fails the connection: {reason}");
        if (_state == ConnectionState.Open)
        {
            var reasonBytes = Encoding.UTF8.GetBytes(reason);
            StartClosingHandshake(CloseBody.Build(code, reasonBytes.AsSpan(0, Math.Min(reasonBytes.Length, MaxCloseReasonBytes))));
        }
        else
        {
            _wasNotCleanReason ??= $"the harness dropped TCP while closing: {reason}";
            Drop();
        }
    }

    private void SendClose(ReadOnlyMemory<byte> body)
    {
        var parsed = CloseBody.Parse(body);
        _localCloseCode = parsed.Code;
        _localCloseReason = parsed.Reason.IsEmpty ? null : Encoding.UTF8.GetString(parsed.Reason.Span);
        _state = ConnectionState.Closing;
        Emit(new SendControlFrame(ControlFrame(Opcodes.Close, body)));
    }

    /// <summary>The peer's Close frame arrived (Autobahn's <c>onCloseFrame</c>).</summary>
    private void OnPeerClose(CloseBodyInfo body)
    {
        _remoteCloseCode = body.Code;
        _remoteCloseReason = body.Reason.IsEmpty ? null : Encoding.UTF8.GetString(body.Reason.Span);
        _peerSentClose = true;
        if (body.Violations.Count > 0)
        {
            var code = body.Violations.Any(v => v.Code == ViolationCode.InvalidCloseReasonUtf8) ? CloseCodes.InvalidPayload : CloseCodes.ProtocolError;
            FailConnection(code, $"invalid close frame from the {Peer}: " + string.Join("; ", body.Violations.Select(v => v.Detail)));
        }

        if (_state == ConnectionState.Open)
        {
            // The peer starts the closing handshake: reply with 1000, then it is the server's job to drop TCP.
            _wasClean = true;
            SendClose(CloseBody.Build(CloseCodes.NormalClosure, []));
        }
        else if (_state == ConnectionState.Closing)
        {
            _wasClean = true;
        }

        if (_options.Role == Role.Server)
        {
            // "The underlying TCP connection, in most normal cases, SHOULD be closed first by the server" (RFC 6455
            // §7.1.1): once both Close frames are on their way, the harness as server closes TCP, as Autobahn's does.
            DropWhenCloseWritten();
            return;
        }

        if (_state != ConnectionState.Closed)
        {
            ArmProtocolTimer(TimerKind.PeerDrop, _options.ServerDropTimeout);
        }
    }

    private void DropWhenCloseWritten()
    {
        if (_closeWritten)
        {
            Drop(graceful: true);
        }
        else
        {
            _dropWhenCloseWritten = true;
        }
    }

    /// <param name="graceful">Send FIN after what is written (the end of a closing handshake) instead of a reset.</param>
    private void Drop(bool graceful = false)
    {
        if (_state == ConnectionState.Closed)
        {
            return;
        }

        _droppedByMe = true;
        EnterClosed();
        Note("harness drops TCP");
        Emit(new DropConnection(graceful));
    }

    /// <summary>TCP is gone: no timer can change anything any more.</summary>
    private void EnterClosed()
    {
        _state = ConnectionState.Closed;
        _timers.Clear();
    }
}
