using WsConformance.Reporting.Model;

namespace WsConformance.Reporting;

/// <summary>
/// What the HTML page embeds: the report with each case's wire log and event list cut to a budget (so 500+ cases
/// stay well under 10 MB), and the full counts so the page can say what it left out.
/// </summary>
/// <param name="WireRows">Per case (same order as the report's cases): wire-log rows in report.json.</param>
/// <param name="Events">Per case: events in report.json.</param>
internal sealed record HtmlReportData(ReportDocument Report, int WireRowsShown, int EventsShown, IReadOnlyList<int> WireRows, IReadOnlyList<int> Events)
{
    /// <summary>Rows of wire log the whole page may carry; spread evenly over the cases.</summary>
    public const int WireRowBudget = 20_000;

    public const int EventBudget = 20_000;

    /// <summary>Longer strings (a bulk case's reason lists every event) are cut in the page.</summary>
    public const int MaxTextLength = 4096;

    public static HtmlReportData From(ReportDocument report)
    {
        var count = Math.Max(1, report.Cases.Count);
        var wireRows = Math.Clamp(WireRowBudget / count, 10, 60);
        var events = Math.Clamp(EventBudget / count, 10, 100);
        var cases = report.Cases.Select(c => c with
        {
            Reason = Cut(c.Reason),
            ReasonClose = Cut(c.ReasonClose),
            WireLog = c.WireLog.Count <= wireRows ? c.WireLog : c.WireLog.Take(wireRows).ToList(),
            Events = c.Events.Count <= events ? c.Events : c.Events.Take(events).ToList(),
        }).ToList();
        return new HtmlReportData(report with { Cases = cases }, wireRows, events, report.Cases.Select(c => c.WireLog.Count).ToList(), report.Cases.Select(c => c.Events.Count).ToList());
    }

    private static string Cut(string text) =>
        text.Length <= MaxTextLength ? text : string.Concat(text.AsSpan(0, MaxTextLength), $"… ({text.Length - MaxTextLength} more characters in report.json)");
}
