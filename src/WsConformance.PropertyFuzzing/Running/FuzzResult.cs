using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.PropertyFuzzing.Conversations;

namespace WsConformance.PropertyFuzzing.Running;

/// <summary>
/// One bug: a distinct way the server deviates from the model, with its minimal counterexample and every run it explains
/// (runs whose failure shrinks to it or holds its failing core, <see cref="Findings.FailingCore"/>).
/// </summary>
/// <param name="Run">1-based number of the run whose conversation was shrunk to <paramref name="Minimal"/>.</param>
/// <param name="Deviation">What the server did wrong (<see cref="Findings.FailingCore.Title"/>).</param>
/// <param name="Categories">The kinds of generated conversation (<see cref="ConversationExecutor.Categorize"/>) it showed up in, with their run counts.</param>
/// <param name="Occurrences">Confirmed failing runs it explains.</param>
/// <param name="Original">The generated conversation of <paramref name="Run"/>.</param>
/// <param name="Minimal">The shrunk conversation that still fails.</param>
/// <param name="MinimalResult">The engine's result for the minimal conversation (its events, close and judgement).</param>
/// <param name="ShrinkSteps">Accepted shrink steps.</param>
/// <param name="ShrinkRuns">Engine runs spent shrinking.</param>
/// <param name="CaseFile">The YAML case file written for the minimal conversation, once written.</param>
public sealed record Finding(
    int Run,
    string Deviation,
    IReadOnlyDictionary<string, int> Categories,
    int Occurrences,
    Conversation Original,
    Conversation Minimal,
    CaseResult MinimalResult,
    int ShrinkSteps,
    int ShrinkRuns,
    string? CaseFile = null)
{
    public Judgement Judgement => MinimalResult.Judgement;
}

/// <summary>Counts of a whole run.</summary>
/// <param name="Runs">Conversations run (generated and judged by the model).</param>
/// <param name="Skipped">Generated conversations the model declined.</param>
/// <param name="Verdicts">How many runs ended in each verdict.</param>
/// <param name="Flaky">Failures that did not fail again on a re-run (not reported as findings).</param>
/// <param name="Findings">The distinct bugs, in the order of their runs.</param>
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
