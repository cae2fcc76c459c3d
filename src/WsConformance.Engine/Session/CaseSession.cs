using WsConformance.Engine.Observation;
using WsConformance.Engine.Timing;
using WsConformance.Engine.Transport;
using WsConformance.Protocol;
using WsConformance.Protocol.Compression;

namespace WsConformance.Engine.Session;

/// <summary>
/// The harness's endpoint of one case's connection: reads and validates the server's frames, records events,
/// and runs the closing handshake with Autobahn's rules (who closed, clean or not, timers), so that a case is
/// judged exactly as Autobahn|Testsuite judges it. Steps drive it from outside; all state sits behind one lock.
/// </summary>
public sealed partial class CaseSession : IAsyncDisposable
{
    private const int ReceiveBufferSize = 64 * 1024;

    /// <summary>At most this many waits of <see cref="CatchUpWait"/> for the receive loop to read what arrived (see <c>CatchUpWithReceivedAsync</c>).</summary>
    private const int CatchUpWaits = 20;

    /// <summary>Frame-wise groups up to this size are written in one write (see <c>WriteTogetherAsync</c>).</summary>
    private const int TogetherLimit = 16 * 1024;

    private static readonly TimeSpan CatchUpWait = TimeSpan.FromMilliseconds(5);

    private readonly WebSocketConnection _connection;
    private readonly SessionOptions _options;
    private readonly IExpectationMonitor _monitor;
    private readonly CaseClock _clock;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<ObservedEvent> _events = [];
    private readonly IncomingFrames _incoming;

    private ConnectionState _state = ConnectionState.Open;
    private bool _closedByMe;
    private bool _failedByMe;
    private bool _droppedByMe;
    private bool _wasClean;
    private string? _wasNotCleanReason;
    private bool _wasCloseHandshakeTimeout;
    private bool _wasServerConnectionDropTimeout;
    private int? _localCloseCode;
    private string? _localCloseReason;
    private int? _remoteCloseCode;
    private string? _remoteCloseReason;
    private bool _serverSentClose;
    private int _framesAfterServerClose;
    private IReadOnlyList<ViolationCode>? _peerViolations;
    private bool _graceStarted;
    private bool _graceExpired;
    private bool _timerDecided;
    private bool _inBurst;
    private bool _evaluationDeferred;
    private TimeSpan? _ranOutOfTimeAt;
    private int _messageCount;
    private long _retainedPayloadBytes;
    private Task? _closeSent;
    private TaskCompletionSource _eventArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="compression">The permessage-deflate agreement of the opening handshake, or null when none was negotiated.</param>
    public CaseSession(WebSocketConnection connection, SessionOptions options, IExpectationMonitor monitor, WireLog wireLog, TrafficStatistics statistics, CaseClock clock,
        DeflateAgreement? compression = null)
    {
        _connection = connection;
        _options = options;
        _monitor = monitor;
        _clock = clock;
        WireLog = wireLog;
        Statistics = statistics;
        Compression = compression;
        _incoming = new IncomingFrames(this, options.MaxMessageBytes, wireLog.LogPayloads, options.Role, compression, options.DigestMessages);
    }

    /// <summary>What permessage-deflate the server agreed to; the harness compresses its messages with it (RFC 7692 §7.2.1).</summary>
    public DeflateAgreement? Compression { get; }

    /// <summary>The harness's role on this connection (see <see cref="SessionOptions.Role"/>).</summary>
    public Role Role => _options.Role;

    /// <summary>The endpoint under test, as reasons name it: the server when the harness is the client, and the other way round.</summary>
    private string Peer => _options.Role == Role.Server ? "client" : "server";

    /// <summary>The harness masks what it sends exactly when it is the client (RFC 6455 §5.1).</summary>
    public bool MasksByDefault => _options.Role == Role.Client;

    public WireLog WireLog { get; }

    public TrafficStatistics Statistics { get; }

    public ConnectionState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Completes when TCP is gone (either side dropped it).</summary>
    public Task Closed => _closed.Task;

    /// <summary>
    /// True when a timer ran out while the server still owed an answer and the answer came during the grace that
    /// followed (see <see cref="SessionOptions.LateGraceFactor"/>): the server was slow, not wrong. A connection the
    /// harness had to drop during the grace (no reply to its Close) was never answered, late or not.
    /// </summary>
    public bool WasLate
    {
        get
        {
            lock (_gate)
            {
                return _graceStarted && !_graceExpired && !(_droppedByMe && !_wasClean);
            }
        }
    }

    public TimeSpan Now => _clock.Elapsed;

    /// <summary>The clock of the session's timers and of the steps' pauses.</summary>
    public TimeProvider TimeProvider => _clock.Time;

    /// <summary>
    /// What the clock did to this case: whether a timer's expiry (a case or protocol timer, a tagged pause, the
    /// deadline) shaped the outcome, and when the harness stopped waiting for a peer that still owed something.
    /// </summary>
    public TimingRecord Timing
    {
        get
        {
            lock (_gate)
            {
                return new TimingRecord(_timerDecided, _ranOutOfTimeAt);
            }
        }
    }

    public IReadOnlyList<ObservedEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public CloseRecord CloseRecord
    {
        get
        {
            lock (_gate)
            {
                return new CloseRecord(_closedByMe, _failedByMe, _droppedByMe, _wasClean, _wasNotCleanReason, _wasCloseHandshakeTimeout,
                    _wasServerConnectionDropTimeout, _localCloseCode, _localCloseReason, _remoteCloseCode, _remoteCloseReason, _framesAfterServerClose,
                    _peerViolations ?? []);
            }
        }
    }

    /// <summary>Starts reading; bytes the server sent together with its 101 are processed first.</summary>
    public void Start()
    {
        _ = Task.Run(ReceiveLoopAsync);
        StartStallWatch();
    }

    /// <summary>
    /// The steps are writing one burst (Autobahn's <c>onOpen</c>, or the steps after a pause). Autobahn's reactor
    /// sends a whole burst before it processes anything received, so what arrives meanwhile is recorded at once but
    /// judged (close when done, fail when diverged) only when the burst is out: an echo that overtakes the rest of
    /// the burst on a busy machine must not make the harness fail the connection before its own Close is sent.
    /// </summary>
    public void BeginBurst()
    {
        lock (_gate)
        {
            _inBurst = true;
        }
    }

    /// <summary>The burst is written: act on what arrived meanwhile (see <see cref="BeginBurst"/>).</summary>
    public void EndBurst()
    {
        lock (_gate)
        {
            _inBurst = false;
            if (_evaluationDeferred)
            {
                _evaluationDeferred = false;
                OnEventsChangedLocked();
            }
        }
    }

    /// <summary>Records a tagged pause that ran out with the connection open (Autobahn's <c>("timeout", tag)</c>).</summary>
    public void RecordTimeout(string tag)
    {
        lock (_gate)
        {
            _timerDecided = true;
            _events.Add(new TimeoutEvent(Now, tag));
        }
    }

    /// <summary>Hard stop: drops TCP at once (used when the run is cancelled or the case is over).</summary>
    public void Abort(string reason) => Abort(reason, atDeadline: false);

    /// <summary>The case ran past its deadline: drop TCP, and remember that time, not the peer, ended it.</summary>
    public void AbortAtDeadline() => Abort("case deadline reached: the harness dropped the connection", atDeadline: true);

    private void Abort(string reason, bool atDeadline)
    {
        lock (_gate)
        {
            if (_state != ConnectionState.Closed)
            {
                if (atDeadline)
                {
                    _timerDecided = true;
                    _ranOutOfTimeAt ??= Now;
                }

                _wasNotCleanReason ??= reason;
                Note(reason);
                DropLocked();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Abort("case finished");
        await _lifetime.CancelAsync();
        _lifetime.Dispose();
        await _connection.DisposeAsync();
        _writeLock.Dispose();
    }

    private void Note(string text) => WireLog.Add(new NoteEntry(Now, text));

    private void AddEvent(ObservedEvent observed)
    {
        lock (_gate)
        {
            var payloadBytes = observed switch
            {
                MessageEvent { Payload: { } payload } => payload.Length,
                PongEvent pong => pong.Payload.Length,
                PingEvent ping => ping.Payload.Length,
                _ => 0,
            };
            if (_events.Count >= _options.MaxEvents || _retainedPayloadBytes + payloadBytes > _options.MaxRetainedPayloadBytes)
            {
                FailConnectionLocked(CloseCodes.PolicyViolation, $"the {Peer} floods the harness: too many events or bytes to record");
                return;
            }

            _retainedPayloadBytes += payloadBytes;
            _events.Add(observed);
            if (observed is MessageEvent)
            {
                _messageCount++;
            }

            var arrived = _eventArrived;
            _eventArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            arrived.TrySetResult();
            OnEventsChangedLocked();
        }
    }

    public int MessageCount
    {
        get
        {
            lock (_gate)
            {
                return _messageCount;
            }
        }
    }

    /// <summary>Waits until <paramref name="count"/> messages have arrived or the connection is gone.</summary>
    public async Task WaitForMessageCountAsync(int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                if (_messageCount >= count || _state == ConnectionState.Closed)
                {
                    return;
                }

                arrived = _eventArrived.Task;
            }

            await Task.WhenAny(arrived, Closed).WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Autobahn's <c>finishWhenDone</c>: once the observed events equal what the case expects, the harness closes
    /// (when it is the expected closer). As soon as no expected sequence can match any more, the verdict is
    /// settled: the harness then does at once what Autobahn's kill timer would do later, fail the connection with
    /// 1001, so both verdicts come out the same, only sooner.
    /// </summary>
    private void OnEventsChangedLocked()
    {
        if (_inBurst)
        {
            _evaluationDeferred = true;
            return;
        }

        if (_state != ConnectionState.Open || !_monitor.HarnessClosesWhenDone)
        {
            return;
        }

        switch (_monitor.Evaluate(_events))
        {
            case ExpectationProgress.Complete:
                StartClosingHandshakeLocked(CloseBody.Build(CloseCodes.NormalClosure, []));
                break;
            case ExpectationProgress.Diverged:
                FailConnectionLocked(CloseCodes.GoingAway, GoingAwayReason);
                break;
        }
    }
}
