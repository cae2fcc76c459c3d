using WsConformance.Cases.Model;

namespace WsConformance.Engine.Running;

/// <summary>The outcome of a run: every finished case against every target, in catalog order.</summary>
/// <param name="Complete">False when the run was cancelled: <paramref name="Results"/> holds only the cases that finished.</param>
public sealed record RunResult(IReadOnlyList<Target> Targets, IReadOnlyList<CaseResult> Results, DateTimeOffset Started, DateTimeOffset Ended, bool Complete);

/// <summary>
/// Runs many cases concurrently, each on its own connection with its own deadline. The slowest cases start
/// first so the run's wall time approaches its longest case rather than the sum of its waits.
/// </summary>
public static class ConformanceRun
{
    /// <summary>Bulk cases (section 9) in flight at once: each holds megabytes of payload.</summary>
    public const int BulkConcurrency = 2;

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

        async ValueTask RunOneAsync(WorkItem item, CancellationToken token)
        {
            var result = await CaseRunner.RunAsync(item.Case, item.Target, options, token);
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
            // Timing-sensitive cases first, one at a time, against an otherwise idle server — the conditions
            // Autobahn (which runs everything sequentially) measured them in.
            await RunAllAsync(work.Where(w => IsTimingSensitive(w.Case)), 1, RunOneAsync, cancellationToken);
            var rest = work.Where(w => !IsTimingSensitive(w.Case)).OrderByDescending(w => ExpectedCost(w.Case)).ToList();
            await Task.WhenAll(
                RunAllAsync(rest.Where(w => w.Case.BulkTraffic), Math.Min(BulkConcurrency, options.Concurrency), RunOneAsync, cancellationToken),
                RunAllAsync(rest.Where(w => !w.Case.BulkTraffic), options.Concurrency, RunOneAsync, cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: keep what finished.
        }

        var results = finished.OrderBy(f => f.Item.Index).ThenBy(f => f.Item.TargetIndex).Select(f => f.Result).ToList();
        return new RunResult(targets, results, started, DateTimeOffset.UtcNow, Complete: !cancellationToken.IsCancellationRequested);
    }

    private static Task RunAllAsync(IEnumerable<WorkItem> items, int concurrency, Func<WorkItem, CancellationToken, ValueTask> run, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = cancellationToken }, run);

    /// <summary>Cases whose verdict can depend on how their pieces are spaced in time: chopped or frame-wise writes.</summary>
    private static bool IsTimingSensitive(CaseDefinition definition) =>
        !definition.BulkTraffic && definition.Steps.Any(step => step switch
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
                EchoRoundsStep rounds => rounds.Count * 100e-6,
                _ => 0,
            };
        }

        return seconds;
    }

    private sealed record WorkItem(Target Target, int TargetIndex, CaseDefinition Case, int Index);
}
