using WsConformance.Engine.Observation;
using WsConformance.Protocol;
using WsConformance.Protocol.Compression;

namespace WsConformance.Engine.Session;

/// <summary>
/// The harness's endpoint of one case's connection as a pure state machine: no sockets, tasks or clocks. Its inputs
/// are the bytes the peer sent (<see cref="Receive"/>), the steps' commands, the end of TCP, and time advancing
/// (<see cref="AdvanceTo"/>), each with the time it happens at; its outputs are <see cref="SessionOutput"/>s for the
/// shell to carry out, the observed events and the close record. It validates the peer's frames, records events and
/// runs the closing handshake with Autobahn's rules (who closed, clean or not, timers), for either role of the
/// harness: the peer is the server under <c>wsconf run</c> and the client under <c>wsconf serve</c>.
/// Not thread-safe: the shell serialises every call.
/// </summary>
internal sealed partial class SessionCore : IDisposable
{
    private readonly SessionOptions _options;
    private readonly IExpectationMonitor _monitor;
    private readonly IncomingFrames _incoming;
    private readonly List<ObservedEvent> _events = [];
    private readonly Queue<SessionOutput> _outputs = new();

    private bool _inBurst;
    private bool _evaluationDeferred;
    private int _messageCount;
    private long _retainedPayloadBytes;
    private Random? _maskKeys;

    /// <summary>The time of the input being handled, for what it records.</summary>
    private TimeSpan _now;

    /// <param name="compression">The permessage-deflate agreement of the opening handshake, or null when none was negotiated.</param>
    public SessionCore(SessionOptions options, IExpectationMonitor monitor, WireLog wireLog, TrafficStatistics statistics, DeflateAgreement? compression = null)
    {
        _options = options;
        _monitor = monitor;
        WireLog = wireLog;
        Statistics = statistics;
        _incoming = new IncomingFrames(this, options.MaxMessageBytes, wireLog.LogPayloads, options.Role, compression, options.DigestMessages);
    }

    public WireLog WireLog { get; }

    public TrafficStatistics Statistics { get; }

    /// <summary>The harness masks what it sends exactly when it is the client (RFC 6455 §5.1).</summary>
    public bool MasksByDefault => _options.Role == Role.Client;

    /// <summary>The endpoint under test, as reasons name it: the server when the harness is the client, and the other way round.</summary>
    public string Peer => _options.Role == Role.Server ? "client" : "server";

    public IReadOnlyList<ObservedEvent> Events => [.. _events];

    public int EventCount => _events.Count;

    public int MessageCount => _messageCount;

    /// <summary>The next thing the shell must carry out, in order; false when there is none.</summary>
    public bool TryTakeOutput(out SessionOutput output) => _outputs.TryDequeue(out output!);

    /// <summary>Seeds the masking keys so a run can be replayed byte for byte.</summary>
    public void SeedMaskKeys(int seed) => _maskKeys = new Random(seed);

    /// <summary>A fresh random masking key (RFC 6455 §5.3: unpredictable per frame).</summary>
    public uint NextMaskKey()
    {
        _maskKeys ??= new Random();
        return (uint)_maskKeys.NextInt64(0, 1L << 32);
    }

    /// <summary>
    /// The steps are writing one burst (Autobahn's <c>onOpen</c>, or the steps after a pause). Autobahn's reactor
    /// sends a whole burst before it processes anything received, so what arrives meanwhile is recorded at once but
    /// judged (close when done, fail when diverged) only when the burst is out: an echo that overtakes the rest of
    /// the burst on a busy machine must not make the harness fail the connection before its own Close is sent.
    /// </summary>
    public void BeginBurst() => _inBurst = true;

    /// <summary>The burst is written: act on what arrived meanwhile (see <see cref="BeginBurst"/>).</summary>
    public void EndBurst(TimeSpan now)
    {
        _now = now;
        _inBurst = false;
        if (_evaluationDeferred)
        {
            _evaluationDeferred = false;
            OnEventsChanged();
        }
    }

    /// <summary>Records a tagged pause that ran out with the connection open (Autobahn's <c>("timeout", tag)</c>).</summary>
    public void RecordTimeout(string tag, TimeSpan now)
    {
        _timerDecided = true;
        _events.Add(new TimeoutEvent(now, tag));
    }

    public void Dispose() => _incoming.Dispose();

    private void Note(string text) => WireLog.Add(new NoteEntry(_now, text));

    private void Emit(SessionOutput output) => _outputs.Enqueue(output);

    private void AddEvent(ObservedEvent observed)
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
            FailConnection(CloseCodes.PolicyViolation, $"the {Peer} floods the harness: too many events or bytes to record");
            return;
        }

        _retainedPayloadBytes += payloadBytes;
        _events.Add(observed);
        if (observed is MessageEvent)
        {
            _messageCount++;
        }

        OnEventsChanged();
    }

    /// <summary>
    /// Autobahn's <c>finishWhenDone</c>: once the observed events equal what the case expects, the harness closes
    /// (when it is the expected closer). As soon as no expected sequence can match any more, the verdict is
    /// settled: the harness then does at once what Autobahn's kill timer would do later, fail the connection with
    /// 1001, so both verdicts come out the same, only sooner.
    /// </summary>
    private void OnEventsChanged()
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
                StartClosingHandshake(CloseBody.Build(CloseCodes.NormalClosure, []));
                break;
            case ExpectationProgress.Diverged:
                FailConnection(CloseCodes.GoingAway, GoingAwayReason);
                break;
        }
    }

    private FrameSpec ControlFrame(byte opcode, ReadOnlyMemory<byte> payload) =>
        new(Fin: true, Rsv: 0, Opcode: opcode, Masked: MasksByDefault, MaskKey: MasksByDefault ? NextMaskKey() : 0, Payload: payload);
}
