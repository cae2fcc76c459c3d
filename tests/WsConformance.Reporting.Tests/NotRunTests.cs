using System.Text.Json;
using System.Xml.Linq;
using WsConformance.Cases.Model;
using WsConformance.Reporting.Model;
using WsConformance.Reporting.Tests.Support;

namespace WsConformance.Reporting.Tests;

/// <summary>
/// Selected cases without a result (a client that stopped after some cases, an interrupted run) are NOT RUN in
/// every format, and the report is complete only when nothing is missing.
/// </summary>
public sealed class NotRunTests
{
    private const string Reason = "the client never ran this case: the server stopped after 1 s without client activity";

    private static readonly CaseDefinition Ran = Synthetic.Case("1.1.1", "1", "1.1.1");
    private static readonly CaseDefinition Missing = Synthetic.Case("1.1.2", "1", "1.1.2");
    private static readonly CaseDefinition AlsoMissing = Synthetic.Case("2.1", "2", "2.1");

    [Fact]
    public void A_run_that_stopped_early_lists_the_missing_cases_as_not_run_and_is_not_complete()
    {
        var report = PartialReport();

        Assert.False(report.Complete);
        Assert.Equal(["1.1.2", "2.1"], report.NotRun.Select(n => n.Id));
        Assert.All(report.NotRun, n => Assert.Equal((Synthetic.Target.Agent, Reason), (n.Agent, n.Reason)));
        Assert.Equal(1, report.Summary.Cases);
    }

    [Fact]
    public void A_run_with_every_selected_case_finished_is_complete()
    {
        var run = Synthetic.Run([Synthetic.Result(Ran, Verdict.Ok)]) with { Selected = [Ran] };

        var report = ReportBuilder.Build(run, "1.2.3");

        Assert.True(report.Complete);
        Assert.Empty(report.NotRun);
    }

    [Fact]
    public void Report_json_with_not_run_cases_matches_the_schema_and_reads_back()
    {
        using var stream = new MemoryStream();
        ReportJsonWriter.Write(stream, PartialReport());
        using var json = JsonDocument.Parse(stream.ToArray());

        var errors = ReportSchema.Validate(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        var read = ReportReader.Read(new MemoryStream(stream.ToArray())).Report!;

        Assert.Empty(errors);
        Assert.Equal(2, json.RootElement.GetProperty("notRun").GetArrayLength());
        Assert.Equal(["1.1.2", "2.1"], read.NotRun.Select(n => n.Id));
        Assert.False(read.Complete);
    }

    [Fact]
    public void JUnit_counts_not_run_cases_as_errors_so_ci_is_not_green()
    {
        using var stream = new MemoryStream();
        JUnitWriter.Write(stream, PartialReport());
        var document = XDocument.Parse(System.Text.Encoding.UTF8.GetString(stream.ToArray()));

        var notRun = document.Descendants("error").Where(e => (string?)e.Attribute("type") == "NOT RUN").ToList();

        Assert.Equal(2, notRun.Count);
        Assert.Contains(Reason, (string?)notRun[0].Attribute("message"));
        Assert.Equal(3, (int)document.Root!.Attribute("tests")!);
        Assert.Equal(2, (int)document.Root.Attribute("errors")!);
        Assert.Equal("wsconf (incomplete run)", (string?)document.Root.Attribute("name"));
    }

    [Fact]
    public void Markdown_summary_says_incomplete_and_lists_the_not_run_cases()
    {
        var markdown = MarkdownSummaryWriter.Build(PartialReport());

        Assert.Contains("2 NOT RUN", markdown);
        Assert.Contains("**Incomplete run**: 2 selected case(s) never ran", markdown);
        Assert.Contains($"| 2.1 | {MarkdownText.Escape(Synthetic.Target.Agent)} | {MarkdownText.Escape(Reason)} |", markdown);
    }

    [Fact]
    public void Html_page_embeds_the_not_run_list()
    {
        using var stream = new MemoryStream();
        HtmlReportWriter.Write(stream, PartialReport());
        var html = System.Text.Encoding.UTF8.GetString(stream.ToArray());

        Assert.Contains("\"notRun\":[{\"id\":\"1.1.2\"", html);
        Assert.Contains("function notRun()", html);
    }

    private static ReportDocument PartialReport()
    {
        var run = Synthetic.Run([Synthetic.Result(Ran, Verdict.Ok)]) with { Selected = [Ran, Missing, AlsoMissing], NotRunReason = Reason };
        return ReportBuilder.Build(run, "1.2.3");
    }
}
