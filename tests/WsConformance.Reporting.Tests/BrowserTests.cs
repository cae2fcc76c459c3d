using System.Text.Json.Nodes;
using WsConformance.Reporting.Model;
using WsConformance.Reporting.Tests.Support;
using Xunit.Abstractions;

namespace WsConformance.Reporting.Tests;

/// <summary>
/// report.html in a real browser (headless Chromium through PuppeteerSharp): it renders without errors, shows
/// report.json's counts, filters, and stays inert against a server that tries to inject script.
/// Set WSCONF_SCREENSHOT_DIR to keep screenshots of the pages.
/// </summary>
public sealed class BrowserTests(EchoRun echo, HostileRun hostile, ITestOutputHelper output) : IClassFixture<EchoRun>, IClassFixture<HostileRun>
{
    private const string DisplayedCounts =
        "JSON.stringify(Object.fromEntries([...document.querySelectorAll('[data-count]')].map(e => [e.dataset.count, Number(e.textContent)])))";

    [Fact]
    public async Task Page_loads_without_errors_and_shows_the_counts_of_report_json()
    {
        using var directory = new TempDirectory();
        var report = Write(directory, ReportBuilder.Build(echo.Run, "1.2.3"));
        await using var browser = await Chromium.StartAsync();

        await browser.LoadAsync(directory.File(HtmlReportWriter.FileName));

        Assert.Equal("true", (string?)await browser.EvaluateAsync("document.documentElement.dataset.ready"));
        var shown = JsonNode.Parse((string)(await browser.EvaluateAsync(DisplayedCounts))!)!.AsObject();
        var target = report.Targets.Single();
        Assert.Equal(target.Summary.Cases, (int)shown["0:cases"]!);
        Assert.Equal(target.Summary.Slow, (int)shown["0:slow"]!);
        foreach (var (verdict, count) in target.Summary.Behavior)
        {
            Assert.Equal(count, (int)shown[$"0:{verdict}"]!);
        }

        Assert.Equal(report.Cases.Count, (int)(await browser.EvaluateAsync("document.querySelectorAll('tr.case-row').length"))!);
        Assert.Equal(report.Summary.Cases, (int)(await browser.EvaluateAsync("Number(document.getElementById('total-cases').textContent)"))!);
        await KeepScreenshotAsync(browser, "echo");
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task Filters_hide_rows_by_verdict_section_and_text()
    {
        using var directory = new TempDirectory();
        var report = Write(directory, ReportBuilder.Build(echo.Run, "1.2.3"));
        await using var browser = await Chromium.StartAsync();
        await browser.LoadAsync(directory.File(HtmlReportWriter.FileName));
        const string Visible = "document.querySelectorAll('tr.case-row:not(.hidden)').length";

        await browser.EvaluateAsync("document.querySelector('input[data-verdict=\"OK\"]').click()");
        var withoutOk = (int)(await browser.EvaluateAsync(Visible))!;
        await browser.EvaluateAsync("document.querySelector('input[data-verdict=\"OK\"]').click()");
        await browser.EvaluateAsync("const s = document.getElementById('section-filter'); s.value = '7'; s.dispatchEvent(new Event('change'))");
        var sectionSeven = (int)(await browser.EvaluateAsync(Visible))!;
        await browser.EvaluateAsync("const s2 = document.getElementById('section-filter'); s2.value = ''; s2.dispatchEvent(new Event('change'))");
        await browser.EvaluateAsync("const t = document.getElementById('text-filter'); t.value = '1.1.6'; t.dispatchEvent(new Event('input'))");
        var byText = (int)(await browser.EvaluateAsync(Visible))!;

        Assert.Equal(report.Cases.Count(c => c.Behavior != "OK"), withoutOk);
        Assert.Equal(report.Cases.Count(c => c.Section == "7"), sectionSeven);
        Assert.Equal(1, byText);
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task Report_of_a_hostile_server_runs_no_injected_script_and_keeps_its_layout()
    {
        using var directory = new TempDirectory();
        var report = Write(directory, ReportBuilder.Build(hostile.Run, "1.2.3"));
        Assert.Contains(report.Cases, c => c.Close?.RemoteCloseReason == HostileServer.CloseReason);
        Assert.Contains(report.Cases, c => c.Events.Any(e => e.Description.Contains("</script>", StringComparison.Ordinal)));
        Assert.Contains(report.Cases, c => c.Judgement?.Evidence?.Actual.Any(a => a.Contains("</script>", StringComparison.Ordinal)) == true);
        Assert.Equal(HostileServer.PrintableServerHeader, report.Targets[2].Server);
        Assert.All(report.Cases.Where(c => c.Agent == HostileRun.HeadersAgent), c => Assert.Contains("<script>window.__pwned=4", c.Reason));
        await using var browser = await Chromium.StartAsync();

        await browser.LoadAsync(directory.File(HtmlReportWriter.FileName));
        // Open every result of each hostile column with all its <details>, so every wire string is in the DOM.
        var text = "";
        foreach (var column in new[] { 1, 2 })
        {
            text += (string?)await browser.EvaluateAsync($$"""
                (() => {
                  document.querySelectorAll('tr.case-row').forEach(row => row.querySelectorAll('td[data-result]')[{{column}}].click());
                  document.querySelectorAll('details').forEach(d => d.open = true);
                  return document.body.innerText;
                })()
                """);
        }

        Assert.Null(await browser.EvaluateAsync("window.__pwned === undefined ? null : String(window.__pwned)"));
        Assert.Equal("wsconf report", (string?)await browser.EvaluateAsync("document.title"));
        Assert.Equal(0, (int)(await browser.EvaluateAsync("document.querySelectorAll('img, iframe, object, embed, link').length"))!);
        Assert.Equal(2, (int)(await browser.EvaluateAsync("document.scripts.length"))!);
        Assert.Contains("</script><script>window.__pwned=3</script>", text);
        Assert.Contains("Compared", text); // the judgement's actual outcome, beside the expected alternatives
        Assert.Contains(HostileServer.EchoText[..50], text); // wire previews show the first 64 bytes
        Assert.Contains(HostileRun.HostileAgent, text);
        Assert.Contains(HostileRun.HeadersAgent, text);
        Assert.Contains(HostileServer.PrintableServerHeader, text);
        Assert.Equal(HostileRun.Selection.Length, (int)(await browser.EvaluateAsync("document.querySelectorAll('tr.case-row').length"))!);
        Assert.Equal(HostileRun.Selection.Length, (int)(await browser.EvaluateAsync("document.querySelectorAll('tr.detail-row').length"))!);
        Assert.True((bool)(await browser.EvaluateAsync("document.documentElement.scrollWidth <= window.innerWidth"))!, "the page grew wider than the window");
        await KeepScreenshotAsync(browser, "hostile");
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task Incomplete_run_shows_a_banner()
    {
        using var directory = new TempDirectory();
        Write(directory, ReportBuilder.Build(echo.Run with { Complete = false, Results = echo.Run.Results.Take(2).ToList() }, "1.2.3"));
        await using var browser = await Chromium.StartAsync();

        await browser.LoadAsync(directory.File(HtmlReportWriter.FileName));

        Assert.Contains("Incomplete run", (string?)await browser.EvaluateAsync("document.getElementById('incomplete').textContent"));
        Assert.Equal(2, (int)(await browser.EvaluateAsync("document.querySelectorAll('tr.case-row').length"))!);
        Assert.Empty(browser.Errors);
    }

    /// <summary>Every "no errors" above is only worth something if the helper does see each kind of error.</summary>
    [Fact]
    public async Task Browser_helper_sees_console_errors_exceptions_and_csp_violations()
    {
        using var directory = new TempDirectory();
        var page = directory.File("broken.html");
        await File.WriteAllTextAsync(page, """
            <meta http-equiv="Content-Security-Policy" content="img-src 'none'">
            <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
            <script>console.error("said so"); throw new Error("thrown");</script>
            """);
        await using var browser = await Chromium.StartAsync();

        await browser.LoadAsync(page);

        Assert.Contains(browser.Errors, e => e.StartsWith("console: ", StringComparison.Ordinal) && e.Contains("said so"));
        Assert.Contains(browser.Errors, e => e.StartsWith("exception: ", StringComparison.Ordinal) && e.Contains("thrown"));
        Assert.Contains(browser.Errors, e => e.Contains("Content Security Policy"));
    }

    private static ReportDocument Write(TempDirectory directory, ReportDocument report)
    {
        HtmlReportWriter.Write(directory.File(HtmlReportWriter.FileName), report);
        return report;
    }

    private async Task KeepScreenshotAsync(Chromium browser, string name)
    {
        if (Environment.GetEnvironmentVariable("WSCONF_SCREENSHOT_DIR") is { Length: > 0 } folder)
        {
            var path = Path.Combine(folder, $"report-{name}.png");
            await browser.ScreenshotAsync(path);
            output.WriteLine($"screenshot: {path}");
        }
    }
}
