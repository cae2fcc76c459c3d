using WsConformance.Cases.Model;

namespace WsConformance.Engine.Running;

/// <summary>The outcome of a run: every finished case against every target, in catalog order.</summary>
/// <param name="Complete">False when the run was cancelled or a target went away: <paramref name="Results"/> holds only the cases that finished.</param>
/// <param name="Error">What stopped the run short of its cases (a target that went away), for every report; null when nothing did.</param>
public sealed record RunResult(IReadOnlyList<Target> Targets, IReadOnlyList<CaseResult> Results, DateTimeOffset Started, DateTimeOffset Ended, bool Complete,
    string? Error = null);

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
        var started = DateTimeOffset.UtcNow;
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
        var complete = !cancellationToken.IsCancellationRequested && errors.Count == 0;
        return new RunResult(targets, results, started, DateTimeOffset.UtcNow, complete, errors.Count == 0 ? null : string.Join(" ", errors));
    }
}
