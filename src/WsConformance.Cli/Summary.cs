using System.Text;
using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.Reporting;

namespace WsConformance.Cli;

/// <summary>
/// The end-of-run summary on stderr: every case that is not OK in behaviour or close, grouped by verdict and then
/// by reason (so 216 UNIMPLEMENTED cases are one entry, not 216 lines), the counts, and where report.html is.
/// </summary>
internal static class Summary
{
    /// <summary>Ids listed per reason before "… and N more": the rest are in report.html.</summary>
    private const int IdsShown = 12;

    /// <summary>Most urgent first.</summary>
    private static readonly Verdict[] VerdictOrder = [Verdict.Failed, Verdict.Error, Verdict.Slow, Verdict.Ok, Verdict.NonStrict, Verdict.Unimplemented, Verdict.Informational];

    public static void Print(RunResult run, string? htmlReport = null)
    {
        var error = Console.Error;
        var severalTargets = run.Results.Select(r => r.Target).Distinct().Count() > 1;
        var notOk = run.Results.Where(r => r.Behavior != Verdict.Ok || r.BehaviorClose != CloseVerdict.Ok);
        foreach (var group in notOk.GroupBy(Heading).OrderBy(g => Array.IndexOf(VerdictOrder, g.First().Behavior)).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            error.WriteLine($"{group.Key} ({group.Count()})");
            foreach (var byReason in group.GroupBy(Reason, StringComparer.Ordinal))
            {
                error.WriteLine($"  {Ids(byReason.ToList(), severalTargets)}");
                foreach (var line in byReason.Key.Split('\n'))
                {
                    error.WriteLine($"    {line}");
                }
            }
        }

        error.WriteLine(Counts(run));
        if (htmlReport is not null && run.Results.Count > 0)
        {
            error.WriteLine($"Report: {htmlReport}");
        }
    }

    /// <summary>"571 cases in 12.34 s: 567 OK, 4 NON-STRICT (2 slow)".</summary>
    private static string Counts(RunResult run)
    {
        var counts = run.Results.Count == 0 ? ["no results"]
            : run.Results.GroupBy(r => r.Behavior).OrderBy(g => g.Key).Select(g => $"{g.Count()} {VerdictNames.Of(g.Key)}");
        var closeProblems = run.Results.Count(r => r.Behavior == Verdict.Ok && r.BehaviorClose != CloseVerdict.Ok);
        var slow = run.Results.Count(r => r.Judgement.Slow);
        var notes = new List<string>();
        if (closeProblems > 0)
        {
            notes.Add($"{closeProblems} OK only in behaviour, not in close");
        }

        if (slow > 0)
        {
            notes.Add($"{slow} slow");
        }

        var wall = run.Ended - run.Started;
        var notRun = run.NotRun().Count;
        var incomplete = run.Error is not null ? " — stopped short, reports hold the finished cases"
            : !run.Complete ? " — interrupted, reports hold the finished cases"
            : notRun > 0 ? $" — INCOMPLETE: {notRun} selected case(s) NOT RUN ({run.NotRunReason})" : "";
        return $"{run.Results.Count} cases in {wall.TotalSeconds:0.00} s: {string.Join(", ", counts)}"
            + (notes.Count > 0 ? $" ({string.Join(", ", notes)})" : "")
            + $"{(!run.Complete && notRun > 0 ? $", {notRun} NOT RUN" : "")}{incomplete}";
    }

    private static string Heading(CaseResult result) => result.Behavior == Verdict.Ok
        ? $"{ProgressDisplay.Mark(result)} close {VerdictNames.Of(result.BehaviorClose)}"
        : $"{ProgressDisplay.Mark(result)} {VerdictNames.Of(result.Behavior)}";

    /// <summary>
    /// Why, as the judge put it, with the close's reason too when the close is not OK either; for FAILED and
    /// NON-STRICT the Expected / Actual block under the requirement, as h2spec prints a failed case.
    /// </summary>
    private static string Reason(CaseResult result)
    {
        if (result.Behavior == Verdict.Ok)
        {
            return Printable($"close: {result.Judgement.ResultClose}");
        }

        var judgement = ReportBuilder.Judgement(result.Judgement);
        var shown = result.Behavior is Verdict.Failed or Verdict.NonStrict ? judgement : judgement with { Evidence = null };
        return Printable(string.Join('\n', JudgementBlock.Lines(shown)));
    }

    private static string Ids(IReadOnlyList<CaseResult> results, bool severalTargets)
    {
        var ids = results.Select(r => severalTargets ? $"{r.Case.Id} [{Printable(r.Target.Agent)}]" : r.Case.Id).ToList();
        return ids.Count <= IdsShown ? string.Join(", ", ids) : $"{string.Join(", ", ids.Take(IdsShown))} … and {ids.Count - IdsShown} more";
    }

    /// <summary>Control characters (which may come from the peer) escaped; line breaks kept for indentation.</summary>
    private static string Printable(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.ReplaceLineEndings("\n").EnumerateRunes())
        {
            if (rune.Value != '\n' && (Rune.IsControl(rune) || rune.Value is 0x2028 or 0x2029))
            {
                builder.Append($"\\u{rune.Value:x4}");
            }
            else
            {
                builder.Append(rune.ToString());
            }
        }

        return builder.ToString();
    }
}
