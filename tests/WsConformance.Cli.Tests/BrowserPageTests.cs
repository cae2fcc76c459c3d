using System.Globalization;
using System.Text.Json;
using PuppeteerSharp;

namespace WsConformance.Cli.Tests;

/// <summary>
/// The client page in a real headless Chromium, driven through PuppeteerSharp (the DevTools protocol) because these
/// tests must read the page after the run and photograph it, which Chromium's command line cannot do for a page that
/// keeps working after its load event.
/// </summary>
public sealed class BrowserPageTests : IDisposable
{
    private const string Marker = "document.body.dataset.pwned=1";
    private const string HostileAgent = $"<img src=x onerror={Marker}><script>{Marker}</script>";
    private const string HostileId = $"<img src=x onerror={Marker}>";

    /// <summary>A case whose id, title, RFC text and payload are markup, and which fails, so its reason (quoting the payload) is shown.</summary>
    private const string HostileCaseFile = $$"""
        section: hostile
        title: "Hostile <b>strings</b>"
        tests: clients
        cases:
          - id: "{{HostileId}}"
            title: "<script>{{Marker}}</script>"
            rfc: { section: "5.6", level: MUST, text: "<svg onload={{Marker}}>" }
            steps:
              - send_message: { type: text, payload: "<img src=x onerror={{Marker}}>" }
              - close_after: 1s
            expect: { OK: [ { message: { text: "<script>{{Marker}}</script>" } } ] }
            close: { by: harness, codes: [1000] }
        """;

    private static readonly TimeSpan PageLimit = TimeSpan.FromSeconds(90);

    private readonly string _folder = Directory.CreateTempSubdirectory("wsconf-page-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Markup_in_the_agent_name_case_files_and_reasons_stays_text_on_the_page()
    {
        var cases = Directory.CreateDirectory(Path.Combine(_folder, "cases")).FullName;
        await File.WriteAllTextAsync(Path.Combine(cases, "01-hostile.yaml"), HostileCaseFile);
        var (serve, port) = await StartServeAsync("--cases", cases);
        using (serve)
        {
            await using var browser = await LaunchChromiumAsync();
            await using var page = await RunPageAsync(browser, port, HostileAgent);

            Assert.Null(await page.EvaluateExpressionAsync<string?>("document.body.dataset.pwned ?? null"));
            Assert.Equal(0, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('img, svg, b, script:not([src])').length"));
            Assert.Equal(HostileAgent, await page.EvaluateExpressionAsync<string>("document.getElementById('agent').textContent"));
            Assert.Equal(HostileId, await page.EvaluateExpressionAsync<string>("document.querySelector('#cases tbody tr').cells[1].textContent"));
            Assert.Contains($"<img src=x onerror={Marker}>", await page.EvaluateExpressionAsync<string>("document.querySelector('#cases td.reason').textContent"), StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Failed, (await serve.WaitAsync()).ExitCode);
        }
    }

    [Fact]
    public async Task The_page_shows_progress_and_ends_with_the_counts_of_the_report()
    {
        var (serve, port) = await StartServeAsync("--cases", "2.*", "--cases", "5.*", "--cases", "7.9.*", "--cases", "handshake-response.*", "--cases", "server-masking.*");
        using (serve)
        {
            await using var browser = await LaunchChromiumAsync();
            await using var page = await RunPageAsync(browser, port, agent: null);
            await page.ScreenshotAsync(Path.Combine(ScreenshotFolder(), "browser-client-page.png"), new ScreenshotOptions { FullPage = true });
            var outcome = await serve.WaitAsync();

            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_folder, "report.json")));
            var reported = report.RootElement.GetProperty("targets")[0].GetProperty("summary").GetProperty("behavior").EnumerateObject()
                .Where(v => v.Value.GetInt32() > 0).ToDictionary(v => v.Name, v => v.Value.GetInt32());
            var shown = JsonSerializer.Deserialize<Dictionary<string, int>>(await page.EvaluateExpressionAsync<string>(
                "JSON.stringify(Object.fromEntries([...document.querySelectorAll('#counts tbody tr')].map(r => [r.cells[0].textContent, Number(r.cells[1].textContent)])))"))!;
            Assert.Equal(reported.OrderBy(v => v.Key), shown.OrderBy(v => v.Key));
            var total = report.RootElement.GetProperty("cases").GetArrayLength();
            Assert.Equal(total, await page.EvaluateExpressionAsync<int>("document.getElementById('progress').value"));
            Assert.Equal("HTTP/1.1", await page.EvaluateExpressionAsync<string>("document.getElementById('transport').textContent"));
            Assert.True(outcome.ExitCode is ExitCodes.Success or ExitCodes.Failed, outcome.StandardError);
        }
    }

    /// <summary>Where the screenshot goes: <c>WSCONF_SCREENSHOT_DIR</c> (docs/ when refreshing it), else the test's own folder.</summary>
    private string ScreenshotFolder() => Environment.GetEnvironmentVariable("WSCONF_SCREENSHOT_DIR") is { Length: > 0 } folder ? folder : _folder;

    private async Task<(Wsconf.Running Serve, int Port)> StartServeAsync(params string[] cases)
    {
        var port = ServeCommandTests.FreePort();
        var serve = Wsconf.Start(["serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--out", _folder, "--idle-timeout", "30", .. cases]);
        await ServeCommandTests.WaitForServerAsync(port);
        return (serve, port);
    }

    /// <summary>Debian's Chromium, as CI installs it; PuppeteerSharp downloads nothing.</summary>
    private static Task<IBrowser> LaunchChromiumAsync() => Puppeteer.LaunchAsync(new LaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = Environment.IsPrivilegedProcess ? ["--no-sandbox"] : [],
        DefaultViewport = new ViewPortOptions { Width = 1100, Height = 900 },
    });

    /// <summary>Opens the client page (shutting the server down at the end) and waits until it says it is done.</summary>
    private static async Task<IPage> RunPageAsync(IBrowser browser, int port, string? agent)
    {
        var page = await browser.NewPageAsync();
        var query = "shutdownOnComplete=true" + (agent is null ? "" : "&agent=" + Uri.EscapeDataString(agent));
        await page.GoToAsync($"http://127.0.0.1:{port}/client?{query}");
        await page.WaitForSelectorAsync("body[data-state=done]", new WaitForSelectorOptions { Timeout = (int)PageLimit.TotalMilliseconds });
        return page;
    }
}
