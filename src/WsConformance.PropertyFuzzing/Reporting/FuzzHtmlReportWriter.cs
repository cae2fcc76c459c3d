using WsConformance.Engine.Running;
using WsConformance.PropertyFuzzing.Running;
using WsConformance.Reporting;
using WsConformance.Reporting.Model;

namespace WsConformance.PropertyFuzzing.Reporting;

/// <summary>
/// <c>fuzz-report.html</c>: the run's figures and every finding with its seed and run, its minimal conversation
/// (each frame's bytes as sent), what the model expected against what the server did, the judge's reasons, the case
/// file that replays it, and the minimal case's full result in the run report's own detail view. Built like
/// <c>report.html</c> (<see cref="HtmlPage"/>): one self-contained page under a CSP that forbids every load, the
/// data embedded as escaped JSON — <c>fuzz-report.json</c> itself, and the minimal results as <c>report.json</c>
/// would hold them — and a script that writes text nodes only.
/// </summary>
public static class FuzzHtmlReportWriter
{
    public const string FileName = "fuzz-report.html";

    private const string AssetPrefix = "WsConformance.PropertyFuzzing.Html";

    public static void Write(string path, FuzzResult result, Target target, FuzzOptions options) =>
        AtomicFile.Write(path, stream => Write(stream, result, target, options));

    public static void Write(Stream stream, FuzzResult result, Target target, FuzzOptions options)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var fuzz = new MemoryStream();
        FuzzReportWriter.Write(fuzz, result, target, options, indented: false);
        HtmlPage.Write(
            stream,
            "wsconf fuzz report",
            $"This report needs JavaScript to display; the same data is in {FuzzReportWriter.FileName}.",
            [new HtmlPageData("fuzz-data", fuzz.ToArray()), new HtmlPageData("report-data", HtmlPage.ReportData(MinimalResults(result, target)))],
            HtmlPage.Asset(HtmlPage.Stylesheet) + Asset("fuzz.css"),
            string.Join("\n", HtmlPage.Asset(HtmlPage.DomScript), HtmlPage.Asset(HtmlPage.DetailScript), Asset("fuzz.js")));
    }

    /// <summary>The findings' minimal results as a run report: one case per finding, in the findings' order.</summary>
    private static ReportDocument MinimalResults(FuzzResult result, Target target)
    {
        var results = result.Findings.Select(f => f.MinimalResult).ToList();
        var started = results.Count == 0 ? DateTimeOffset.UnixEpoch : results.Min(r => r.Started);
        var ended = results.Count == 0 ? started : results.Max(r => r.Started + r.Duration);
        var version = typeof(FuzzHtmlReportWriter).Assembly.GetName().Version?.ToString() ?? "0";
        return ReportBuilder.Build(new RunResult([target], results, started, ended, result.Complete), version);
    }

    private static string Asset(string name) => HtmlPage.Resource(typeof(FuzzHtmlReportWriter).Assembly, AssetPrefix, name);
}
