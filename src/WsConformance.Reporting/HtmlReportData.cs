using System.Text.Json;
using WsConformance.Reporting.Model;

namespace WsConformance.Reporting;

/// <summary>
/// What the HTML page embeds: the report with each case's wire log, event list and long texts cut so the page
/// stays under <see cref="MaxEmbeddedBytes"/> whatever the run, and the full counts so the page can say what it
/// left out (report.json keeps everything).
/// </summary>
/// <param name="WireRowsShown">At most this many wire-log rows per case are embedded.</param>
/// <param name="EventsShown">At most this many events per case are embedded.</param>
/// <param name="WireRows">Per case (same order as the report's cases): wire-log rows in report.json.</param>
/// <param name="Events">Per case: events in report.json.</param>
internal sealed record HtmlReportData(ReportDocument Report, int WireRowsShown, int EventsShown, IReadOnlyList<int> WireRows, IReadOnlyList<int> Events)
{
    /// <summary>The embedded JSON's budget; the page adds about 20 KB of CSS and script.</summary>
    public const int MaxEmbeddedBytes = 8 * 1024 * 1024;

    private const int MaxWireRows = 60;
    private const int MaxEvents = 100;
    private const int MaxTextLength = 4096;
    private const int MinimumLimit = 4;

    /// <summary>
    /// The JSON to embed: starts from generous per-case limits and halves them until the whole fits
    /// <see cref="MaxEmbeddedBytes"/> (or the limits reach their floor).
    /// </summary>
    public static byte[] Serialize(ReportDocument report)
    {
        var (wireRows, events, text) = (MaxWireRows, MaxEvents, MaxTextLength);
        while (true)
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(Cut(report, wireRows, events, text), ReportJsonContext.Compact.HtmlReportData);
            if (json.Length <= MaxEmbeddedBytes || wireRows <= MinimumLimit)
            {
                return json;
            }

            (wireRows, events, text) = (wireRows / 2, Math.Max(MinimumLimit, events / 2), Math.Max(256, text / 2));
        }
    }

    private static HtmlReportData Cut(ReportDocument report, int wireRows, int events, int text)
    {
        var cases = report.Cases.Select(c => c with
        {
            Reason = Cut(c.Reason, text),
            ReasonClose = Cut(c.ReasonClose, text),
            Judgement = c.Judgement is { } judgement ? judgement with { Reason = Cut(judgement.Reason, text) } : null,
            WireLog = c.WireLog.Count <= wireRows ? c.WireLog : c.WireLog.Take(wireRows).ToList(),
            Events = c.Events.Count <= events ? c.Events : c.Events.Take(events).ToList(),
        }).ToList();
        return new HtmlReportData(report with { Cases = cases }, wireRows, events, report.Cases.Select(c => c.WireLog.Count).ToList(), report.Cases.Select(c => c.Events.Count).ToList());
    }

    private static string Cut(string text, int length) =>
        text.Length <= length ? text : string.Concat(text.AsSpan(0, length), $"… ({text.Length - length} more characters in report.json)");
}
