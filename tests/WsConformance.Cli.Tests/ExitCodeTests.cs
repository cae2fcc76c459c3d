using System.Text.Json;
using WsConformance.TestServers;

namespace WsConformance.Cli.Tests;

/// <summary>Each documented exit code of <c>wsconf</c>, from the real executable.</summary>
public sealed class ExitCodeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wsconf-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_run_without_failures_exits_0_and_writes_both_reports()
    {
        var result = await Wsconf.RunAsync("run", "--cases", "1.1.1", "--cases", "2.2", "--out", _folder);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal("", result.StandardOutput);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_folder, "report.json")));
        Assert.Equal(2, report.RootElement.GetProperty("cases").GetArrayLength());
        using var index = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_folder, "autobahn", "index.json")));
        var agent = index.RootElement.EnumerateObject().Single();
        Assert.Equal("OK", agent.Value.GetProperty("1.1.1").GetProperty("behavior").GetString());
    }

    [Fact]
    public async Task A_failed_case_exits_1()
    {
        await using var server = CodecEchoServer.Start(BrokenServers.IgnoresReservedBits);

        var result = await Wsconf.RunAsync("run", "--target", server.Uri.ToString(), "--cases", "3.1", "--out", _folder);

        Assert.True(result.ExitCode == 1, result.StandardError);
        Assert.Contains("3.1", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run", "--target", "http://example.com/")]
    [InlineData("run", "--concurrency", "0")]
    [InlineData("run", "--no-such-option")]
    [InlineData("frobnicate")]
    public async Task Usage_errors_exit_2(params string[] arguments)
    {
        var result = await Wsconf.RunAsync(arguments);

        Assert.True(result.ExitCode == 2, result.StandardError);
    }

    [Fact]
    public async Task Invalid_case_files_exit_3_naming_file_line_and_column()
    {
        var file = Path.Combine(_folder, "01-bad.yaml");
        await File.WriteAllTextAsync(file, "section: \"1\"\ntitle: Bad\ncases:\n  - id: \"1\"\n    titel: typo\n");

        var run = await Wsconf.RunAsync("run", "--cases", _folder, "--out", _folder);
        var validate = await Wsconf.RunAsync("validate", _folder);

        Assert.Equal(3, run.ExitCode);
        Assert.Equal(3, validate.ExitCode);
        Assert.Contains("01-bad.yaml:5:5:", validate.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_target_exits_4()
    {
        await using var server = CodecEchoServer.Start(EchoBehaviour.Correct);
        var closedPort = new Uri($"ws://127.0.0.1:{server.Port}/");
        await server.DisposeAsync();

        var result = await Wsconf.RunAsync("run", "--target", closedPort.ToString(), "--cases", "1.1.1", "--out", _folder);

        Assert.True(result.ExitCode == 4, result.StandardError);
        Assert.Contains("unreachable", result.StandardError, StringComparison.Ordinal);
        // CI uploads reports whatever the exit code: they exist and say why they hold no case.
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_folder, "report.json")));
        Assert.Contains("unreachable", report.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(report.RootElement.GetProperty("complete").GetBoolean());
        var junit = await File.ReadAllTextAsync(Path.Combine(_folder, "report.junit.xml"));
        Assert.Contains("<error message=\"Target ws://127.0.0.1:", junit, StringComparison.Ordinal);
        Assert.Contains("unreachable", await File.ReadAllTextAsync(Path.Combine(_folder, "summary.md")), StringComparison.Ordinal);
    }

    /// <summary>RFC 6455 §4.1: a client fails a connection whose 101 carries a wrong accept. The server answered: it is broken, not unreachable.</summary>
    [Fact]
    public async Task A_server_that_answers_the_handshake_wrongly_is_judged_failed_not_unreachable()
    {
        await using var server = CodecEchoServer.Start(BrokenServers.WrongAccept);

        var result = await Wsconf.RunAsync("run", "--target", server.Uri.ToString(), "--cases", "1.1.1", "--cases", "2.1", "--out", _folder);

        Assert.True(result.ExitCode == 1, result.StandardError);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_folder, "report.json")));
        var cases = report.RootElement.GetProperty("cases").EnumerateArray().ToList();
        Assert.Equal(2, cases.Count);
        Assert.All(cases, c => Assert.Equal("FAILED", c.GetProperty("behavior").GetString()));
        Assert.All(cases, c => Assert.Contains("Sec-WebSocket-Accept", c.GetProperty("reason").GetString(), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task No_selected_case_exits_5()
    {
        var result = await Wsconf.RunAsync("run", "--cases", "no.such.case", "--out", _folder);

        Assert.Equal(5, result.ExitCode);
    }

    [Fact]
    public async Task List_prints_cases_on_stdout()
    {
        var result = await Wsconf.RunAsync("list", "--cases", "7.9.*");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(9, result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task List_by_rfc_groups_what_an_rfc_pattern_selects_under_its_sections()
    {
        var result = await Wsconf.RunAsync("list", "--cases", "rfc:5.5", "--by", "rfc");

        Assert.Equal(0, result.ExitCode);
        var lines = result.StandardOutput.ReplaceLineEndings("\n").TrimEnd().Split('\n');
        var headings = lines.Where(l => !l.StartsWith("  ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["RFC 6455 §5.5", "RFC 6455 §5.5.1", "RFC 6455 §5.5.2", "RFC 6455 §5.5.3"], headings.Select(h => h[..h.IndexOf(" (", StringComparison.Ordinal)]));
        Assert.Equal(["RFC 6455 §5.5 (2)", "  2.5\t2.5\tMUST\tSend ping with binary payload of 126 octets."], lines[..2]);
    }
}
