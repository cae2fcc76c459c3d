using System.Text.Json;
using WsConformance.Targets;
using WsConformance.TestServers;

namespace WsConformance.Cli.Tests;

/// <summary>
/// <c>wsconf run --http2</c> and <c>wsconf fuzz property --http2</c>: the transport in the reports, the skipped HTTP/1.1-only
/// cases, and the servers they cannot test.
/// </summary>
public sealed class Http2RunTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wsconf-http2-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_embedded_server_over_h2c_reports_the_transport_and_skips_http11_only_cases()
    {
        var result = await Wsconf.RunAsync("run", "--http2", "--cases", "1.1.1", "--cases", "handshake.1", "--cases", "handshake.2", "--out", _folder);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains("handshake.2", result.StandardError, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_folder, "report.json")));
        var root = report.RootElement;
        Assert.Equal("HTTP/2 (h2c)", root.GetProperty("targets")[0].GetProperty("transport").GetString());
        Assert.Equal(["1.1.1", "handshake.1"], root.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("id").GetString()).Order());
        Assert.Equal(["handshake.2"], root.GetProperty("excluded").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Wss_over_http2_negotiates_h2_by_alpn_with_the_ca_trusted_and_reports_tls()
    {
        using var certificate = TestCertificates.CreateSelfSigned();
        var pem = Path.Combine(_folder, "ca.pem");
        await File.WriteAllTextAsync(pem, certificate.ExportCertificatePem());
        await using var server = await EchoServer.StartAsync(certificate: certificate, http2: true);

        var result = await Wsconf.RunAsync("run", "--http2", "--target", server.Uri.ToString(), "--ca-cert", pem, "--cases", "1.1.1", "--cases", "7.1.1", "--out", _folder);

        Assert.True(result.ExitCode == 0, result.StandardError);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_folder, "report.json")));
        Assert.Equal("HTTP/2 (TLS, ALPN h2)", report.RootElement.GetProperty("targets")[0].GetProperty("transport").GetString());
        Assert.Equal(2, report.RootElement.GetProperty("cases").GetArrayLength());
    }

    [Fact]
    public async Task The_h2_section_runs_over_h2c_and_is_skipped_and_listed_over_http11()
    {
        var overHttp2 = await Wsconf.RunAsync("run", "--http2", "--cases", "h2", "--out", _folder);

        Assert.True(overHttp2.ExitCode == 0, overHttp2.StandardError);
        using (var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_folder, "report.json"))))
        {
            Assert.Equal(13, report.RootElement.GetProperty("cases").GetArrayLength());
        }

        var overHttp11 = await Wsconf.RunAsync("run", "--cases", "h2", "--cases", "1.1.1", "--out", _folder);

        Assert.True(overHttp11.ExitCode == 0, overHttp11.StandardError);
        Assert.Contains("skipped without --http2: h2.1, h2.2", overHttp11.StandardError, StringComparison.Ordinal);
        using var http11Report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_folder, "report.json")));
        Assert.Equal(["1.1.1"], http11Report.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal(13, http11Report.RootElement.GetProperty("excluded").GetArrayLength());
    }

    [Fact]
    public async Task A_server_without_http2_is_one_clear_line_and_exit_4_not_unreachable()
    {
        await using var server = await EchoServer.StartAsync();

        var result = await Wsconf.RunAsync("run", "--http2", "--target", server.Uri.ToString(), "--cases", "1.1.1", "--out", _folder);

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("cannot be tested over HTTP/2", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("unreachable", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fuzz_property_over_h2c_against_the_embedded_server_reports_the_transport()
    {
        var result = await Wsconf.RunAsync("fuzz", "property", "--http2", "--runs", "40", "--out", _folder);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains("over HTTP/2 (h2c)", result.StandardError, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_folder, "fuzz-report.json")));
        var root = report.RootElement;
        Assert.Equal("HTTP/2 (h2c)", root.GetProperty("target").GetProperty("transport").GetString());
        Assert.Equal(40, root.GetProperty("runs").GetInt32());
        Assert.False(root.GetProperty("verdicts").TryGetProperty("UNIMPLEMENTED", out _), "every conversation should have had its HTTP/2 stream");
    }

    [Fact]
    public async Task Fuzz_property_over_http2_against_a_server_without_it_is_exit_4_not_unreachable()
    {
        await using var server = await EchoServer.StartAsync();

        var result = await Wsconf.RunAsync("fuzz", "property", "--http2", "--target", server.Uri.ToString(), "--runs", "5", "--out", _folder);

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("cannot be tested over HTTP/2", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "fuzz-report.json")), "no run, no report");
    }

    [Fact]
    public async Task Http2_with_an_autobahn_spec_is_a_usage_error()
    {
        var spec = Path.Combine(_folder, "fuzzingclient.json");
        await File.WriteAllTextAsync(spec, """{ "servers": [{ "url": "ws://127.0.0.1:9001" }], "cases": ["1.1.1"] }""");

        var result = await Wsconf.RunAsync("run", "--http2", "--spec", spec);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--http2 does not apply to --spec", result.StandardError, StringComparison.Ordinal);
    }
}
