using WsConformance.Reporting.Model;

namespace WsConformance.Reporting;

/// <summary>
/// <c>report.html</c>: one self-contained page (inline CSS and JS, no remote loads, a CSP that forbids them)
/// with a sections × targets matrix, every case's verdict per target, filters, and each result's detail.
/// The results sit in a <c>&lt;script type="application/json"&gt;</c> element, JSON-encoded with every
/// &lt; &gt; &amp; ' " as a \u escape, so no server-chosen string can end the element; the script builds the DOM
/// with text nodes only. The page frame and its building blocks are <see cref="HtmlPage"/>'s.
/// </summary>
public static class HtmlReportWriter
{
    public const string FileName = "report.html";

    /// <summary>Forbids every load; only the page's own inline style and script run.</summary>
    public const string ContentSecurityPolicy = HtmlPage.ContentSecurityPolicy;

    public static void Write(string path, ReportDocument report) => AtomicFile.Write(path, stream => Write(stream, report));

    public static void Write(Stream stream, ReportDocument report) => HtmlPage.Write(
        stream,
        "wsconf report",
        "This report needs JavaScript to display; the same data is in report.json.",
        [new HtmlPageData("report-data", HtmlPage.ReportData(report))],
        HtmlPage.Asset(HtmlPage.Stylesheet),
        HtmlPage.Asset(HtmlPage.DomScript) + "\n" + HtmlPage.Asset("report.js") + "\n" + HtmlPage.Asset(HtmlPage.DetailScript));
}
