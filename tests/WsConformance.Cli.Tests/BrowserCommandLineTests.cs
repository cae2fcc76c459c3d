using System.Diagnostics;
using WsConformance.Cli.Browsers;
using WsConformance.TestServers;

namespace WsConformance.Cli.Tests;

/// <summary>
/// How a headless browser is made to accept the test certificate of an https client page: Chromium by ignoring certificate
/// errors (only for https pages), Firefox through the CA imported into its fresh profile's NSS store.
/// </summary>
public sealed class BrowserCommandLineTests : IDisposable
{
    private readonly string _profile = Directory.CreateTempSubdirectory("wsconf-profile-test-").FullName;

    public void Dispose() => Directory.Delete(_profile, recursive: true);

    [Fact]
    public void Chromium_ignores_certificate_errors_only_for_an_https_page()
    {
        var https = BrowserCommandLine.Arguments(BrowserKind.Chromium, _profile, new Uri("https://127.0.0.1:9001/client"));
        var http = BrowserCommandLine.Arguments(BrowserKind.Chromium, _profile, new Uri("http://127.0.0.1:9001/client"));

        Assert.Contains("--ignore-certificate-errors", https);
        Assert.DoesNotContain("--ignore-certificate-errors", http);
        Assert.Equal("https://127.0.0.1:9001/client", https[^1]);
    }

    [Fact]
    public void Firefox_profile_trusts_the_given_ca_for_websites()
    {
        using var certificate = TestCertificates.CreateSelfSigned();
        var pem = Path.Combine(_profile, "..", $"{Path.GetFileName(_profile)}-ca.pem");
        File.WriteAllText(pem, certificate.ExportCertificatePem());
        try
        {
            BrowserCommandLine.PrepareProfile(BrowserKind.Firefox, _profile, pem);

            var listing = Certutil("-L", "-d", $"sql:{_profile}");
            Assert.Matches(@"wsconf serve test CA\s+C,,", listing);
            Assert.True(File.Exists(Path.Combine(_profile, "user.js")));
        }
        finally
        {
            File.Delete(pem);
        }
    }

    [Fact]
    public void Firefox_profile_with_a_file_that_is_no_certificate_says_what_certutil_said()
    {
        var notACertificate = Path.Combine(_profile, "..", $"{Path.GetFileName(_profile)}-not.pem");
        File.WriteAllText(notACertificate, "hello");
        try
        {
            var failure = Assert.Throws<InvalidOperationException>(() => BrowserCommandLine.PrepareProfile(BrowserKind.Firefox, _profile, notACertificate));

            Assert.Contains("certutil -A", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(notACertificate);
        }
    }

    [Fact]
    public void Without_a_ca_the_firefox_profile_has_no_certificate_store()
    {
        BrowserCommandLine.PrepareProfile(BrowserKind.Firefox, _profile);

        Assert.True(File.Exists(Path.Combine(_profile, "user.js")));
        Assert.False(File.Exists(Path.Combine(_profile, "cert9.db")));
    }

    private static string Certutil(params string[] arguments)
    {
        var start = new ProcessStartInfo(BrowserCommandLine.CertutilExecutable) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
