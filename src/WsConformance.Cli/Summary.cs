using WsConformance.Cases.Model;
using WsConformance.Engine.Judging;
using WsConformance.Engine.Running;

namespace WsConformance.Cli;

/// <summary>The end-of-run summary on stderr: counts per verdict and every case that did not pass, with why.</summary>
internal static class Summary
{
    public static void Print(RunResult run)
    {
        var error = Console.Error;
        foreach (var result in run.Results.Where(r => r.Behavior is Verdict.Failed or Verdict.Error))
        {
            error.WriteLine($"× {result.Case.Id} [{result.Target.Agent}] {VerdictNames.Of(result.Behavior)} / close {VerdictNames.Of(result.BehaviorClose)}");
            error.WriteLine($"    {result.Judgement.Result}");
            error.WriteLine($"    close: {result.Judgement.ResultClose}");
        }

        var counts = run.Results.Count == 0 ? ["no results"]
            : run.Results.GroupBy(r => r.Behavior).OrderBy(g => g.Key).Select(g => $"{g.Count()} {VerdictNames.Of(g.Key)}");
        var slow = run.Results.Count(r => r.Judgement.Slow);
        var wall = run.Ended - run.Started;
        var notRun = run.NotRun().Count;
        var incomplete = !run.Complete ? " — interrupted, reports hold the finished cases"
            : notRun > 0 ? $" — INCOMPLETE: {notRun} selected case(s) NOT RUN ({run.NotRunReason})" : "";
        error.WriteLine($"{run.Results.Count} cases in {wall.TotalSeconds:0.00} s: {string.Join(", ", counts)}{(slow > 0 ? $" ({slow} slow)" : "")}"
            + $"{(!run.Complete && notRun > 0 ? $", {notRun} NOT RUN" : "")}{incomplete}");
    }
}
