using System.Text;
using WsConformance.Reporting.Model;

namespace WsConformance.Reporting;

/// <summary>
/// <c>summary.md</c>: totals per target, then the FAILED and ERROR cases with why (as h2spec's Expected / Actual block), then the section matrix —
/// most important first, so a cut (GitHub's 1 MiB step-summary limit) loses the least useful part.
/// </summary>
public static class MarkdownSummaryWriter
{
    public const string FileName = "summary.md";

    /// <summary>GitHub rejects a step summary above 1 MiB; we keep ours below it, with room for other steps' lines.</summary>
    public const int GitHubStepSummaryLimit = 1024 * 1024;

    /// <summary>FAILED/ERROR rows listed before the rest is summarised as a count.</summary>
    public const int MaxListedProblems = 500;

    public static void Write(string path, ReportDocument report)
    {
        var markdown = Build(report);
        AtomicFile.Write(path, stream => stream.Write(Encoding.UTF8.GetBytes(markdown)));
    }

    public static string Build(ReportDocument report)
    {
        var md = new StringBuilder();
        var verdicts = VerdictOrder.Names;
        var notRunTotal = report.NotRun.Count > 0 ? $", {report.NotRun.Count} NOT RUN" : "";
        md.AppendLine($"## WebSocket conformance: {report.Summary.Cases} results, {report.Summary.Behavior.GetValueOrDefault("FAILED")} FAILED, {report.Summary.Behavior.GetValueOrDefault("ERROR")} ERROR{notRunTotal}").AppendLine();
        if (report.Error is { } error)
        {
            md.AppendLine($"> **The run stopped short**: {MarkdownText.Escape(error)}").AppendLine();
        }
        else if (!report.Complete)
        {
            md.AppendLine(report.NotRun.Count > 0
                ? $"> **Incomplete run**: {report.NotRun.Count} selected case(s) never ran and are listed as NOT RUN below; no verdict covers them."
                : "> **Incomplete run**: interrupted; only the cases that finished are counted.").AppendLine();
        }

        md.AppendLine($"| Target | Cases | {string.Join(" | ", verdicts)} | NOT RUN | slow |");
        md.AppendLine($"|---|---:|{string.Concat(verdicts.Select(_ => "---:|"))}---:|---:|");
        foreach (var target in report.Targets)
        {
            var counts = verdicts.Select(v => target.Summary.Behavior.GetValueOrDefault(v).ToString(System.Globalization.CultureInfo.InvariantCulture));
            var notRun = report.NotRun.Count(n => n.Agent == target.Agent);
            var over = target.Transport is { } transport ? $", {MarkdownText.Escape(transport)}" : "";
            md.AppendLine($"| {MarkdownText.Escape(target.Agent)} ({MarkdownText.Escape(target.Url)}{over}) | {target.Summary.Cases} | {string.Join(" | ", counts)} | {notRun} | {target.Summary.Slow} |");
        }

        AppendProblems(md, report);
        AppendNotRun(md, report);
        AppendFlaky(md, report);
        AppendSections(md, report);
        md.AppendLine().AppendLine($"Details: `report.html` (open in a browser), `report.json`, `report.junit.xml`. {MarkdownText.Escape(report.Tool.Name)} {MarkdownText.Escape(report.Tool.Version)}.");
        return md.ToString();
    }

    private static void AppendProblems(StringBuilder md, ReportDocument report)
    {
        var problems = report.Cases.Where(c => c.Behavior is "FAILED" or "ERROR").ToList();
        if (problems.Count == 0)
        {
            return;
        }

        md.AppendLine().AppendLine($"### FAILED and ERROR ({problems.Count})");
        foreach (var c in problems.Take(MaxListedProblems))
        {
            md.AppendLine().AppendLine($"**{MarkdownText.Escape(c.Id)}** against {MarkdownText.Escape(c.Agent)}: {c.Behavior}, close {c.BehaviorClose}").AppendLine();
            md.Append(MarkdownText.Fenced(JudgementBlock.Lines(JudgementBlock.Of(c))));
        }

        if (problems.Count > MaxListedProblems)
        {
            md.AppendLine().AppendLine($"…and {problems.Count - MaxListedProblems} more; see report.html.");
        }
    }

    /// <summary>Cases whose concurrent outcome the confirmation against an idle server overturned: the load's, not the server's.</summary>
    private static void AppendFlaky(StringBuilder md, ReportDocument report)
    {
        var flaky = report.Cases.Where(c => c.Confirmation is { Flaky: true }).ToList();
        if (flaky.Count == 0)
        {
            return;
        }

        md.AppendLine().AppendLine($"### Confirmed alone against an otherwise idle server, with another outcome than in the concurrent run ({flaky.Count})").AppendLine();
        md.AppendLine("| Case | Target | verdict (confirmed) | first run | Why, in the first run |").AppendLine("|---|---|---|---|---|");
        foreach (var c in flaky.Take(MaxListedProblems))
        {
            var first = c.Confirmation!;
            md.AppendLine($"| {MarkdownText.Escape(c.Id)} | {MarkdownText.Escape(c.Agent)} | {c.Behavior} / {c.BehaviorClose} | {first.FirstBehavior} / {first.FirstBehaviorClose} | {MarkdownText.Escape(first.FirstReason)} |");
        }
    }

    private static void AppendNotRun(StringBuilder md, ReportDocument report)
    {
        if (report.NotRun.Count == 0)
        {
            return;
        }

        md.AppendLine().AppendLine($"### NOT RUN ({report.NotRun.Count})").AppendLine();
        md.AppendLine("| Case | Target | Why |").AppendLine("|---|---|---|");
        foreach (var n in report.NotRun.Take(MaxListedProblems))
        {
            md.AppendLine($"| {MarkdownText.Escape(n.Id)} | {MarkdownText.Escape(n.Agent)} | {MarkdownText.Escape(n.Reason)} |");
        }

        if (report.NotRun.Count > MaxListedProblems)
        {
            md.AppendLine().AppendLine($"…and {report.NotRun.Count - MaxListedProblems} more; see report.json.");
        }
    }

    private static void AppendSections(StringBuilder md, ReportDocument report)
    {
        md.AppendLine().AppendLine("### Sections").AppendLine();
        md.AppendLine($"| Section | {string.Join(" | ", report.Targets.Select(t => MarkdownText.Escape(t.Agent)))} |");
        md.AppendLine($"|---|{string.Concat(report.Targets.Select(_ => "---|"))}");
        foreach (var section in report.Cases.Select(c => c.Section).Distinct(StringComparer.Ordinal))
        {
            var cells = report.Targets.Select(t =>
            {
                var counts = report.Cases.Where(c => c.Section == section && c.Agent == t.Agent).GroupBy(c => c.Behavior)
                    .OrderBy(g => VerdictOrder.Rank(g.Key)).Select(g => $"{g.Count()} {g.Key}");
                return string.Join(", ", counts);
            });
            md.AppendLine($"| {MarkdownText.Escape(section)} | {string.Join(" | ", cells)} |");
        }
    }

    /// <summary>
    /// Appends <paramref name="markdown"/> to GitHub's step summary file, cut at a line boundary with a note so
    /// the file stays under <see cref="GitHubStepSummaryLimit"/> bytes.
    /// </summary>
    public static void AppendToStepSummary(string path, string markdown)
    {
        const string Note = "\n> Summary cut to fit GitHub's 1 MiB step-summary limit; see report.html for everything.\n";
        var existing = File.Exists(path) ? new FileInfo(path).Length : 0;
        var room = GitHubStepSummaryLimit - existing - Encoding.UTF8.GetByteCount(Note) - 1;
        var text = markdown;
        if (Encoding.UTF8.GetByteCount(text) > room)
        {
            text = CutToBytes(text, (int)Math.Max(0, room)) + Note;
        }

        File.AppendAllText(path, text + "\n", new UTF8Encoding(false));
    }

    private static string CutToBytes(string text, int bytes)
    {
        var chars = Math.Min(text.Length, bytes);
        while (chars > 0 && Encoding.UTF8.GetByteCount(text.AsSpan(0, chars)) > bytes)
        {
            chars = chars * 9 / 10;
        }

        var lastLine = text.LastIndexOf('\n', Math.Max(0, chars - 1));
        return lastLine > 0 ? text[..(lastLine + 1)] : "";
    }
}
