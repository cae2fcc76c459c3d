using WsConformance.Cases.Model;
using WsConformance.Reporting.Model;

namespace WsConformance.Reporting;

/// <summary>
/// A judgement as h2spec prints a failed case: the reason, the requirement after "->", then Expected and Actual
/// aligned on their colons, then the close verdict when it is not OK. Plain text lines: each medium (terminal,
/// Markdown, JUnit) escapes them its own way.
/// </summary>
public static class JudgementBlock
{
    /// <summary>"    Expected:" — the widest label, right-aligned, so the values line up under each other.</summary>
    private const int LabelWidth = 13;

    /// <summary>Close verdicts that need no line of their own.</summary>
    private static readonly string[] QuietCloseVerdicts = ["OK", "INFORMATIONAL", "UNIMPLEMENTED"];

    /// <param name="withClose">False where the medium gives the close verdict a place of its own.</param>
    public static IReadOnlyList<string> Lines(JudgementRecord judgement, bool withClose = true)
    {
        List<string> lines = [judgement.Reason];
        if (judgement.Evidence is { } evidence)
        {
            var requirement = evidence.Requirement;
            lines.Add($"  -> {requirement.Rfc} §{requirement.Section}, {requirement.Level}: {requirement.Text}");
            lines.AddRange(Labelled("Expected", evidence.Expected.Count == 0 ? [Evidence.NoEvents] : evidence.Expected.Select(e => $"{e.Behavior}: {e.Outcome}")));
            lines.AddRange(Labelled("Actual", [evidence.Actual.Count == 0 ? Evidence.NoEvents : string.Join(", ", evidence.Actual)]));
        }

        if (withClose && !QuietCloseVerdicts.Contains(judgement.Close.Verdict))
        {
            lines.AddRange(Labelled("Close", [$"{judgement.Close.Verdict}: {judgement.Close.Reason}"]));
        }

        return lines;
    }

    /// <summary>The judgement of a case, or for a report written before judgements had a structure, its reasons.</summary>
    public static JudgementRecord Of(CaseRecord result) =>
        result.Judgement ?? new JudgementRecord(result.Behavior, result.Reason, null, new CloseJudgementRecord(result.BehaviorClose, result.ReasonClose));

    private static IEnumerable<string> Labelled(string label, IEnumerable<string> values) =>
        values.Select((value, i) => (i == 0 ? $"{label}:".PadLeft(LabelWidth) : new string(' ', LabelWidth)) + " " + value);
}
