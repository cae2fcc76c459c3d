using System.Reflection;
using Microsoft.Extensions.Logging;
using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.Reporting;
using WsConformance.Reporting.Model;

namespace WsConformance.Cli;

/// <summary>Writes every report format of a run into the output folder, each file atomically.</summary>
internal static class ReportFiles
{
    public const string AutobahnFolder = "autobahn";

    /// <summary>Set by GitHub Actions: a file whose Markdown appears on the job's summary page.</summary>
    public const string GitHubStepSummaryVariable = "GITHUB_STEP_SUMMARY";

    public static string ToolVersion =>
        typeof(ReportFiles).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>report.json, autobahn/ (index and per-case files), report.html, report.junit.xml, summary.md.</summary>
    /// <returns>The report, for baseline checks.</returns>
    public static ReportDocument WriteAll(string directory, RunResult run, IReadOnlyList<CaseDefinition> excluded, ILogger logger)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var report = ReportBuilder.Build(run, ToolVersion, excluded);
        Written(logger, Path.Combine(directory, ReportJsonWriter.FileName), path => ReportJsonWriter.Write(path, report));
        var autobahn = Path.Combine(directory, AutobahnFolder);
        AutobahnIndexWriter.Write(autobahn, run);
        Log.ReportWritten(logger, Path.Combine(autobahn, AutobahnIndexWriter.FileName));
        WriteDerived(directory, report, logger);
        Log.ReportsWritten(logger, run.Results.Count, clock.ElapsedMilliseconds);
        return report;
    }

    /// <summary>The formats made from report.json alone (also what <c>wsconf report html</c> regenerates).</summary>
    public static void WriteDerived(string directory, ReportDocument report, ILogger logger)
    {
        Written(logger, Path.Combine(directory, HtmlReportWriter.FileName), path => HtmlReportWriter.Write(path, report));
        Written(logger, Path.Combine(directory, JUnitWriter.FileName), path => JUnitWriter.Write(path, report));
        var markdown = MarkdownSummaryWriter.Build(report);
        Written(logger, Path.Combine(directory, MarkdownSummaryWriter.FileName), path => AtomicFile.Write(path, s => s.Write(System.Text.Encoding.UTF8.GetBytes(markdown))));
        if (Environment.GetEnvironmentVariable(GitHubStepSummaryVariable) is { Length: > 0 } stepSummary)
        {
            Written(logger, stepSummary, path => MarkdownSummaryWriter.AppendToStepSummary(path, markdown));
        }
    }

    private static void Written(ILogger logger, string path, Action<string> write)
    {
        write(path);
        Log.ReportWritten(logger, path);
    }
}

/// <summary>Log messages of report writing (event ids 40+).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Reports of {Results} results written in {Milliseconds} ms")]
    public static partial void ReportsWritten(ILogger logger, int results, long milliseconds);
}
