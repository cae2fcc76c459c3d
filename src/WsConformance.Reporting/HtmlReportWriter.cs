using System.Text;
using WsConformance.Reporting.Model;

namespace WsConformance.Reporting;

/// <summary>
/// <c>report.html</c>: one self-contained page (inline CSS and JS, no remote loads, a CSP that forbids them)
/// with a sections × targets matrix, every case's verdict per target, filters, and each result's detail.
/// The results sit in a <c>&lt;script type="application/json"&gt;</c> element, JSON-encoded with every
/// &lt; &gt; &amp; ' " as a \u escape, so no server-chosen string can end the element; the script builds the DOM
/// with text nodes only.
/// </summary>
public static class HtmlReportWriter
{
    public const string FileName = "report.html";

    /// <summary>Forbids every load; only the page's own inline style and script run.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'";

    private static readonly Lazy<(string Css, string Script)> Assets = new(() =>
        (Resource("report.css"), Resource("report.js") + "\n" + Resource("detail.js")));

    public static void Write(string path, ReportDocument report) => AtomicFile.Write(path, stream => Write(stream, report));

    public static void Write(Stream stream, ReportDocument report)
    {
        var (css, script) = Assets.Value;
        using (var head = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024, leaveOpen: true))
        {
            head.Write($"""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta http-equiv="Content-Security-Policy" content="{ContentSecurityPolicy}">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>wsconf report</title>
                <style>
                {css}</style>
                </head>
                <body>
                <noscript>This report needs JavaScript to display; the same data is in report.json.</noscript>
                <main id="app"></main>
                <script type="application/json" id="report-data">
                """);
        }

        stream.Write(HtmlReportData.Serialize(report));
        using var tail = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        tail.Write($"""
            </script>
            <script>
            {script}</script>
            </body>
            </html>

            """);
    }

    private static string Resource(string name)
    {
        using var stream = typeof(HtmlReportWriter).Assembly.GetManifestResourceStream($"WsConformance.Reporting.Html.{name}")
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing from the build.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
