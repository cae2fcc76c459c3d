using System.Security.Cryptography.X509Certificates;
using WsConformance.Targets;
using WsConformance.TestServers;

namespace WsConformance.Cli.Tests;

/// <summary>
/// Every bad input a new user met (issue 15): one line saying what is wrong, the documented exit code, never a
/// stack trace, and never a run whose results are lost at the end.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wsconf-bad-input-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("--concurrency takes a whole number from 1 to 4096, got \"abc\".", "run", "-j", "abc")]
    [InlineData("--concurrency takes a whole number from 1 to 4096, got \"0\".", "run", "--concurrency", "0")]
    [InlineData("--timeout-scale takes a number above 0 up to 1000, got \"abc\".", "run", "--timeout-scale", "abc")]
    [InlineData("--timeout-scale takes a number above 0 up to 1000, got \"NaN\".", "run", "--timeout-scale", "NaN")]
    [InlineData("--port takes a whole number from 0 to 65535, got \"70000\".", "serve", "--port", "70000")]
    [InlineData("--idle-timeout takes a number from 0 to 604800, got \"-1\".", "serve", "--idle-timeout", "-1")]
    [InlineData("--runs takes a whole number from 1, got \"x\".", "bench", "--runs", "x")]
    [InlineData("--runs takes a whole number from 1, got \"0\".", "fuzz", "property", "--runs", "0")]
    [InlineData("--max-len takes a whole number from 1, got \"0\".", "fuzz", "run", "decoder", "--max-len", "0")]
    public async Task A_bad_option_value_is_one_line_and_exit_2(string message, params string[] arguments)
    {
        var command = arguments[0] == "fuzz" ? $"fuzz {arguments[1]}" : arguments[0];

        var result = await Wsconf.RunAsync(arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"wsconf: {message} (see 'wsconf {command} --help')", result.StandardError.TrimEnd());
    }

    [Fact]
    public async Task Out_naming_a_file_is_refused_before_any_case_runs()
    {
        var file = Path.Combine(_folder, "taken");
        await File.WriteAllTextAsync(file, "keep me");

        var result = await Wsconf.RunAsync("run", "--cases", "1.1.1", "--out", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"wsconf: --out \"{file}\" is a file; it must name a folder (created when missing).", result.StandardError.TrimEnd());
        Assert.Equal("keep me", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task Out_that_cannot_be_created_is_refused_before_any_case_runs()
    {
        // Below a file no folder can be made, even for root (whom permissions do not stop).
        var file = Path.Combine(_folder, "taken");
        await File.WriteAllTextAsync(file, "");
        var below = Path.Combine(file, "reports");

        var result = await Wsconf.RunAsync("run", "--cases", "1.1.1", "--out", below);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"wsconf: --out \"{below}\" is not a writable folder: ", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Running", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_baseline_naming_a_folder_is_refused_up_front()
    {
        var result = await Wsconf.RunAsync("run", "--cases", "1.1.1", "--out", _folder, "--write-baseline", _folder);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"wsconf: --write-baseline \"{_folder}\" is a folder; it must name a file.", result.StandardError.TrimEnd());
    }

    [Fact]
    public async Task More_agents_than_targets_is_refused_up_front()
    {
        var result = await Wsconf.RunAsync("run", "--target", "ws://127.0.0.1:1/", "--agent", "a", "--agent", "b", "--out", _folder);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("wsconf: --agent was given 2 times for 1 target(s); give one --agent per --target, in order.", result.StandardError.TrimEnd());
    }

    [Fact]
    public async Task An_autobahn_spec_given_to_cases_points_to_spec()
    {
        var spec = Path.Combine(_folder, "fuzzingclient.json");
        await File.WriteAllTextAsync(spec, "{\"servers\": [{\"url\": \"ws://127.0.0.1:9001\"}]}");

        var result = await Wsconf.RunAsync("run", "--cases", spec, "--out", _folder);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"use --spec \"{spec}\"", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run", "--out")]
    [InlineData("list", "--exclude")]
    public async Task Cases_naming_a_missing_file_says_so_instead_of_matching_nothing(string command, string folderOption)
    {
        var missing = Path.Combine(_folder, "mine.yaml");

        var result = await Wsconf.RunAsync(command, "--cases", missing, folderOption, _folder);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"wsconf: --cases \"{missing}\": no such folder or .yaml case file", result.StandardError.TrimEnd());
    }

    [Fact]
    public async Task Fuzz_property_out_naming_a_file_is_refused_before_fuzzing()
    {
        var file = Path.Combine(_folder, "taken");
        await File.WriteAllTextAsync(file, "");

        var result = await Wsconf.RunAsync("fuzz", "property", "--runs", "1", "--out", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"wsconf: --out \"{file}\" is a file; it must name a folder (created when missing).", result.StandardError.TrimEnd());
    }

    [Fact]
    public async Task Validate_takes_a_case_file()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "cases", "02-pings.yaml");

        var result = await Wsconf.RunAsync("validate", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"11 cases (11 for servers, 11 for clients) in {file}: all valid.", result.StandardError.TrimEnd());
    }

    [Fact]
    public async Task Validate_of_a_missing_path_is_a_usage_error()
    {
        var missing = Path.Combine(_folder, "nope.yaml");

        var result = await Wsconf.RunAsync("validate", missing);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"wsconf: no such file or folder: \"{missing}\"", result.StandardError.TrimEnd());
    }

    [Theory]
    [InlineData("ping: 5", 15, "expected a payload, got a number 5; quote it (\"5\") if that text is meant")]
    [InlineData("ping: true", 15, "expected a payload, got a boolean true; quote it (\"true\") if that text is meant")]
    [InlineData("pong:", 14, "expected a payload, got nothing (null); write \"\" for empty text")]
    public async Task A_scalar_of_the_wrong_type_is_an_error_at_its_line_and_column(string step, int column, string message)
    {
        var file = Path.Combine(_folder, "01-typed.yaml");
        await File.WriteAllTextAsync(file, $"""
            section: "90"
            title: Typed
            cases:
              - id: "90.1"
                title: A ping
                rfc: {"{"} section: "5.5.2", level: MUST, text: "An endpoint MUST send a Pong frame in response." {"}"}
                steps:
                  - {step}
                expect:
                  OK: []
                close: {"{"} by: harness, codes: [1000], clean: required {"}"}
            """);

        var result = await Wsconf.RunAsync("validate", file);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal($"{file}:8:{column}: {message}", result.StandardError.TrimEnd());
    }

    [Fact]
    public async Task A_self_signed_server_says_what_to_do_and_ca_cert_trusts_it_with_verification_on()
    {
        using var certificate = TestCertificates.CreateSelfSigned();
        var pem = Path.Combine(_folder, "ca.pem");
        await File.WriteAllTextAsync(pem, certificate.ExportCertificatePem());
        await using var server = await EchoServer.StartAsync(certificate: certificate);

        var untrusted = await Wsconf.RunAsync("run", "--target", server.Uri.ToString(), "--cases", "1.1.1", "--out", _folder);
        var trusted = await Wsconf.RunAsync("run", "--target", server.Uri.ToString(), "--cases", "1.1.1", "--out", _folder, "--ca-cert", pem);

        Assert.Equal(4, untrusted.ExitCode);
        Assert.Contains("UntrustedRoot", untrusted.StandardError, StringComparison.Ordinal);
        Assert.Contains(". The server's certificate is self-signed or from a CA this machine does not trust: pass --ca-cert FILE",
            untrusted.StandardError, StringComparison.Ordinal);
        Assert.True(trusted.ExitCode == 0, trusted.StandardError);
    }

    [Fact]
    public async Task Ca_cert_that_is_no_certificate_is_a_usage_error()
    {
        var notACertificate = Path.Combine(_folder, "ca.pem");
        await File.WriteAllTextAsync(notACertificate, "hello");

        var result = await Wsconf.RunAsync("run", "--ca-cert", notACertificate, "--out", _folder);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"wsconf: --ca-cert \"{notACertificate}\": not a readable certificate file (", result.StandardError, StringComparison.Ordinal);
    }
}
