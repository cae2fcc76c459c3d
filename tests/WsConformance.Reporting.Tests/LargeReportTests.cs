using System.Diagnostics;
using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.Reporting.Tests.Support;
using Xunit.Abstractions;

namespace WsConformance.Reporting.Tests;

/// <summary>
/// A full-catalog-sized run (520 results with wire logs) through every writer; sizes and times are logged, not
/// asserted. Every 50th case has a full wire log (2000 rows), the rest 120 rows.
/// </summary>
public sealed class LargeReportTests(ITestOutputHelper output)
{
    private const int CaseCount = 520;
    private const long HtmlLimit = 10 * 1024 * 1024;

    [Fact]
    public void Every_format_of_a_520_case_run_is_written_and_the_HTML_stays_under_10_MB()
    {
        var results = Enumerable.Range(0, CaseCount).Select(Result).ToList();
        var run = Synthetic.Run(results);
        using var directory = new TempDirectory();

        var clock = Stopwatch.StartNew();
        var report = ReportBuilder.Build(run, "1.2.3");
        ReportJsonWriter.Write(directory.File(ReportJsonWriter.FileName), report);
        AutobahnIndexWriter.Write(directory.File("autobahn"), run);
        HtmlReportWriter.Write(directory.File(HtmlReportWriter.FileName), report);
        JUnitWriter.Write(directory.File(JUnitWriter.FileName), report);
        MarkdownSummaryWriter.Write(directory.File(MarkdownSummaryWriter.FileName), report);
        clock.Stop();

        var html = new FileInfo(directory.File(HtmlReportWriter.FileName)).Length;
        var json = new FileInfo(directory.File(ReportJsonWriter.FileName)).Length;
        output.WriteLine($"{CaseCount} results: all formats written in {clock.ElapsedMilliseconds} ms; report.json {json / 1024} KiB, report.html {html / 1024} KiB, " +
            $"{Directory.GetFiles(directory.File("autobahn")).Length} Autobahn files");
        Assert.True(html < HtmlLimit, $"report.html is {html} bytes");
        Assert.True(html > 1024 * 1024, "the HTML should carry the capped wire logs, not nothing");
        Assert.Equal(CaseCount, ReportReader.Read(directory.File(ReportJsonWriter.FileName)).Report!.Cases.Count);
        Assert.Equal(CaseCount + 1, Directory.GetFiles(directory.File("autobahn")).Length);
    }

    /// <summary>An Autobahn-numbered case with a wire log of 64-byte rows and a long reason.</summary>
    private static CaseResult Result(int index)
    {
        var id = $"6.{(index / 30) + 1}.{(index % 30) + 1}";
        var verdict = (index % 7) switch { 0 => Verdict.Failed, 1 => Verdict.NonStrict, _ => Verdict.Ok };
        return Synthetic.Result(Synthetic.Case(id, "6", id), verdict, reason: string.Concat(Enumerable.Repeat("text message of 16 bytes \"κόσμε\", ", 300)), wireRows: index % 50 == 0 ? 2000 : 120);
    }
}
