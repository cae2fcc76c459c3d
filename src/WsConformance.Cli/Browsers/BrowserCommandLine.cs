namespace WsConformance.Cli.Browsers;

/// <summary>How each browser is started headless on a URL, with a profile of its own that nothing else uses.</summary>
internal static class BrowserCommandLine
{
    /// <summary>Executables tried in order on PATH; the first is also Debian's package name.</summary>
    public static IReadOnlyList<string> Executables(BrowserKind kind) => kind switch
    {
        BrowserKind.Chromium => ["chromium", "chromium-browser", "google-chrome"],
        _ => ["firefox-esr", "firefox"],
    };

    public static IReadOnlyList<string> Arguments(BrowserKind kind, string profile, Uri page) => kind switch
    {
        BrowserKind.Chromium =>
        [
            "--headless",
            // Chromium refuses to run as root with its sandbox on; CI containers run as root.
            .. Environment.IsPrivilegedProcess ? ["--no-sandbox"] : Array.Empty<string>(),
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            $"--user-data-dir={profile}",
            page.ToString(),
        ],
        _ => ["--headless", "--no-remote", "--profile", profile, page.ToString()],
    };

    /// <summary>Prepares the fresh profile folder: Firefox reads its preferences from <c>user.js</c> there.</summary>
    public static void PrepareProfile(BrowserKind kind, string profile)
    {
        if (kind == BrowserKind.Firefox)
        {
            File.WriteAllLines(Path.Combine(profile, "user.js"), FirefoxPreferences);
        }
    }

    /// <summary>
    /// Firefox delays a WebSocket to a host whose last connection failed, up to a minute (RFC 6455 §7.2.3's back-off);
    /// the cases fail connections on purpose hundreds of times, so the run would take hours. The rest keeps a headless
    /// run from phoning home or opening pages of its own.
    /// </summary>
    private static readonly string[] FirefoxPreferences =
    [
        "user_pref(\"network.websocket.delay-failed-reconnects\", false);",
        "user_pref(\"browser.shell.checkDefaultBrowser\", false);",
        "user_pref(\"browser.startup.homepage_override.mstone\", \"ignore\");",
        "user_pref(\"datareporting.policy.dataSubmissionEnabled\", false);",
        "user_pref(\"toolkit.telemetry.reportingpolicy.firstRun\", false);",
        "user_pref(\"app.update.disabledForTesting\", true);",
        "user_pref(\"browser.aboutwelcome.enabled\", false);",
    ];
}
