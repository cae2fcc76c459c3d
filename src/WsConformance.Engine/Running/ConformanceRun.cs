using WsConformance.Cases.Model;

namespace WsConformance.Engine.Running;

/// <summary>
/// Runs cases against targets so that a verdict does not depend on how busy the machine or the server is, as fast as
/// that allows. Each target is paced on its own (<see cref="TargetRun"/>): concurrent cases within what the server
/// can serve, timing-sensitive ones alone, and every outcome a timer decided confirmed alone before it is reported.
/// The cases of a run share one <see cref="CompressedSliceCache"/>.
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
        var started = options.TimeProvider.GetUtcNow();
        var sliceCache = new CompressedSliceCache(targets.SelectMany(_ => cases));
        var runs = targets.Select(target => new TargetRun(target, cases, options, sliceCache, onCaseFinished)).ToList();
        try
        {
            await Task.WhenAll(runs.Select(run => run.RunAsync(cancellationToken)));
        }
        finally
        {
            runs.ForEach(run => run.Dispose());
        }

        var results = runs.SelectMany((run, t) => run.Results.Select(r => (Index: r.Key, Target: t, Result: r.Value)))
            .OrderBy(r => r.Index).ThenBy(r => r.Target).Select(r => r.Result).ToList();
        var errors = runs.Select(run => run.GoneReason).OfType<string>().ToList();
        var error = errors.Count == 0 ? null : string.Join(" ", errors);
        var complete = !cancellationToken.IsCancellationRequested && error is null;
        return new RunResult(targets, results, started, options.TimeProvider.GetUtcNow(), complete, error)
        {
            Selected = cases,
            NotRunReason = error ?? RunResult.InterruptedReason,
        };
    }
}
