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

    /// <summary>
    /// report.json, the Autobahn layout (index and per-case files), report.html, report.junit.xml, summary.md. When
    /// <paramref name="directory"/> cannot be written after all (a full disk, a folder removed mid-run), everything goes
    /// to a fresh folder under the system's temporary folder instead, and the log says where: results are never lost.
    /// </summary>
    /// <param name="autobahnAtRoot">Autobahn's index.json and per-case files directly in the folder, as wstest
    /// writes them to a spec's outdir; otherwise in its <c>autobahn/</c> subfolder.</param>
    public static WrittenReports WriteAll(string directory, RunResult run, IReadOnlyList<CaseDefinition> excluded, ILogger logger, bool autobahnAtRoot = false)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var report = ReportBuilder.Build(run, ToolVersion, excluded);
        try
        {
            WriteInto(directory, run, report, logger, autobahnAtRoot);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var fallback = Path.Combine(Path.GetTempPath(), $"wsconf-reports-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}");
            Log.ReportsRedirected(logger, directory, e.Message, fallback);
            directory = fallback;
            WriteInto(directory, run, report, logger, autobahnAtRoot);
        }

        Log.ReportsWritten(logger, run.Results.Count, clock.ElapsedMilliseconds);
        return new WrittenReports(report, directory);
    }

    private static void WriteInto(string directory, RunResult run, ReportDocument report, ILogger logger, bool autobahnAtRoot)
    {
        Written(logger, Path.Combine(directory, ReportJsonWriter.FileName), path => ReportJsonWriter.Write(path, report));
        var autobahn = autobahnAtRoot ? directory : Path.Combine(directory, AutobahnFolder);
        AutobahnIndexWriter.Write(autobahn, run);
        Log.ReportWritten(logger, Path.Combine(autobahn, AutobahnIndexWriter.FileName));
        WriteDerived(directory, report, logger);
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

/// <summary>Where the reports of a run went (the folder asked for, or the fallback), and the report itself.</summary>
internal sealed record WrittenReports(ReportDocument Report, string Directory)
{
    public string HtmlPath => Path.Combine(Directory, HtmlReportWriter.FileName);
}

/// <summary>Log messages of report writing (event ids 40+).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Reports of {Results} results written in {Milliseconds} ms")]
    public static partial void ReportsWritten(ILogger logger, int results, long milliseconds);

    [LoggerMessage(EventId = 41, Level = LogLevel.Error, Message = "Cannot write the reports to {Directory} ({Reason}); writing them to {Fallback} instead")]
    public static partial void ReportsRedirected(ILogger logger, string directory, string reason, string fallback);
}
