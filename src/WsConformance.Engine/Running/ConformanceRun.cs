using WsConformance.Cases.Model;

namespace WsConformance.Engine.Running;


/// <summary>
/// Runs many cases concurrently, each on its own connection with its own deadline. The slowest cases start
/// first so the run's wall time approaches its longest case rather than the sum of its waits. The cases of a run
/// share one <see cref="CompressedSliceCache"/>.
/// </summary>
public static class ConformanceRun
{
    /// <summary>Cases moving a megabyte or more in flight at once: each holds several copies of its payload.</summary>
    public const int HeavyConcurrency = 2;

    private const long HeavyPayloadBytes = 1024 * 1024;

    public static async Task<RunResult> RunAsync(
        IReadOnlyList<CaseDefinition> cases,
        IReadOnlyList<Target> targets,
        RunOptions options,
        Action<CaseResult>? onCaseFinished,
        CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var work = targets.SelectMany((target, t) => cases.Select((c, i) => new WorkItem(target, t, c, i))).ToList();
        var finished = new List<(WorkItem Item, CaseResult Result)>();
        var gate = new Lock();
        var sliceCache = new CompressedSliceCache(work.Select(w => w.Case));

        async ValueTask RunOneAsync(WorkItem item, CancellationToken token)
        {
            var result = await CaseRunner.RunAsync(item.Case, item.Target, options, sliceCache, token);
            if (token.IsCancellationRequested)
            {
                return;
            }

            lock (gate)
            {
                finished.Add((item, result));
            }

            onCaseFinished?.Invoke(result);
        }

        try
        {
            // Timing-sensitive cases run one at a time against an otherwise quiet server — the conditions
            // Autobahn, which runs everything sequentially, measured them in. Meanwhile only the cases that
            // mostly wait (long pauses) run; the rest follow, payload-heavy ones two at a time.
            var sensitive = work.Where(w => IsTimingSensitive(w.Case)).ToList();
            var rest = work.Except(sensitive).OrderByDescending(w => ExpectedCost(w.Case)).ToList();
            var waiting = rest.Where(w => HasPause(w.Case)).ToList();
            var heavy = rest.Where(w => IsPayloadHeavy(w.Case)).ToList();
            var light = rest.Except(waiting).Except(heavy).ToList();
            var waitingDone = RunAllAsync(waiting, options.Concurrency, RunOneAsync, cancellationToken);
            await RunAllAsync(sensitive, 1, RunOneAsync, cancellationToken);
            await Task.WhenAll(
                waitingDone,
                RunAllAsync(heavy, Math.Min(HeavyConcurrency, options.Concurrency), RunOneAsync, cancellationToken),
                RunAllAsync(light, options.Concurrency, RunOneAsync, cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: keep what finished.
        }

        var results = finished.OrderBy(f => f.Item.Index).ThenBy(f => f.Item.TargetIndex).Select(f => f.Result).ToList();
        return new RunResult(targets, results, started, DateTimeOffset.UtcNow, Complete: !cancellationToken.IsCancellationRequested)
        {
            Selected = cases,
            NotRunReason = RunResult.InterruptedReason,
        };
    }

    private static Task RunAllAsync(IEnumerable<WorkItem> items, int concurrency, Func<WorkItem, CancellationToken, ValueTask> run, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = cancellationToken }, run);

    private static bool HasPause(CaseDefinition definition) => definition.Steps.Any(step => step is PauseStep);

    private static bool IsPayloadHeavy(CaseDefinition definition) => definition.Steps.Any(step => step switch
    {
        SendFrameStep frame => frame.Payload.Length >= HeavyPayloadBytes,
        SendMessageStep message => message.Payload.Length >= HeavyPayloadBytes,
        _ => false,
    });

    /// <summary>
    /// Cases whose verdict can depend on how their pieces are spaced in time: chopped or frame-wise writes
    /// (section 9's bulk cases excepted, and cases with pauses, whose timing the pauses dominate).
    /// </summary>
    private static bool IsTimingSensitive(CaseDefinition definition) =>
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

    private sealed record WorkItem(Target Target, int TargetIndex, CaseDefinition Case, int Index);
}
