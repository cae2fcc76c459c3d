using WsConformance.Engine.Judging;
using WsConformance.Engine.Running;
using WsConformance.PropertyFuzzing.Conversations;

namespace WsConformance.PropertyFuzzing.Running;

/// <summary>One confirmed deviation from the model, with its minimal counterexample.</summary>
/// <param name="Run">1-based number of the run whose conversation first showed it.</param>
/// <param name="Category">What kind of deviation it is (the fault the client made and how the server answered); findings are grouped by it.</param>
/// <param name="Original">The generated conversation.</param>
/// <param name="Minimal">The shrunk conversation that still fails.</param>
/// <param name="MinimalResult">The engine's result for the minimal conversation (its events, close and judgement).</param>
/// <param name="ShrinkSteps">Accepted shrink steps.</param>
/// <param name="ShrinkRuns">Engine runs spent shrinking.</param>
/// <param name="Occurrences">Runs that failed with the same category.</param>
/// <param name="CaseFile">The YAML case file written for the minimal conversation, once written.</param>
public sealed record Finding(
    int Run,
    string Category,
    Conversation Original,
    Conversation Minimal,
    CaseResult MinimalResult,
    int ShrinkSteps,
    int ShrinkRuns,
    int Occurrences,
    string? CaseFile = null)
{
    public Judgement Judgement => MinimalResult.Judgement;
}

/// <summary>Counts of a whole run.</summary>
/// <param name="Runs">Conversations run (generated and judged by the model).</param>
/// <param name="Skipped">Generated conversations the model declined.</param>
/// <param name="Verdicts">How many runs ended in each verdict.</param>
/// <param name="Flaky">Failures that did not fail again on a re-run (not reported as findings).</param>
/// <param name="Elapsed">Wall time of the runs (the conversations per second are measured on it).</param>
/// <param name="ShrinkElapsed">Wall time spent shrinking the findings after the runs.</param>
/// <param name="Complete">False when the run was cancelled.</param>
public sealed record FuzzResult(
    int Seed,
    int Runs,
    int Skipped,
    IReadOnlyDictionary<string, int> Verdicts,
    int Flaky,
    IReadOnlyList<Finding> Findings,
    TimeSpan Elapsed,
    TimeSpan ShrinkElapsed,
    bool Complete);
