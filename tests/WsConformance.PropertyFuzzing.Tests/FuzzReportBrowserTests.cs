using System.Text.Json.Nodes;
using WsConformance.PropertyFuzzing.Reporting;
using WsConformance.PropertyFuzzing.Tests.Support;
using WsConformance.Reporting.Tests.Support;
using Xunit.Abstractions;

namespace WsConformance.PropertyFuzzing.Tests;

/// <summary>
/// fuzz-report.html in a real browser (headless Chromium through PuppeteerSharp, the run report's helper): findings against
/// a server whose every answer is an injection attempt render without running any of it, and the counts the page
/// shows are those of fuzz-report.json. Set WSCONF_SCREENSHOT_DIR to keep a screenshot.
/// </summary>
public sealed class FuzzReportBrowserTests(HostileFuzzRun hostile, ITestOutputHelper output) : IClassFixture<HostileFuzzRun>
{
    private const string DisplayedCounts =
        "JSON.stringify(Object.fromEntries([...document.querySelectorAll('[data-count]')].map(e => [e.dataset.count, Number(e.textContent)])))";

    [Fact]
    public async Task Hostile_findings_run_no_script_and_the_page_shows_the_counts_of_fuzz_report_json()
    {
        using var directory = new TempDirectory();
        var json = directory.File(FuzzReportWriter.FileName);
        await using (var stream = File.Create(json))
        {
            FuzzReportWriter.Write(stream, hostile.Result, hostile.Target, hostile.Options);
        }

        FuzzHtmlReportWriter.Write(directory.File(FuzzHtmlReportWriter.FileName), hostile.Result, hostile.Target, hostile.Options);
        var report = JsonNode.Parse(await File.ReadAllTextAsync(json))!;
        await using var browser = await Chromium.StartAsync();

        await browser.LoadAsync(directory.File(FuzzHtmlReportWriter.FileName));
        var text = (string?)await browser.EvaluateAsync("(() => { document.querySelectorAll('details').forEach(d => d.open = true); return document.body.innerText; })()");

        Assert.Equal("true", (string?)await browser.EvaluateAsync("document.documentElement.dataset.ready"));
        Assert.Null(await browser.EvaluateAsync("window.__pwned === undefined ? null : String(window.__pwned)"));
        Assert.Equal("wsconf fuzz report", (string?)await browser.EvaluateAsync("document.title"));
        Assert.Equal(0, (int)(await browser.EvaluateAsync("document.querySelectorAll('img, iframe, object, embed, link').length"))!);
        Assert.Equal(3, (int)(await browser.EvaluateAsync("document.scripts.length"))!);

        var shown = JsonNode.Parse((string)(await browser.EvaluateAsync(DisplayedCounts))!)!.AsObject();
        foreach (var figure in new[] { "seed", "runs", "flaky", "skipped" })
        {
            Assert.Equal((int)report[figure]!, (int)shown[figure]!);
        }

        Assert.Equal((double)report["conversationsPerSecond"]!, (double)shown["rate"]!);
        Assert.Equal(report["findings"]!.AsArray().Count, (int)shown["findings"]!);
        Assert.Equal(report["verdicts"]!.AsObject().Select(v => ($"verdict:{v.Key}", (int)v.Value!)).Order(),
            shown.Where(s => s.Key.StartsWith("verdict:", StringComparison.Ordinal)).Select(s => (s.Key, (int)s.Value!)).Order());

        var findings = report["findings"]!.AsArray();
        Assert.NotEmpty(findings);
        Assert.Equal(findings.Count, (int)(await browser.EvaluateAsync("document.querySelectorAll('section.finding').length"))!);
        Assert.Equal(findings.Select(f => (string)f!["caseFile"]!),
            ((JsonArray)(await browser.EvaluateAsync("[...document.querySelectorAll('.case-file')].map(e => e.textContent)"))!).Select(e => (string)e!));
        Assert.Equal(findings.Sum(f => f!["frames"]!.AsArray().Count), (int)(await browser.EvaluateAsync("document.querySelectorAll('tr.frame').length"))!);

        // Distinct bugs first: one row each, what the server does wrong and the runs it explains, above the details.
        Assert.Equal(findings.Select(f => (string)f!["deviation"]!),
            ((JsonArray)(await browser.EvaluateAsync("[...document.querySelectorAll('tr.bug .deviation')].map(e => e.textContent)"))!).Select(e => (string)e!));
        Assert.Equal(findings.Select(f => $"{(int)f!["occurrences"]!} run"),
            ((JsonArray)(await browser.EvaluateAsync("[...document.querySelectorAll('tr.bug .explains')].map(e => e.textContent.split(/s?:/)[0])"))!).Select(e => (string)e!));
        Assert.True((bool)(await browser.EvaluateAsync(
            "!!(document.querySelector('table.bugs').compareDocumentPosition(document.querySelector('section.finding')) & Node.DOCUMENT_POSITION_FOLLOWING)"))!,
            "the table of distinct bugs is not above the findings' details");

        // The hostile strings are on the page as text, control characters made visible.
        Assert.Contains("</script><script>window.__pwned=3</script>\"'\\u0001\\u001b", text); // the close reason
        Assert.Contains("</script><script>window.__pwned=1", text);                           // echoes and payloads
        Assert.Contains(HostileFuzzRun.Agent, text);
        Assert.True((bool)(await browser.EvaluateAsync("document.documentElement.scrollWidth <= window.innerWidth"))!, "the page grew wider than the window");
        await KeepScreenshotAsync(browser);
        Assert.Empty(browser.Errors);
    }

    private async Task KeepScreenshotAsync(Chromium browser)
    {
        if (Environment.GetEnvironmentVariable("WSCONF_SCREENSHOT_DIR") is { Length: > 0 } folder)
        {
            var path = Path.Combine(folder, "fuzz-report-hostile.png");
            await browser.ScreenshotAsync(path);
            output.WriteLine($"screenshot: {path}");
        }
    }
}
