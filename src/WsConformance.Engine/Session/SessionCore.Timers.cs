using WsConformance.Protocol;

namespace WsConformance.Engine.Session;

/// <summary>
/// The timers of a case as data: each has a due time, and <see cref="AdvanceTo"/> fires those that are due, in order.
/// The protocol timers (closing handshake, TCP drop) act on time, as Autobahn's do; the case's own timers (fail or
/// close after) give a peer that still owes an answer a grace first (<see cref="SessionOptions.GraceFor"/>).
/// </summary>
internal sealed partial class SessionCore
{
    /// <summary>How many expected events must have arrived before the peer's pace is used to predict the rest.</summary>
    private const int MinimumEventsForPace = 3;

    /// <summary>Case timers at least this long are checked for a hopeless pace before they run out.</summary>
    private static readonly TimeSpan LongTimer = TimeSpan.FromSeconds(10);

    /// <summary>How often a long case timer checks the peer's pace.</summary>
    private static readonly TimeSpan PaceCheckInterval = TimeSpan.FromSeconds(2);

    private readonly List<Timer> _timers = [];
    private bool _graceStarted;
    private bool _graceExpired;
    private bool _timerDecided;
    private TimeSpan? _ranOutOfTimeAt;

    private enum TimerKind
    {
        /// <summary>The peer has this long to answer the harness's Close (Autobahn's closeHandshakeTimeout).</summary>
        CloseHandshake,

        /// <summary>The server has this long to drop TCP once both Close frames are out (Autobahn's serverConnectionDropTimeout).</summary>
        PeerDrop,

        /// <summary>Autobahn's <c>killAfter</c>: fail the connection unless it is closed by then.</summary>
        FailAfter,

        /// <summary>Autobahn's <c>closeAfter</c>: close normally unless it is closed by then.</summary>
        CloseAfter,
    }

    /// <param name="End">When the timer runs out.</param>
    /// <param name="Due">When it next acts: <paramref name="End"/>, a pace check before it, or the end of the grace after it.</param>
    private sealed record Timer(TimerKind Kind, TimeSpan Delay, TimeSpan Grace, TimeSpan End, TimeSpan Due, bool PaceCheck = false, bool InGrace = false);

    /// <summary>
    /// True when a timer ran out while the peer still owed an answer and the answer came during the grace that
    /// followed: the peer was slow, not wrong. A connection the harness had to drop during the grace (no reply to
    /// its Close) was never answered, late or not.
    /// </summary>
    public bool WasLate => _graceStarted && !_graceExpired && !(_droppedByMe && !_wasClean);

    /// <summary>What the clock did to this case (see <see cref="TimingRecord"/>).</summary>
    public TimingRecord Timing => new(_timerDecided, _ranOutOfTimeAt);

    /// <summary>When the next timer acts; null when none is armed. The shell advances time to it.</summary>
    public TimeSpan? NextTimerDue => _timers.Count == 0 ? null : _timers.Min(t => t.Due);

    /// <summary>Does the peer still owe an event or a close? Only then is a firing case timer given grace.</summary>
    public bool PeerOwesSomething
    {
        get
        {
            if (_state == ConnectionState.Closed)
            {
                return false;
            }

            if (_peerSentClose || _state == ConnectionState.Closing)
            {
                // Awaiting the peer's close reply or its TCP drop.
                return true;
            }

            var progress = _monitor.Evaluate(_events);
            return progress == ExpectationProgress.Pending || (_monitor.PeerMustClose && progress != ExpectationProgress.Diverged);
        }
    }

    /// <summary>Autobahn's <c>killAfter</c>: when still not closed after <paramref name="after"/>, fail the connection.</summary>
    public void FailAfter(TimeSpan after, TimeSpan now)
    {
        _now = now;
        Note($"fail the connection in {after.TotalMilliseconds:0} ms unless it is closed by then");
        ArmCaseTimer(TimerKind.FailAfter, after);
    }

    /// <summary>Autobahn's <c>closeAfter</c>: when still open after <paramref name="after"/>, close normally (empty Close).</summary>
    public void CloseAfter(TimeSpan after, TimeSpan now)
    {
        _now = now;
        Note($"close in {after.TotalMilliseconds:0} ms unless it is closed by then");
        ArmCaseTimer(TimerKind.CloseAfter, after);
    }

    /// <summary>Time has come to <paramref name="now"/>: every timer due by then acts, earliest first.</summary>
    public void AdvanceTo(TimeSpan now)
    {
        _now = now;
        while (_timers.Count > 0)
        {
            var next = _timers.MinBy(t => t.Due)!;
            if (next.Due > now)
            {
                return;
            }

            _timers.Remove(next);
            Act(next);
        }
    }

    private void ArmProtocolTimer(TimerKind kind, TimeSpan delay) => _timers.Add(new Timer(kind, delay, TimeSpan.Zero, _now + delay, _now + delay));

    /// <summary>
    /// A long timer (section 9's round trips: 60 s to 480 s) checks the peer's pace every few seconds before it runs
    /// out (see <see cref="ActOnPaceCheck"/>).
    /// </summary>
    private void ArmCaseTimer(TimerKind kind, TimeSpan delay)
    {
        if (_state == ConnectionState.Closed)
        {
            // TCP is gone: the timer could change nothing, and no wake-up is needed for it.
            return;
        }

        var grace = _options.GraceFor(delay);
        var end = _now + delay;
        var checksPace = grace > TimeSpan.Zero && delay >= LongTimer;
        _timers.Add(checksPace ? new Timer(kind, delay, grace, end, _now + PaceCheckInterval, PaceCheck: true) : new Timer(kind, delay, grace, end, end));
    }

    private void Act(Timer timer)
    {
        if (timer.InGrace)
        {
            ActAfterGrace(timer);
        }
        else if (timer.PaceCheck)
        {
            ActOnPaceCheck(timer);
        }
        else
        {
            ActAtEnd(timer, gaveUpEarly: false);
        }
    }

    /// <summary>
    /// When the peer answers at a steady pace so slow that it could not finish before the timer and twice its grace
    /// have run out, the outcome (slow, with how far it got) is already known, and the timer is treated as run out
    /// now. Against a correct server that takes 2 s per echo this turns hours into seconds; a server at any usual
    /// pace, even on a loaded machine, is tens of times faster than the threshold.
    /// </summary>
    private void ActOnPaceCheck(Timer timer)
    {
        if (PeerOwes(timer) && CannotCatchUp(timer.End - _now + (2 * timer.Grace), "before its timer and grace run out"))
        {
            ActAtEnd(timer, gaveUpEarly: true);
            return;
        }

        var left = timer.End - _now;
        _timers.Add(left <= PaceCheckInterval ? timer with { Due = timer.End, PaceCheck = false } : timer with { Due = _now + PaceCheckInterval });
    }

    /// <summary>
    /// The timer ran out. If the peer still owes something, it waits the grace longer first, and the case is late when
    /// the debt is paid meanwhile — unless the peer's steady pace shows it cannot pay in that time.
    /// </summary>
    private void ActAtEnd(Timer timer, bool gaveUpEarly)
    {
        var owed = timer.Grace > TimeSpan.Zero && PeerOwes(timer);
        var hopeless = owed && (gaveUpEarly || CannotCatchUp(2 * timer.Grace, "in twice the grace"));
        if (owed && !hopeless)
        {
            _graceStarted = true;
            Note($"timer ran out after {timer.Delay.TotalMilliseconds:0} ms while the {Peer} still owed a reply; waiting {timer.Grace.TotalMilliseconds:0} ms more");
            _timers.Add(timer with { Due = _now + timer.Grace, PaceCheck = false, InGrace = true });
            return;
        }

        Expire(timer, owed);
    }

    /// <summary>Paid late: the case goes on as if the timer had been set later. Still owed: the timer acts.</summary>
    private void ActAfterGrace(Timer timer)
    {
        if (PeerOwes(timer))
        {
            Expire(timer, peerStillOwes: true);
        }
    }

    private void Expire(Timer timer, bool peerStillOwes)
    {
        _graceExpired |= peerStillOwes;
        if (peerStillOwes)
        {
            _ranOutOfTimeAt ??= _now;
        }

        var before = _state;
        RunOut(timer.Kind);
        _timerDecided |= peerStillOwes || _state != before;
    }

    private void RunOut(TimerKind kind)
    {
        switch (kind)
        {
            case TimerKind.CloseHandshake when _state != ConnectionState.Closed && !_peerSentClose:
                _wasClean = false;
                _wasNotCleanReason = "peer did not respond (in time) in closing handshake";
                _wasCloseHandshakeTimeout = true;
                Drop();
                break;
            case TimerKind.PeerDrop when _state != ConnectionState.Closed:
                _wasClean = false;
                _wasNotCleanReason = "server did not drop TCP connection (in time)";
                _wasPeerConnectionDropTimeout = true;
                Drop();
                break;
            case TimerKind.FailAfter:
                FailConnection(CloseCodes.GoingAway, GoingAwayReason);
                break;
            case TimerKind.CloseAfter when _state == ConnectionState.Open:
                StartClosingHandshake(ReadOnlyMemory<byte>.Empty);
                break;
        }
    }

    /// <summary>The protocol timers act on time, as Autobahn's: only the case's own timers give a late peer grace.</summary>
    private bool PeerOwes(Timer timer) => timer.Kind is TimerKind.FailAfter or TimerKind.CloseAfter && PeerOwesSomething;

    /// <summary>
    /// The peer answers at a steady pace, but so far behind that it would need more than <paramref name="timeLeft"/>
    /// to finish: the outcome (slow, with how far it got) is known now, so waiting longer would only cost time.
    /// </summary>
    private bool CannotCatchUp(TimeSpan timeLeft, string within)
    {
        var (matched, expected) = _monitor.Progress(_events);
        if (matched < MinimumEventsForPace || expected <= matched)
        {
            return false;
        }

        var perEvent = _now / matched;
        var needed = perEvent * (expected - matched);
        if (needed <= timeLeft)
        {
            return false;
        }

        Note($"the {Peer} answered {matched} of {expected} expected events in {_now.TotalMilliseconds:0} ms; at that pace the rest would take about {needed.TotalSeconds:0} s, more than the {timeLeft.TotalSeconds:0} s left {within}, so the harness stops waiting");
        return true;
    }
}
