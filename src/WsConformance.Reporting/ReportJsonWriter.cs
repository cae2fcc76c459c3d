using System.Text.Json;
using WsConformance.Reporting.Model;

namespace WsConformance.Reporting;

/// <summary>
/// <c>report.json</c>: our own, versioned record of a run with everything a person or a script needs to
/// understand each verdict. Strings from the wire are JSON-escaped (and &lt; &gt; &amp; as \u escapes), so the
/// file is safe to embed in HTML as is. <see cref="ReportReader"/> reads it back.
/// </summary>
public static class ReportJsonWriter
{
    public const string FileName = "report.json";

    public static void Write(string path, ReportDocument report) =>
        AtomicFile.Write(path, stream => Write(stream, report));

    public static void Write(Stream stream, ReportDocument report) =>
        JsonSerializer.Serialize(stream, report, ReportJsonContext.Escaped.ReportDocument);
}
