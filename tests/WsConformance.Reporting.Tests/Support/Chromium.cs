using System.Text.Json;
using System.Text.Json.Nodes;
using PuppeteerSharp;

namespace WsConformance.Reporting.Tests.Support;

/// <summary>
/// Headless Chromium (Debian's package, installed by .ci/run; PuppeteerSharp never downloads a browser here) with
/// one page: load a file, evaluate JavaScript, and collect every console error, uncaught exception and browser
/// log error (Puppeteer reports CSP violations as console errors). Closed, with its process, on dispose.
/// </summary>
internal sealed class Chromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private readonly IBrowser _browser;
    private readonly IPage _page;

    private Chromium(IBrowser browser, IPage page)
    {
        _browser = browser;
        _page = page;
        _page.Console += (_, e) =>
        {
            if (e.Message.Type is ConsoleType.Error or ConsoleType.Assert)
            {
                Record("console: " + e.Message.Text);
            }
        };
        _page.PageError += (_, e) => Record("exception: " + e.Message);
    }

    /// <summary>Console errors, exceptions and error log entries seen so far.</summary>
    public List<string> Errors { get; } = [];

    public static async Task<Chromium> StartAsync()
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: the browser tests need Debian's chromium package (apt-get install -y chromium; .ci/run installs it).");
        var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            // --no-sandbox: CI and these machines run as root, where Chromium's sandbox refuses to start.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            DefaultViewport = new ViewPortOptions { Width = 1400, Height = 2000 },
        });
        return new Chromium(browser, await browser.NewPageAsync());
    }

    /// <summary>Opens <paramref name="file"/> and waits until the page's load event (its script has run or failed).</summary>
    public Task LoadAsync(string file) => _page.GoToAsync(new Uri(Path.GetFullPath(file)).AbsoluteUri);

    /// <summary>Evaluates an expression in the page and returns its value (JSON-serialisable results only).</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression) =>
        await _page.EvaluateExpressionAsync<JsonElement?>(expression) is { } value ? JsonNode.Parse(value.GetRawText()) : null;

    /// <summary>Writes a PNG of the current page.</summary>
    public Task ScreenshotAsync(string path) => _page.ScreenshotAsync(path);

    public ValueTask DisposeAsync() => _browser.DisposeAsync();

    // Puppeteer raises its events on its own threads.
    private void Record(string error)
    {
        lock (Errors)
        {
            Errors.Add(error);
        }
    }
}
