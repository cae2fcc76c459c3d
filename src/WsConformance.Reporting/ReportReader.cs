using System.Text.Json;
using WsConformance.Reporting.Model;

namespace WsConformance.Reporting;

/// <summary>Reads <c>report.json</c> back, so reports can be regenerated and compared without re-running.</summary>
public static class ReportReader
{
    /// <summary>The report, or an error message saying why the file is not a report this version can read.</summary>
    public static ReportReadResult Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Read(stream);
        }
        catch (IOException e)
        {
            return ReportReadResult.Failure($"{path}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            return ReportReadResult.Failure($"{path}: {e.Message}");
        }
    }

    public static ReportReadResult Read(Stream stream)
    {
        ReportDocument? report;
        try
        {
            report = JsonSerializer.Deserialize(stream, ReportJsonContext.Escaped.ReportDocument);
        }
        catch (JsonException e)
        {
            return ReportReadResult.Failure($"not a wsconf report: {e.Message}");
        }

        if (report is null || report.Cases is null || report.Targets is null)
        {
            return ReportReadResult.Failure("not a wsconf report: cases or targets missing");
        }

        // Reports written before a run had exclusions may lack the list.
        report = report.Excluded is null ? report with { Excluded = [] } : report;

        // Reports written before runs knew their selection lack the NOT RUN list.
        report = report.NotRun is null ? report with { NotRun = [] } : report;
        return report.SchemaVersion == ReportBuilder.SchemaVersion
            ? new ReportReadResult(report, null)
            : ReportReadResult.Failure($"report schema version {report.SchemaVersion} is not supported (this wsconf reads {ReportBuilder.SchemaVersion})");
    }
}

/// <summary>Either a report or why it could not be read.</summary>
public sealed record ReportReadResult(ReportDocument? Report, string? Error)
{
    internal static ReportReadResult Failure(string error) => new(null, error);
}
