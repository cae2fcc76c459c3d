using System.Reflection;
using Microsoft.Extensions.Logging;
using WsConformance.Engine.Running;
using WsConformance.Reporting;

namespace WsConformance.Cli;

/// <summary>Writes every report format of a run into the output folder.</summary>
internal static class ReportFiles
{
    public static string ToolVersion =>
        typeof(ReportFiles).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static void WriteAll(string directory, RunResult run, ILogger logger)
    {
        var reportJson = Path.Combine(directory, ReportJsonWriter.FileName);
        ReportJsonWriter.Write(reportJson, run, ToolVersion);
        Log.ReportWritten(logger, reportJson);
        var autobahn = Path.Combine(directory, "autobahn");
        AutobahnIndexWriter.Write(autobahn, run);
        Log.ReportWritten(logger, Path.Combine(autobahn, AutobahnIndexWriter.FileName));
    }
}
