using WsConformance.Cases.Model;

namespace WsConformance.Engine.Running;

/// <summary>The outcome of a run: every finished case against every target, in catalog order.</summary>
/// <param name="Complete">False when the run was cancelled or a target went away: <paramref name="Results"/> holds only the cases that finished.</param>
/// <param name="Error">What stopped the run short of its cases (an unreachable target, one that went away), for every report; null when nothing did.</param>
public sealed record RunResult(IReadOnlyList<Target> Targets, IReadOnlyList<CaseResult> Results, DateTimeOffset Started, DateTimeOffset Ended, bool Complete,
    string? Error = null)
{
    /// <summary>What <see cref="NotRunReason"/> says when the user stopped the run.</summary>
    public const string InterruptedReason = "the run was interrupted (Ctrl-C) before this case finished";

    /// <summary>
    /// The cases the run was asked to run against every target. A selected case without a result for a target is
    /// NOT RUN (<see cref="NotRun"/>), and the run is not complete: a report must never look finished when it is not.
    /// Empty for results that were not produced from a selection (e.g. fuzzing findings).
    /// </summary>
    public IReadOnlyList<CaseDefinition> Selected { get; init; } = [];

    /// <summary>Why the cases in <see cref="NotRun"/> have no result, in words a user can act on.</summary>
    public string NotRunReason { get; init; } = InterruptedReason;

    /// <summary>Every selected case × target without a result, targets in order, cases in selection order.</summary>
    public IReadOnlyList<(CaseDefinition Case, Target Target)> NotRun()
    {
        var ran = Results.Select(r => (r.Case.Id, r.Target)).ToHashSet();
        return [.. Targets.SelectMany(target => Selected.Where(c => !ran.Contains((c.Id, target))).Select(c => (c, target)))];
    }

    /// <summary>True when the run was not stopped early and every selected case has a result for every target.</summary>
    public bool IsComplete => Complete && NotRun().Count == 0;
}
