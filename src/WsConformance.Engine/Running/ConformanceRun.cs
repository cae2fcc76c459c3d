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
    public static async Task<RunResult> RunAsync(
        IReadOnlyList<CaseDefinition> cases,
        IReadOnlyList<Target> targets,
        RunOptions options,
        Action<CaseResult>? onCaseFinished,
        CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var order = cases.Select((c, i) => (Case: c, Index: i)).ToList();
        var work = targets.SelectMany((target, t) => order.Select(c => (Target: target, TargetIndex: t, c.Case, c.Index)))
            .OrderByDescending(w => ExpectedCost(w.Case))
            .ToList();
        var finished = new List<(int TargetIndex, int Index, CaseResult Result)>();
        var gate = new Lock();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Concurrency), CancellationToken = cancellationToken };
        try
        {
            await Parallel.ForEachAsync(work, parallel, async (item, token) =>
            {
                var result = await CaseRunner.RunAsync(item.Case, item.Target, options, token);
                if (token.IsCancellationRequested)
                {
                    return;
                }

                lock (gate)
                {
                    finished.Add((item.TargetIndex, item.Index, result));
                }

                onCaseFinished?.Invoke(result);
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: keep what finished.
        }

        var results = finished.OrderBy(f => f.Index).ThenBy(f => f.TargetIndex).Select(f => f.Result).ToList();
        return new RunResult(targets, results, started, DateTimeOffset.UtcNow, Complete: !cancellationToken.IsCancellationRequested);
    }

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
                SendFrameStep frame => frame.Payload.Length / 50e6 + (frame.Transmission.ChopSize is { } chop ? frame.Payload.Length / (double)chop * 20e-6 : 0),
                EchoRoundsStep rounds => rounds.Count * 100e-6,
                _ => 0,
            };
        }

        return seconds;
    }
}
