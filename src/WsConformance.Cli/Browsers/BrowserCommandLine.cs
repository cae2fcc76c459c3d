using System.Diagnostics;

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
            // Chromium reads trusted CAs from the user's NSS store, not from a profile; the page's own test certificate
            // (serve's generated CA) is accepted this way. Only for https pages, so a plain run changes nothing.
            .. page.Scheme == Uri.UriSchemeHttps ? ["--ignore-certificate-errors"] : Array.Empty<string>(),
            page.ToString(),
        ],
        _ => ["--headless", "--no-remote", "--profile", profile, page.ToString()],
    };

    /// <summary>The NSS tool Firefox's certificate store is written with (Debian libnss3-tools).</summary>
    public const string CertutilExecutable = "certutil";

    /// <summary>
    /// Prepares the fresh profile folder: Firefox reads its preferences from <c>user.js</c> there and, with
    /// <paramref name="trustedCaPem"/>, its trusted CAs from the profile's NSS store, into which the CA is imported as a
    /// website issuer (<c>certutil -A -t "C,,"</c>). Chromium needs neither (see <see cref="Arguments"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">certutil is missing or refused the certificate.</exception>
    public static void PrepareProfile(BrowserKind kind, string profile, string? trustedCaPem = null)
    {
        if (kind != BrowserKind.Firefox)
        {
            return;
        }

        File.WriteAllLines(Path.Combine(profile, "user.js"), FirefoxPreferences);
        if (trustedCaPem is not null)
        {
            RunCertutil("-N", "--empty-password", "-d", $"sql:{profile}");
            RunCertutil("-A", "-d", $"sql:{profile}", "-n", "wsconf serve test CA", "-t", "C,,", "-a", "-i", trustedCaPem);
        }
    }

    private static void RunCertutil(params string[] arguments)
    {
        var start = new ProcessStartInfo(CertutilExecutable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = StartCertutil(start);
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"certutil {string.Join(' ', arguments)} failed (exit {process.ExitCode}): {errors.Result.Trim()}");
        }
    }

    private static Process StartCertutil(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Firefox trusts the test CA through certutil, which did not start ({e.Message}): apt-get install libnss3-tools.", e);
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
