using System.CommandLine;
using Microsoft.Extensions.Logging;
using WsConformance.Reporting;
using WsConformance.Reporting.Model;

namespace WsConformance.Cli.Commands;

/// <summary><c>wsconf report diff|html</c>: work on saved report.json files without re-running.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var command = new Command("report", "Compare saved reports or regenerate the HTML report from report.json.");
        command.Subcommands.Add(Diff());
        command.Subcommands.Add(Html());
        return command;
    }

    private static Command Diff()
    {
        var older = new Argument<string>("OLD") { Description = "report.json of the earlier run." };
        var newer = new Argument<string>("NEW") { Description = "report.json of the later run." };
        var command = new Command("diff", "List regressions and fixes between two report.json files (exit 1 when anything regressed).") { older, newer };
        command.SetAction(parse =>
        {
            if (Read(parse.GetValue(older)!) is not { } before || Read(parse.GetValue(newer)!) is not { } after)
            {
                return ExitCodes.UsageError;
            }

            var diff = ReportDiff.Compare(before, after);
            Print("Regressions", diff.Regressions.Select(c => c.ToString()).ToList());
            Print("Fixes", diff.Fixes.Select(c => c.ToString()).ToList());
            Print("Changed (same rank)", diff.Changed.Select(c => c.ToString()).ToList());
            Print("New cases", diff.Added);
            Print("Cases no longer run", diff.Removed);
            Console.Out.WriteLine($"{diff.Regressions.Count} regressions, {diff.Fixes.Count} fixes");
            return diff.Regressions.Count > 0 ? ExitCodes.Failed : ExitCodes.Success;
        });
        return command;
    }

    private static Command Html()
    {
        var input = new Argument<string>("REPORT") { Description = "report.json to render." };
        var output = new Option<string>("--out", "-o") { Description = "HTML file to write (default: report.html next to REPORT)." };
        var command = new Command("html", "Regenerate the self-contained HTML report from report.json.") { input, output };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(input)!;
            if (Read(path) is not { } report)
            {
                return ExitCodes.UsageError;
            }

            var target = parse.GetValue(output) ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, HtmlReportWriter.FileName);
            HtmlReportWriter.Write(target, report);
            using var loggerFactory = Logging.CreateFactory(LogLevel.Information);
            Log.ReportWritten(loggerFactory.CreateLogger("wsconf"), target);
            return ExitCodes.Success;
        });
        return command;
    }

    private static ReportDocument? Read(string path)
    {
        var read = ReportReader.Read(path);
        if (read.Error is not null)
        {
            Console.Error.WriteLine($"wsconf: {read.Error}");
        }

        return read.Report;
    }

    private static void Print(string title, IReadOnlyList<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        Console.Out.WriteLine($"{title} ({lines.Count}):");
        foreach (var line in lines)
        {
            Console.Out.WriteLine($"  {line}");
        }
    }
}
