using System.Collections.Concurrent;
using WsConformance.Cases.Model;

namespace WsConformance.Engine.Running;

/// <summary>
/// Runs a run's cases against one target in three passes, so the same server gets the same verdicts whether the
/// cases run one at a time or fifty at once, on an idle machine or a busy one:
/// <list type="number">
/// <item>Concurrently, within what the server can serve (<see cref="AdaptiveConcurrency"/>), the slowest first and
/// bulk and payload-heavy ones at most two at a time, in a stream of their own; outcomes that a timer decided are held back.</item>
/// <item>Timing-sensitive cases (chopped or frame-wise writes), one at a time against an otherwise idle server:
/// the conditions Autobahn, which runs everything sequentially, measured them in.</item>
/// <item>The confirmation of every held-back case against an otherwise idle server, with a grace that fits the target's
/// observed pace (<see cref="PeerPace"/>): one at a time, except quiet ones (a few bytes, then waiting), which run together
/// once the rest are done; one whose confirmation a timer decided again, differently, runs once more, alone, and that outcome
/// is the verdict. The result keeps the first outcome (<see cref="CaseResult.Flaky"/> where they differ).</item>
/// </list>
/// With a concurrency of 1 every case runs alone in the first pass already, so nothing needs confirming.
/// A target whose connections are refused where they used to succeed, or that answers no handshake even when it has
/// nothing else to do, has gone away: its run stops promptly.
/// </summary>
internal sealed class TargetRun : IDisposable
{
    /// <summary>Cases moving a megabyte or more in flight at once: each holds several copies of its payload.</summary>
    public const int HeavyConcurrency = 2;

    private const long HeavyPayloadBytes = 1024 * 1024;

    /// <summary>
    /// Confirmations in a row, each against an otherwise idle server, whose opening handshake got no answer at all:
    /// the server has stopped answering. (Under load, silence means busy; only alone does it mean gone.)
    /// </summary>
    private const int SilentConfirmationsUntilGone = 3;

    /// <summary>
    /// Quiet confirmations run this many at once: each holds a connection open with a few bytes sent, so together they
    /// leave a server as idle as one does (6.4.x wait 2 s each, 1 s of it for a close that may not come).
    /// </summary>
    private const int QuietConfirmationConcurrency = 8;

    /// <summary>A case sending at most this much, with no echo rounds, is quiet (see <see cref="IsQuiet"/>).</summary>
    private const int QuietCaseBytes = 4 * 1024;

    /// <summary>A handshake slower than this (a quarter of the 1 s protocol timers, scaled) means the server is falling behind.</summary>
    private static readonly TimeSpan CongestedHandshake = TimeSpan.FromMilliseconds(250);

    private readonly Target _target;
    private readonly IReadOnlyList<CaseDefinition> _cases;
    private readonly RunOptions _options;
    private readonly CompressedSliceCache _sliceCache;
    private readonly Action<CaseResult>? _onCaseFinished;
    private readonly AdaptiveConcurrency _pacing;
    private readonly CancellationTokenSource _gone = new();
    private readonly ConcurrentDictionary<int, CaseResult> _results = new();
    private readonly ConcurrentDictionary<int, CaseResult> _toConfirm = new();
    private readonly PeerPace _pace = new();
    private int _silentInARow;
    private volatile bool _confirming;

    public TargetRun(Target target, IReadOnlyList<CaseDefinition> cases, RunOptions options, CompressedSliceCache sliceCache, Action<CaseResult>? onCaseFinished)
    {
        _target = target;
        _cases = cases;
        _options = options;
        _sliceCache = sliceCache;
        _onCaseFinished = onCaseFinished;
        _pacing = new AdaptiveConcurrency(options.Concurrency, CongestedHandshake * options.TimeoutScale, options.TimeProvider);
    }

    /// <summary>Finished cases by their index in the run's case list.</summary>
    public IReadOnlyDictionary<int, CaseResult> Results => _results;

    /// <summary>Why the target's run stopped short, or null.</summary>
    public string? GoneReason { get; private set; }

    public void Dispose() => _gone.Dispose();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _gone.Token);
        var indexed = _cases.Select((definition, index) => (Definition: definition, Index: index)).ToList();
        var sensitive = indexed.Where(c => IsTimingSensitive(c.Definition)).ToList();
        var rest = indexed.Except(sensitive).OrderByDescending(c => ExpectedCost(c.Definition)).ToList();
        try
        {
            await RunConcurrentlyAsync(rest, stop.Token);
            await RunAloneAsync(sensitive, stop.Token);
            await ConfirmAsync(stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl-C or the target went away: keep what finished, confirmed or not.
            foreach (var (index, unconfirmed) in _toConfirm)
            {
                _results.TryAdd(index, unconfirmed);
            }
        }
    }

    /// <summary>Bulk and payload-heavy cases in a stream of their own, so they never hold up the light ones.</summary>
    private Task RunConcurrentlyAsync(IReadOnlyList<(CaseDefinition Definition, int Index)> cases, CancellationToken cancellationToken)
    {
        var heavy = cases.Where(c => IsBulkOrHeavy(c.Definition)).ToList();
        return Task.WhenAll(
            RunPacedAsync(heavy, HeavyConcurrency, cancellationToken),
            RunPacedAsync(cases.Except(heavy).ToList(), _options.Concurrency, cancellationToken));
    }

    /// <summary>Up to <paramref name="concurrency"/> at once, and never more in flight against the server than its pacing allows.</summary>
    private Task RunPacedAsync(IReadOnlyList<(CaseDefinition Definition, int Index)> cases, int concurrency, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(cases, Parallelism(concurrency, cancellationToken), async (item, token) =>
        {
            using var slot = await _pacing.EnterAsync(token);
            var result = await RunCaseAsync(item.Definition, token);
            if (_options.Concurrency > 1 && NeedsConfirmation(result))
            {
                _toConfirm[item.Index] = result;
                return;
            }

            Finish(item.Index, result);
        });

    private static ParallelOptions Parallelism(int concurrency, CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = cancellationToken };

    /// <summary>
    /// Alone, but maybe not yet against an idle server: a server may still be working through connections of the
    /// concurrent pass that the harness has long closed. So what a timer decided here is confirmed too.
    /// </summary>
    private async Task RunAloneAsync(IReadOnlyList<(CaseDefinition Definition, int Index)> cases, CancellationToken cancellationToken)
    {
        foreach (var (definition, index) in cases)
        {
            var result = await RunCaseAsync(definition, cancellationToken);
            if (_options.Concurrency > 1 && NeedsConfirmation(result))
            {
                _toConfirm[index] = result;
                continue;
            }

            Finish(index, result);
        }
    }

    /// <summary>
    /// Each held-back case again, with a grace that fits the target's pace (<see cref="PeerPace"/>): one at a time
    /// (a server still busy with connections of the concurrent pass could agree with itself if several ran at once),
    /// then the quiet ones together, against a server the one-at-a-time ones have left idle. One whose confirmation
    /// disagrees with its first run and was itself decided by a timer runs once more, alone, and that third outcome
    /// is the verdict; one that no timer decided is the verdict at once.
    /// </summary>
    private async Task ConfirmAsync(CancellationToken cancellationToken)
    {
        _confirming = true;
        var patient = _options with { MinimumGrace = _pace.Patience(_options.TimeoutScale) };
        var held = _toConfirm.OrderBy(c => c.Key).Select(c => (Index: c.Key, First: c.Value)).ToList();
        var quiet = held.Where(c => IsQuiet(c.First.Case)).ToList();
        foreach (var (index, first) in held.Except(quiet))
        {
            await ConfirmOneAsync(index, first, patient, cancellationToken);
        }

        var retries = new ConcurrentBag<(int Index, CaseResult First)>();
        await Parallel.ForEachAsync(quiet, Parallelism(QuietConfirmationConcurrency, cancellationToken), async (quietCase, token) =>
        {
            using var slot = await _pacing.EnterAsync(token);
            var again = await RunCaseAsync(quietCase.First.Case, patient, token);
            if (again.TimerDecided && !SameOutcome(again, quietCase.First))
            {
                retries.Add(quietCase);
                return;
            }

            FinishConfirmed(quietCase.Index, quietCase.First, again);
        });
        foreach (var (index, first) in retries.OrderBy(r => r.Index))
        {
            FinishConfirmed(index, first, await RunCaseAsync(first.Case, patient, cancellationToken));
        }
    }

    private async Task ConfirmOneAsync(int index, CaseResult first, RunOptions patient, CancellationToken cancellationToken)
    {
        var again = await RunCaseAsync(first.Case, patient, cancellationToken);
        if (again.TimerDecided && !SameOutcome(again, first))
        {
            again = await RunCaseAsync(first.Case, patient, cancellationToken);
        }

        FinishConfirmed(index, first, again);
    }

    /// <summary>The confirmation is the verdict; the result keeps the first, concurrent outcome beside it.</summary>
    private void FinishConfirmed(int index, CaseResult first, CaseResult confirmation) =>
        Finish(index, confirmation with { ConcurrentJudgement = first.Judgement });

    private static bool SameOutcome(CaseResult a, CaseResult b) => a.Behavior == b.Behavior && a.BehaviorClose == b.BehaviorClose;

    private Task<CaseResult> RunCaseAsync(CaseDefinition definition, CancellationToken cancellationToken) =>
        RunCaseAsync(definition, _options, cancellationToken);

    private async Task<CaseResult> RunCaseAsync(CaseDefinition definition, RunOptions options, CancellationToken cancellationToken)
    {
        var result = await CaseRunner.RunAsync(definition, _target, options, _sliceCache, OnConnected, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        _pace.Learn(result);
        return result;
    }

    private void Finish(int index, CaseResult result)
    {
        _results[index] = result;
        _onCaseFinished?.Invoke(result);
    }

    /// <summary>
    /// An outcome a timer decided that is not a pass: under load it may be the load's, not the server's. (A pass
    /// cannot be: a busier server is only ever later, and a late answer that still came is graded as on time.)
    /// </summary>
    private static bool NeedsConfirmation(CaseResult result) =>
        result.TimerDecided && !(result.Behavior == Verdict.Ok && result.BehaviorClose == CloseVerdict.Ok);

    private void OnConnected(PatientConnector.Outcome outcome)
    {
        _pacing.OnHandshake(outcome.Latency, outcome.Attempts);
        if (!outcome.NoAnswer)
        {
            Interlocked.Exchange(ref _silentInARow, 0);
            return;
        }

        var refused = outcome.Result.Outcome == Transport.ConnectOutcome.ConnectFailed;
        if (refused || (_confirming && Interlocked.Increment(ref _silentInARow) >= SilentConfirmationsUntilGone))
        {
            GoneReason ??= $"Target {_target.Uri} went away during the run: {outcome.Result.Detail} (after {outcome.Attempts} attempts); "
                + "the reports hold the cases that finished before.";
            _gone.Cancel();
        }
    }

    private static bool HasPause(CaseDefinition definition) => definition.Steps.Any(step => step is PauseStep);

    /// <summary>
    /// A few bytes and then waiting (for a close, or out a pause): the server's work is a handful of frames, so several
    /// at once load it no more than one does. Timing-sensitive cases are not quiet: they were measured alone.
    /// </summary>
    private static bool IsQuiet(CaseDefinition definition) =>
        !definition.BulkTraffic && !IsTimingSensitive(definition) && !definition.Steps.Any(step => step is EchoRoundsStep)
        && SentBytes(definition) <= QuietCaseBytes;

    private static long SentBytes(CaseDefinition definition) => definition.Steps.Sum(step => step switch
    {
        SendFrameStep frame => (long)frame.Payload.Length,
        SendMessageStep message => message.Payload.Length,
        SendRawStep raw => raw.Bytes.Length,
        _ => 0L,
    });

    /// <summary>
    /// Section 9's bulk cases (megabytes, or a thousand round trips) keep a single-threaded server busy for seconds
    /// (a dozen of them at once leave it a backlog that outlasts the concurrent pass); payload-heavy ones also hold
    /// several copies of their payload in memory. The compression sections' bulk cases are many and long: the
    /// adaptive limit alone paces them.
    /// </summary>
    private static bool IsBulkOrHeavy(CaseDefinition definition) => (definition.BulkTraffic && definition.Compression is null) || definition.Steps.Any(step => step switch
    {
        SendFrameStep frame => frame.Payload.Length >= HeavyPayloadBytes,
        SendMessageStep message => message.Payload.Length >= HeavyPayloadBytes,
        _ => false,
    });

    /// <summary>
    /// Cases whose verdict can depend on how their pieces are spaced in time: chopped or frame-wise writes
    /// (section 9's bulk cases excepted, and cases with pauses, whose timing the pauses dominate), and cases whose
    /// outcome the RFC leaves open (7.1.6, 7.13.x: a race inside the server decides what it sends).
    /// </summary>
    private static bool IsTimingSensitive(CaseDefinition definition) =>
        (definition.Expectation.ForcedVerdict is not null && !definition.BulkTraffic) ||
        !definition.BulkTraffic && !HasPause(definition) && definition.Steps.Any(step => step switch
        {
            SendFrameStep frame => frame.Transmission.ChopSize is not null || frame.Transmission.FrameWise,
            SendMessageStep message => message.Transmission.ChopSize is not null || message.Transmission.FrameWise,
            SendRawStep raw => raw.Transmission.ChopSize is not null || raw.Transmission.FrameWise,
            _ => false,
        });

    /// <summary>A rough cost, for ordering only: the waits a case contains and the bytes it moves.</summary>
    private static double ExpectedCost(CaseDefinition definition)
    {
        var seconds = 0.0;
        foreach (var step in definition.Steps)
        {
            seconds += step switch
            {
                PauseStep pause => pause.Duration.TotalSeconds,
                SendMessageStep message => message.Payload.Length / 50e6,
                SendFrameStep frame => frame.Payload.Length / 50e6,
                EchoRoundsStep rounds => rounds.Count * (100e-6 + ((rounds.Slices?.Size ?? rounds.Payload.Length) / 50e6)),
                _ => 0,
            };
        }

        return seconds;
    }
}
