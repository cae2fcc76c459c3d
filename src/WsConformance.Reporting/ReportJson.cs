using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using WsConformance.Reporting.Model;

namespace WsConformance.Reporting;

/// <summary>System.Text.Json metadata for the report model (source-generated: no reflection at run time).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ReportDocument))]
[JsonSerializable(typeof(HtmlReportData))]
internal sealed partial class ReportJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The default encoder escapes &lt;, &gt;, &amp;, quotes and every non-ASCII character as \u escapes, so the
    /// JSON of wire data can sit inside an HTML &lt;script&gt; element without ever closing it.
    /// </summary>
    public static ReportJsonContext Escaped { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Default,
    });

    /// <summary>The same, unindented (embedded in the HTML, where size matters).</summary>
    public static ReportJsonContext Compact { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.Default,
    });
}
