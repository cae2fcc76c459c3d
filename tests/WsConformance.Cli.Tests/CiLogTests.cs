using WsConformance.TestServers;

namespace WsConformance.Cli.Tests;

/// <summary>What a run prints into a CI log (stderr not a terminal): honest per-case marks and a grouped ending.</summary>
public sealed class CiLogTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wsconf-log-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Only_OK_gets_a_tick_and_the_run_ends_with_the_non_OK_cases_grouped_and_the_report_path()
    {
        await using var server = CodecEchoServer.Start(BrokenServers.IgnoresReservedBits);

        var result = await Wsconf.RunAsync("run", "--target", server.Uri.ToString(), "--cases", "2.2", "--cases", "3.1", "--cases", "3.5",
            "--cases", "7.13.1", "--out", _folder, "--log-level", "Warning");

        Assert.Equal(1, result.ExitCode);
        var lines = result.StandardError.ReplaceLineEndings("\n").TrimEnd().Split('\n');
        Assert.Contains(lines, l => l.StartsWith("✔ 2.2 OK ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("× 3.1 FAILED / close FAILED ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("i 7.13.1 INFORMATIONAL / close INFORMATIONAL ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith('✔') && !l.Contains(" OK ", StringComparison.Ordinal));
        var ending = lines.SkipWhile(l => l != "× FAILED (2)").ToList();
        Assert.Equal("  3.1", ending[1]);
        AssertExpectedActualBlock(ending.Skip(2).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal)).ToList());
        Assert.Contains("  3.5", ending);
        Assert.Equal("i INFORMATIONAL (1)", ending.Single(l => l.StartsWith("i INFO", StringComparison.Ordinal)));
        Assert.StartsWith("4 cases in ", ending[^2], StringComparison.Ordinal);
        Assert.EndsWith(": 1 OK, 1 INFORMATIONAL, 2 FAILED", ending[^2], StringComparison.Ordinal);
        Assert.Equal($"Report: {Path.Combine(_folder, "report.html")}", ending[^1]);
    }

    /// <summary>h2spec's failure block under the reason: the requirement, then Expected and Actual aligned on their colons.</summary>
    private static void AssertExpectedActualBlock(IReadOnlyList<string> block)
    {
        Assert.Equal("    Actual events differ from any expected.", block[0]);
        Assert.StartsWith("      -> RFC 6455 §5.2, MUST: RSV1, RSV2, RSV3", block[1], StringComparison.Ordinal);
        Assert.Equal("        Expected: OK: (no events)", block[2]);
        Assert.StartsWith("          Actual: ", block[3], StringComparison.Ordinal);
    }
}
