using System.Text;
using WsConformance.Cases.Model;
using WsConformance.Reporting.Tests.Support;

namespace WsConformance.Reporting.Tests;

public sealed class MarkdownTests
{
    [Theory]
    [InlineData("a|b", "a\\|b")]
    [InlineData("`code`", "\\`code\\`")]
    [InlineData("<script>alert(1)</script>", "&lt;script&gt;alert\\(1\\)&lt;/script&gt;")]
    [InlineData("line\nbreak", "line break")]
    [InlineData("[link](http://x)", "\\[link\\]\\(http://x\\)")]
    [InlineData("\u0001", "\\u0001")]
    public void Wire_text_is_inert_in_a_table_cell(string input, string expected) => Assert.Equal(expected, MarkdownText.Escape(input));

    [Fact]
    public void Summary_lists_totals_first_then_failures_with_their_reasons_in_a_fence()
    {
        var report = ReportBuilder.Build(Synthetic.Run(
            [
                Synthetic.Result(Synthetic.Case("1.1.1", "1", "1.1.1"), Verdict.Ok),
                Synthetic.Result(Synthetic.Case("1.1.2", "1", "1.1.2"), Verdict.Failed, "got | `x` <img src=x onerror=alert(1)>"),
            ], complete: false), "1.2.3");

        var markdown = MarkdownSummaryWriter.Build(report);

        Assert.True(markdown.IndexOf("| synthetic", StringComparison.Ordinal) < markdown.IndexOf("### FAILED", StringComparison.Ordinal));
        Assert.Contains("**1.1.2** against synthetic\\-server/1.0: FAILED, close OK\n\n```text\ngot | `x` <img src=x onerror=alert(1)>\n```\n", markdown);
        Assert.Contains("Incomplete run", markdown);
    }

    [Fact]
    public void Step_summary_stays_under_one_MiB_and_says_it_was_cut()
    {
        using var directory = new TempDirectory();
        var path = directory.File("step_summary.md");
        File.WriteAllText(path, "earlier step\n");
        var huge = string.Concat(Enumerable.Repeat("| 1.1.1 | agent | FAILED | OK | κόσμε reason |\n", 40_000));

        MarkdownSummaryWriter.AppendToStepSummary(path, huge);

        var written = File.ReadAllBytes(path);
        Assert.True(written.Length <= MarkdownSummaryWriter.GitHubStepSummaryLimit, $"{written.Length} bytes");
        var text = Encoding.UTF8.GetString(written);
        Assert.StartsWith("earlier step\n| 1.1.1", text);
        Assert.Contains("cut to fit GitHub's 1 MiB", text);
    }

    [Fact]
    public void Small_summary_is_appended_whole()
    {
        using var directory = new TempDirectory();
        var path = directory.File("step_summary.md");

        MarkdownSummaryWriter.AppendToStepSummary(path, "## ok\n");
        MarkdownSummaryWriter.AppendToStepSummary(path, "## again\n");

        Assert.Equal("## ok\n\n## again\n\n", File.ReadAllText(path));
    }
}
