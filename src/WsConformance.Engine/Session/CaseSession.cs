using WsConformance.Engine.Observation;
using WsConformance.Engine.Timing;
using WsConformance.Engine.Transport;
using WsConformance.Engine.Transport.Http2;
using WsConformance.Protocol;
using WsConformance.Protocol.Compression;

namespace WsConformance.Engine.Session;

/// <summary>
/// The async shell around a <see cref="SessionCore"/>: it reads the connection and feeds the core what arrives,
/// carries out what the core asks (write a control frame, drop TCP), wakes the core when its timers are due on the
/// case's <see cref="TimeProvider"/>, and writes the steps' bytes. Steps drive it from outside; the core sits behind
/// one lock, so its inputs are handled one at a time, in the order they happen.
/// </summary>
public sealed partial class CaseSession : IAsyncDisposable
{
    private readonly WebSocketConnection _connection;
    private readonly SessionOptions _options;
    private readonly CaseClock _clock;
    private readonly SessionCore _core;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="compression">The permessage-deflate agreement of the opening handshake, or null when none was negotiated.</param>
    public CaseSession(WebSocketConnection connection, SessionOptions options, IExpectationMonitor monitor, WireLog wireLog, TrafficStatistics statistics, CaseClock clock,
        DeflateAgreement? compression = null)
    {
        _connection = connection;
        _options = options;
        _clock = clock;
        WireLog = wireLog;
        Statistics = statistics;
        Compression = compression;
        _core = new SessionCore(options, monitor, wireLog, statistics, compression);
    }

    /// <summary>What permessage-deflate the peer agreed to; the harness compresses its messages with it (RFC 7692 §7.2.1).</summary>
    public DeflateAgreement? Compression { get; }

    /// <summary>The harness's role on this connection (see <see cref="SessionOptions.Role"/>).</summary>
    public Role Role => _options.Role;

    /// <summary>The harness masks what it sends exactly when it is the client (RFC 6455 §5.1).</summary>
    public bool MasksByDefault => _core.MasksByDefault;

    public WireLog WireLog { get; }

    public TrafficStatistics Statistics { get; }

    public ConnectionState State => Read(core => core.State);

    /// <summary>Completes when TCP is gone (either side dropped it).</summary>
    public Task Closed => _closed.Task;

    /// <summary>See <see cref="SessionCore.WasLate"/>.</summary>
    public bool WasLate => Read(core => core.WasLate);

    public TimeSpan Now => _clock.Elapsed;

    /// <summary>The clock of the session's timers and of the steps' pauses.</summary>
    public TimeProvider TimeProvider => _clock.Time;

    /// <summary>
    /// What the clock did to this case: whether a timer's expiry (a case or protocol timer, a tagged pause, the
    /// deadline) shaped the outcome, and when the harness stopped waiting for a peer that still owed something.
    /// </summary>
    public TimingRecord Timing => Read(core => core.Timing);

    public IReadOnlyList<ObservedEvent> Events => Read(core => core.Events);

    public CloseRecord CloseRecord => Read(core => core.CloseRecord);

    public int MessageCount => Read(core => core.MessageCount);

    /// <summary>Starts reading; bytes the peer sent together with the opening handshake are processed first.</summary>
    public void Start()
    {
        _ = Task.Run(ReceiveLoopAsync);
        StartStallWatch();
    }

    /// <summary>See <see cref="SessionCore.BeginBurst"/>.</summary>
    public void BeginBurst() => Act(core => core.BeginBurst());

    /// <summary>See <see cref="SessionCore.EndBurst"/>.</summary>
    public void EndBurst() => Act(core => core.EndBurst(Now));

    /// <summary>Records a tagged pause that ran out with the connection open (Autobahn's <c>("timeout", tag)</c>).</summary>
    public void RecordTimeout(string tag) => Act(core => core.RecordTimeout(tag, Now));

    /// <summary>Start the closing handshake with this close body (the harness becomes the closing endpoint).</summary>
    public void StartClosingHandshake(ReadOnlyMemory<byte> body) => Act(core => core.StartClosingHandshake(body, Now));

    /// <summary>Autobahn's <c>killAfter</c>: when still not closed after <paramref name="after"/>, fail the connection.</summary>
    public void FailAfter(TimeSpan after) => Act(core => core.FailAfter(after, Now));

    /// <summary>Autobahn's <c>closeAfter</c>: when still open after <paramref name="after"/>, close normally (empty Close).</summary>
    public void CloseAfter(TimeSpan after) => Act(core => core.CloseAfter(after, Now));

    /// <summary>Hard stop: drops TCP at once (used when the run is cancelled or the case is over).</summary>
    public void Abort(string reason) => Act(core => core.Abort(reason, Now));

    /// <summary>
    /// The <c>reset_stream</c> step: the harness resets the connection at once, RST_STREAM CANCEL over HTTP/2 and TCP over
    /// HTTP/1.1. On a stream a client under test opened it then watches what the client still sends on it
    /// (<see cref="Http2WebSocketStream.WatchAfterResetAsync"/>).
    /// </summary>
    public async Task ResetStreamAsync(TimeSpan watch, TimeSpan acknowledgementBound, CancellationToken cancellationToken)
    {
        Act(core => core.ResetAsAsked(Now));
        if (_connection.End is Http2WebSocketStream { IsServed: true } stream)
        {
            await stream.WatchAfterResetAsync(watch, acknowledgementBound, TimeProvider, cancellationToken);
        }
    }

    /// <summary>The case ran past its deadline: drop TCP, and remember that time, not the peer, ended it.</summary>
    public void AbortAtDeadline() => Act(core => core.AbortAtDeadline(Now));

    public async ValueTask DisposeAsync()
    {
        Abort("case finished");
        await _lifetime.CancelAsync();
        _lifetime.Dispose();
        await _connection.DisposeAsync();
        _writeLock.Dispose();
    }

    private void Note(string text) => WireLog.Add(new NoteEntry(Now, text));

    private T Read<T>(Func<SessionCore, T> read)
    {
        lock (_gate)
        {
            return read(_core);
        }
    }

    /// <summary>Hands the core one input, then carries out what it asks, before the next input can come.</summary>
    private void Act(Action<SessionCore> input)
    {
        lock (_gate)
        {
            input(_core);
            CarryOutLocked();
        }
    }

    private void CarryOutLocked()
    {
        while (_core.TryTakeOutput(out var output))
        {
            switch (output)
            {
                case SendControlFrame { IsClose: true } close:
                    // Under wsconf serve the harness ends TCP once its Close is out: the core learns when.
                    _ = SendFrameAsync(close.Frame, Cases.Model.Transmission.Default)
                        .ContinueWith(_ => Act(core => core.CloseWritten(Now)), TaskScheduler.Default);
                    break;
                case SendControlFrame pong:
                    _ = SendFrameAsync(pong.Frame, Cases.Model.Transmission.Default);
                    break;
                case DropConnection drop:
                    DropTcp(drop.Graceful);
                    break;
            }
        }

        SignalEventsLocked();
        ScheduleWakeUpLocked();
    }

    /// <param name="graceful">End after what is written (the end of a closing handshake) instead of abruptly.</param>
    private void DropTcp(bool graceful)
    {
        if (graceful)
        {
            _connection.End.EndGracefully();
        }
        else
        {
            _connection.End.Abort();
        }

        _closed.TrySetResult();
    }
}
