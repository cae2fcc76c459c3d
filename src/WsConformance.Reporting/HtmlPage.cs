using System.Net;
using System.Text;
using WsConformance.Reporting.Model;

namespace WsConformance.Reporting;

/// <summary>One JSON document a page embeds, in a <c>&lt;script type="application/json" id="…"&gt;</c> element.</summary>
/// <param name="Id">The element's id, which the page's script reads it by: lower-case letters and '-'.</param>
/// <param name="Json">UTF-8 JSON written with an escaping encoder (<see cref="System.Text.Encodings.Web.JavaScriptEncoder.Default"/>): no '&lt;' byte.</param>
public sealed record HtmlPageData(string Id, byte[] Json);

/// <summary>
/// The frame every self-contained wsconf page is built in (<c>report.html</c>, <c>fuzz-report.html</c>): inline CSS
/// and script, no remote loads and a Content-Security-Policy that forbids them, the page's data as JSON in
/// <c>&lt;script type="application/json"&gt;</c> elements, and a script that builds the DOM with text nodes only
/// (<c>Html/dom.js</c>). The building blocks are shared: the stylesheet, <c>dom.js</c>, and <c>detail.js</c> (the
/// detail view of one case result, over <see cref="ReportData"/>).
/// </summary>
public static class HtmlPage
{
    /// <summary>Forbids every load; only the page's own inline style and script run.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'";

    /// <summary>The stylesheet of every page.</summary>
    public const string Stylesheet = "report.css";

    /// <summary>Defines <c>window.wsconfDom</c>: <c>el</c> (elements whose text is always a text node), <c>badge</c>, <c>text</c>.</summary>
    public const string DomScript = "dom.js";

    /// <summary>Defines <c>window.wsconfDetail(data, index, el, badge, text)</c>: one case result's detail, from <see cref="ReportData"/>.</summary>
    public const string DetailScript = "detail.js";

    private static readonly Dictionary<string, string> Cache = new(StringComparer.Ordinal);

    /// <summary>One of this assembly's page assets (<see cref="Stylesheet"/>, <see cref="DomScript"/>, <see cref="DetailScript"/>).</summary>
    public static string Asset(string name) => Resource(typeof(HtmlPage).Assembly, "WsConformance.Reporting.Html", name);

    /// <summary>An embedded text resource named <c>{prefix}.{name}</c> of <paramref name="assembly"/>, read once.</summary>
    public static string Resource(System.Reflection.Assembly assembly, string prefix, string name)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var key = $"{prefix}.{name}";
        lock (Cache)
        {
            if (Cache.TryGetValue(key, out var cached))
            {
                return cached;
            }

            using var stream = assembly.GetManifestResourceStream(key)
                ?? throw new InvalidOperationException($"Embedded resource {key} is missing from the build.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return Cache[key] = reader.ReadToEnd();
        }
    }

    /// <summary>
    /// A run report as the pages embed it, for <see cref="DetailScript"/>: each case's wire log, events and long texts
    /// cut to a size budget (the full counts kept), every &lt; &gt; &amp; ' " escaped.
    /// </summary>
    public static byte[] ReportData(ReportDocument report) => HtmlReportData.Serialize(report);

    /// <summary>Writes the page: <paramref name="title"/> and <paramref name="noScript"/> are HTML-encoded, the data embedded as is.</summary>
    public static void Write(Stream stream, string title, string noScript, IReadOnlyList<HtmlPageData> data, string css, string script)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(script);
        foreach (var block in data)
        {
            CheckEmbeddable(block);
        }

        // A script containing "</script" would end its own element early: the page's scripts are ours, so that is a bug.
        if (script.Contains("</script", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("The page script must not contain \"</script\".", nameof(script));
        }

        var utf8 = new UTF8Encoding(false);
        using (var head = new StreamWriter(stream, utf8, 64 * 1024, leaveOpen: true))
        {
            head.Write($"""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta http-equiv="Content-Security-Policy" content="{ContentSecurityPolicy}">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>{WebUtility.HtmlEncode(title)}</title>
                <style>
                {css}</style>
                </head>
                <body>
                <noscript>{WebUtility.HtmlEncode(noScript)}</noscript>
                <main id="app"></main>

                """);
        }

        foreach (var block in data)
        {
            stream.Write(utf8.GetBytes($"<script type=\"application/json\" id=\"{block.Id}\">\n"));
            stream.Write(block.Json);
            stream.Write(utf8.GetBytes("\n</script>\n"));
        }

        using var tail = new StreamWriter(stream, utf8, 64 * 1024, leaveOpen: true);
        tail.Write($"""
            <script>
            {script}</script>
            </body>
            </html>

            """);
    }

    /// <summary>
    /// The JSON sits inside a script element: one '&lt;' could begin "&lt;/script&gt;" and end it, so the JSON must come
    /// from an escaping encoder, which writes every '&lt;' of a string as \u003C. Anything else is a bug in the caller.
    /// </summary>
    private static void CheckEmbeddable(HtmlPageData block)
    {
        if (block.Id.Length == 0 || !block.Id.All(c => c is >= 'a' and <= 'z' or '-'))
        {
            throw new ArgumentException($"Data element id \"{block.Id}\" must be lower-case letters and '-'.", nameof(block));
        }

        if (block.Json.AsSpan().IndexOf((byte)'<') >= 0)
        {
            throw new ArgumentException($"The JSON of \"{block.Id}\" holds a '<': write it with JavaScriptEncoder.Default.", nameof(block));
        }
    }
}
