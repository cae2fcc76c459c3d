using System.Text;
using WsConformance.Protocol;

namespace WsConformance.Engine.Session;

/// <summary>The closing handshake and the timers around it, with Autobahn's bookkeeping (protocol.py, v0.10.9).</summary>
public sealed partial class CaseSession
{
    private const string GoingAwayReason = "Going Away";

    /// <summary>How many expected events must have arrived before the peer's pace is used to predict the rest.</summary>
    private const int MinimumEventsForPace = 3;

    /// <summary>Case timers at least this long are checked for a hopeless pace before they run out.</summary>
    private static readonly TimeSpan LongTimer = TimeSpan.FromSeconds(10);

    /// <summary>How often a long case timer checks the peer's pace.</summary>
    private static readonly TimeSpan PaceCheckInterval = TimeSpan.FromSeconds(2);

    /// <summary>Start the closing handshake with this close body (the harness becomes the closing endpoint).</summary>
    public void StartClosingHandshake(ReadOnlyMemory<byte> body)
    {
        lock (_gate)
        {
            StartClosingHandshakeLocked(body);
        }
    }

    /// <summary>Autobahn's <c>killAfter</c>: when still not closed after <paramref name="after"/>, fail the connection.</summary>
    public void FailAfter(TimeSpan after)
    {
        Note($"fail the connection in {after.TotalMilliseconds:0} ms unless it is closed by then");
        ScheduleTimer(after, ServerOwesSomethingLocked, () => FailConnectionLocked(CloseCodes.GoingAway, GoingAwayReason));
    }

    /// <summary>Autobahn's <c>closeAfter</c>: when still open after <paramref name="after"/>, close normally (empty Close).</summary>
    public void CloseAfter(TimeSpan after)
    {
        Note($"close in {after.TotalMilliseconds:0} ms unless it is closed by then");
        ScheduleTimer(after, ServerOwesSomethingLocked, () =>
        {
            if (_state == ConnectionState.Open)
            {
                StartClosingHandshakeLocked(ReadOnlyMemory<byte>.Empty);
            }
        });
    }

    private void StartClosingHandshakeLocked(ReadOnlyMemory<byte> body)
    {
        if (_state != ConnectionState.Open)
        {
            return;
        }

        _closedByMe = true;
        SendCloseLocked(body);
        ScheduleTimer(_options.CloseHandshakeTimeout, NoGrace, () =>
        {
            if (_state != ConnectionState.Closed && !_serverSentClose)
            {
                _wasClean = false;
                _wasNotCleanReason = "peer did not respond (in time) in closing handshake";
                _wasCloseHandshakeTimeout = true;
                DropLocked();
            }
        });
    }

    /// <summary>Fail the WebSocket connection (RFC 6455 §7.1.7): send a Close with this code, or drop TCP if closing already.</summary>
    private void FailConnectionLocked(ushort code, string reason)
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
            StartClosingHandshakeLocked(CloseBody.Build(code, reasonBytes.AsSpan(0, Math.Min(reasonBytes.Length, 123))));
        }
        else
        {
            _wasNotCleanReason ??= $"the harness dropped TCP while closing: {reason}";
            DropLocked();
        }
    }

    private void SendCloseLocked(ReadOnlyMemory<byte> body)
    {
        var parsed = CloseBody.Parse(body);
        _localCloseCode = parsed.Code;
        _localCloseReason = parsed.Reason.IsEmpty ? null : Encoding.UTF8.GetString(parsed.Reason.Span);
        _state = ConnectionState.Closing;
        _closeSent = SendFrameAsync(ControlFrame(Opcodes.Close, body), Cases.Model.Transmission.Default);
    }

    /// <summary>The server's Close frame arrived (Autobahn's <c>onCloseFrame</c>).</summary>
    private void OnCloseFrameLocked(CloseBodyInfo body, bool bodyIsValid)
    {
        _remoteCloseCode = body.Code;
        _remoteCloseReason = body.Reason.IsEmpty ? null : Encoding.UTF8.GetString(body.Reason.Span);
        _serverSentClose = true;
        if (!bodyIsValid)
        {
            var code = body.Violations.Any(v => v.Code == ViolationCode.InvalidCloseReasonUtf8) ? CloseCodes.InvalidPayload : CloseCodes.ProtocolError;
            FailConnectionLocked(code, $"invalid close frame from the {Peer}: " + string.Join("; ", body.Violations.Select(v => v.Detail)));
        }

        if (_state == ConnectionState.Open)
        {
            // The server starts the closing handshake: reply with 1000, then it is the server's job to drop TCP.
            _wasClean = true;
            SendCloseLocked(CloseBody.Build(CloseCodes.NormalClosure, []));
        }
        else if (_state == ConnectionState.Closing)
        {
            _wasClean = true;
        }

        if (_options.Role == Role.Server)
        {
            // "The underlying TCP connection, in most normal cases, SHOULD be closed first by the server" (RFC 6455
            // §7.1.1): once both Close frames are on their way, the harness as server closes TCP, as Autobahn's does.
            DropWhenCloseSentLocked();
            return;
        }

        if (_state != ConnectionState.Closed)
        {
            ScheduleTimer(_options.ServerDropTimeout, NoGrace, () =>
            {
                if (_state != ConnectionState.Closed)
                {
                    _wasClean = false;
                    _wasNotCleanReason = "server did not drop TCP connection (in time)";
                    _wasServerConnectionDropTimeout = true;
                    DropLocked();
                }
            });
        }
    }

    /// <summary>TCP reached its end from the server's side (read returned 0 or failed).</summary>
    private void OnTcpClosed(string? error)
    {
        lock (_gate)
        {
            if (_state != ConnectionState.Closed)
            {
                _state = ConnectionState.Closed;
                if (!_wasClean && _wasNotCleanReason is null)
                {
                    _wasNotCleanReason = error ?? "peer dropped the TCP connection without previous WebSocket closing handshake";
                }

                Note(error is null ? "peer closed TCP" : $"TCP error: {error}");
            }
        }

        _closed.TrySetResult();
    }

    /// <summary>Closes TCP gracefully (FIN after the pending Close frame) once our Close frame has been written.</summary>
    private void DropWhenCloseSentLocked()
    {
        var closeSent = _closeSent ?? Task.CompletedTask;
        _ = closeSent.ContinueWith(_ =>
        {
            lock (_gate)
            {
                DropLocked(graceful: true);
            }
        }, TaskScheduler.Default);
    }

    /// <param name="graceful">Send FIN after what is written (the end of a closing handshake) instead of a reset.</param>
    private void DropLocked(bool graceful = false)
    {
        if (_state == ConnectionState.Closed)
        {
            return;
        }

        _droppedByMe = true;
        _state = ConnectionState.Closed;
        Note("harness drops TCP");
        try
        {
            if (graceful)
            {
                _connection.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Both);
                _connection.Socket.Close();
            }
            else
            {
                _connection.Socket.Close(0);
            }
        }
        catch (System.Net.Sockets.SocketException)
        {
            // The peer reset the connection first: it is gone either way.
            _connection.Socket.Close(0);
        }
        catch (ObjectDisposedException)
        {
            // Already gone: nothing left to drop.
        }

        _closed.TrySetResult();
    }

    /// <summary>The protocol timers act on time, as Autobahn's: only the case's own timers give a late server grace.</summary>
    private static bool NoGrace() => false;

    /// <summary>Does the server still owe an event or a close? Only then is a firing case timer given grace.</summary>
    private bool ServerOwesSomethingLocked()
    {
        if (_state == ConnectionState.Closed)
        {
            return false;
        }

        if (_serverSentClose || _state == ConnectionState.Closing)
        {
            // Awaiting the server's close reply or its TCP drop.
            return true;
        }

        var progress = _monitor.Evaluate(_events);
        return progress == ExpectationProgress.Pending || (_monitor.ServerMustClose && progress != ExpectationProgress.Diverged);
    }

    /// <summary>
    /// Runs <paramref name="onExpiry"/> under the lock after <paramref name="delay"/>. If at that moment the server
    /// still owes something, waits the grace (<see cref="SessionOptions.GraceFor"/>) longer first, and marks the
    /// case late when the debt was paid meanwhile — unless the peer's steady pace shows it cannot pay in that time.
    /// </summary>
    private void ScheduleTimer(TimeSpan delay, Func<bool> serverOwes, Action onExpiry)
    {
        var token = _lifetime.Token;
        _ = Task.Run(async () =>
        {
            try
            {
                var grace = _options.GraceFor(delay);
                var gaveUpEarly = await WaitUnlessHopelessAsync(delay, grace, serverOwes, token);
                await CatchUpWithReceivedAsync(token);
                bool owedAtDeadline;
                bool graceIsHopeless;
                lock (_gate)
                {
                    owedAtDeadline = grace > TimeSpan.Zero && serverOwes();
                    graceIsHopeless = owedAtDeadline && (gaveUpEarly || CannotCatchUpLocked(grace));
                }

                if (owedAtDeadline && !graceIsHopeless)
                {
                    lock (_gate)
                    {
                        _graceStarted = true;
                    }

                    Note($"timer ran out after {delay.TotalMilliseconds:0} ms while the {Peer} still owed a reply; waiting {grace.TotalMilliseconds:0} ms more");
                    await Task.Delay(grace, _clock.Time, token);
                    await CatchUpWithReceivedAsync(token);
                }

                lock (_gate)
                {
                    if (owedAtDeadline && !serverOwes())
                    {
                        // Paid late: the case goes on as if the timer had been set later.
                        return;
                    }

                    ExpireLocked(owedAtDeadline, onExpiry);
                }
            }
            catch (OperationCanceledException)
            {
                // The session ended before the timer: nothing to do.
            }
        }, token);
    }

    private void ExpireLocked(bool peerStillOwes, Action onExpiry)
    {
        _graceExpired |= peerStillOwes;
        if (peerStillOwes)
        {
            _ranOutOfTimeAt ??= Now;
        }

        var before = _state;
        onExpiry();
        _timerDecided |= peerStillOwes || _state != before;
    }

    /// <summary>
    /// Waits out a case timer. A long one (section 9's round trips: 60 s to 480 s) is checked every few seconds:
    /// when the peer answers at a steady pace so slow that it could not finish before the timer and twice its grace
    /// have run out, the outcome (slow, with how far it got) is already known, and the timer is treated as run out
    /// now. Against a correct server that takes 2 s per echo this turns hours into seconds; a server at any usual
    /// pace, even on a loaded machine, is tens of times faster than the threshold. Returns true when it gave up early.
    /// </summary>
    private async Task<bool> WaitUnlessHopelessAsync(TimeSpan delay, TimeSpan grace, Func<bool> serverOwes, CancellationToken token)
    {
        var end = Now + delay;
        while (grace > TimeSpan.Zero && delay >= LongTimer)
        {
            var left = end - Now;
            if (left <= PaceCheckInterval)
            {
                break;
            }

            await Task.Delay(PaceCheckInterval, _clock.Time, token);
            lock (_gate)
            {
                if (serverOwes() && CannotCatchUpLocked(end - Now + (2 * grace), "before its timer and grace run out"))
                {
                    return true;
                }
            }
        }

        var rest = end - Now;
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest, _clock.Time, token);
        }

        return false;
    }

    /// <summary>
    /// The peer answers at a steady pace, but so far behind that it would need more than twice the grace to finish:
    /// the outcome (slow, with how far it got) is known now, so waiting out the grace would only cost time.
    /// </summary>
    private bool CannotCatchUpLocked(TimeSpan grace) => CannotCatchUpLocked(2 * grace, "in twice the grace");

    private bool CannotCatchUpLocked(TimeSpan timeLeft, string within)
    {
        var (matched, expected) = _monitor.Progress(_events);
        if (matched < MinimumEventsForPace || expected <= matched)
        {
            return false;
        }

        var perEvent = Now / matched;
        var needed = perEvent * (expected - matched);
        if (needed <= timeLeft)
        {
            return false;
        }

        Note($"the {Peer} answered {matched} of {expected} expected events in {Now.TotalMilliseconds:0} ms; at that pace the rest would take about {needed.TotalSeconds:0} s, more than the {timeLeft.TotalSeconds:0} s left {within}, so the harness stops waiting");
        return true;
    }
}
