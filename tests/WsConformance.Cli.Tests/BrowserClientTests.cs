using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using WsConformance.Cases;
using WsConformance.Cases.Model;

namespace WsConformance.Cli.Tests;

/// <summary>
/// <c>wsconf serve --browser</c> with the real headless browsers CI installs (apt chromium, firefox-esr): the browser
/// runs the client page over HTTP/1.1 on loopback, wsconf stops it and exits with the run's exit code.
/// </summary>
public sealed class BrowserClientTests : IDisposable
{
    /// <summary>A browser echoes section 9's 16 MiB messages and 12/13's 216 000 round trips slowly: bounded generously.</summary>
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(20);

    private readonly string _folder = Directory.CreateTempSubdirectory("wsconf-browser-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("chromium", "HeadlessChrome/")]
    [InlineData("firefox", "Firefox/")]
    public async Task A_headless_browser_runs_the_client_catalog_over_HTTP_1_1_and_wsconf_exits_with_the_runs_code(string browser, string userAgentMark)
    {
        using var serve = Wsconf.Start(RunLimit, "serve", "--browser", browser, "--port", "0", "--out", _folder, "--idle-timeout", "60");
        var outcome = await serve.WaitAsync();

        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_folder, "report.json")));
        var root = report.RootElement;
        Assert.True(root.GetProperty("complete").GetBoolean(), outcome.StandardError);
        var target = Assert.Single(root.GetProperty("targets").EnumerateArray().ToList());
        Assert.Contains(userAgentMark, target.GetProperty("agent").GetString(), StringComparison.Ordinal);
        Assert.Equal("HTTP/1.1", target.GetProperty("transport").GetString());
        var cases = root.GetProperty("cases").EnumerateArray().ToList();
        Assert.Equal(ClientCatalog.Select(c => c.Id), cases.Select(c => c.GetProperty("id").GetString()));
        var behaviors = cases.ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("behavior").GetString());
        Assert.DoesNotContain("ERROR", behaviors.Values);

        // What the API hides from the page never costs a browser its verdict.
        Assert.All(ClientCatalog.Where(c => c.BrowserLimit is not null),
            c => Assert.DoesNotContain(behaviors[c.Id], c.BrowserLimit!.Verdicts.Select(WsConformance.Engine.Judging.VerdictNames.Of)));
        Assert.Equal(behaviors.ContainsValue("FAILED") ? ExitCodes.Failed : ExitCodes.Success, outcome.ExitCode);
        await WaitUntilAsync(() => BrowserProcessesLeft(browser).Count == 0, "the browser's processes did not end");
    }

    [Fact]
    public async Task Ctrl_c_stops_the_browser_and_exits_130_with_the_cases_not_run()
    {
        using var serve = Wsconf.Start(RunLimit, "serve", "--browser", "chromium", "--port", "0", "--out", _folder, "--idle-timeout", "60", "--log-level", "Debug");
        await WaitUntilAsync(() => BrowserProcessesLeft("chromium").Count > 0, "the browser did not start");

        using (var interrupt = Process.Start("kill", ["-INT", serve.ProcessId.ToString(CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync();
        }

        var outcome = await serve.WaitAsync();

        Assert.True(outcome.ExitCode == ExitCodes.Interrupted, outcome.StandardError);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_folder, "report.json")));
        Assert.False(report.RootElement.GetProperty("complete").GetBoolean());
        Assert.NotEqual(0, report.RootElement.GetProperty("notRun").GetArrayLength());
        await WaitUntilAsync(() => BrowserProcessesLeft("chromium").Count == 0, "the browser's processes did not end");
    }

    private static IReadOnlyList<CaseDefinition> ClientCatalog =>
        [.. CatalogLoader.LoadDirectory(CatalogLoader.DefaultDirectory).Cases.Where(c => c.Testees.HasFlag(Testees.Clients))];

    /// <summary>Processes still running on a profile wsconf made for that browser (the profile folder names it).</summary>
    private static List<int> BrowserProcessesLeft(string browser) =>
        [.. Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(name => int.TryParse(name, out _))
            .Where(pid => CommandLine(pid!).Contains($"wsconf-{browser}-", StringComparison.Ordinal)).Select(pid => int.Parse(pid!, CultureInfo.InvariantCulture))];

    private static string CommandLine(string pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (IOException)
        {
            return ""; // exited meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>Processes start and end a moment after their parent says so: polled, within 30 s.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{failure} within 30 s");
            await Task.Delay(100);
        }
    }
}
